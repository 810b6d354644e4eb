"""The `itpm` command line: one module per command group, `main` runs one command."""

from itpm_tui.cli.entry import build_parser, main

__all__ = ["build_parser", "main"]
