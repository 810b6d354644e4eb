"""`itpm --version` is quick: answered before the command line or the database layer loads."""

from __future__ import annotations


def test_the_version_is_answered_without_loading_the_command_line() -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from itpm_tui.launcher import main; main(['--version']); "
        "print(sorted(m for m in sys.modules if m.startswith(('itpm_tui.cli', 'sqlalchemy'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    version, loaded = out.stdout.splitlines()
    assert version.startswith("itpm ")
    assert loaded == "[]"
