"""Entry point for `python -m itpm_tui`."""

from itpm_tui.launcher import main

raise SystemExit(main())
