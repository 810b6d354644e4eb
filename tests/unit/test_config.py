"""Where the database lives and how to draw: --db / $ITPM_DB / data folder, charset, colour."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from platformdirs import user_data_path

from itpm_tui.config import Display, default_database_path, locale_is_utf8, resolve_database

# --- the database --------------------------------------------------------------------------


def test_db_option_wins_over_everything() -> None:
    assert resolve_database("cli.db", {"ITPM_DB": "env.db"}) == "cli.db"


def test_environment_wins_over_the_default() -> None:
    assert resolve_database(None, {"ITPM_DB": "env.db"}) == "env.db"
    assert resolve_database("", {"ITPM_DB": "env.db"}) == "env.db"


def test_default_is_itpm_db_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    expected = str(tmp_path / "itpm" / "itpm.db")
    assert resolve_database(None, {}) == expected
    assert resolve_database(None, {"ITPM_DB": ""}) == expected  # empty means unset
    assert default_database_path() == user_data_path("itpm", appauthor=False) / "itpm.db"


def test_the_process_environment_is_read_when_none_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ITPM_DB", "sqlite:////srv/itpm.db")
    assert resolve_database(None) == "sqlite:////srv/itpm.db"


def test_paths_and_urls_are_returned_as_written() -> None:
    for value in ("~/x.db", "relative/x.db", "sqlite:///x.db", "postgresql://u@h/db"):
        assert resolve_database(value, {}) == value


# --- character set -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "ascii_mode"),
    [
        ({}, True),
        ({"LANG": "C"}, True),
        ({"LANG": "POSIX"}, True),
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, True),  # Python's own coercion (PEP 538)
        ({"LC_CTYPE": "C.UTF-8"}, True),
        ({"LANG": "en_US.ISO-8859-1"}, True),
        ({"LANG": "en_US.UTF-8"}, False),
        ({"LANG": "de_DE.utf8"}, False),
        ({"LANG": "C", "LC_CTYPE": "en_US.UTF-8"}, False),  # set by the user, not coerced
        ({"LANG": "en_US.UTF-8", "LC_CTYPE": "C"}, True),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "C"}, True),  # LC_ALL wins
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8", "LC_ALL": "en_GB.UTF-8"}, False),
    ],
)
def test_charset_follows_the_locale(env: dict[str, str], ascii_mode: bool) -> None:
    assert Display.detect(env=env).ascii is ascii_mode
    assert locale_is_utf8(env) is not ascii_mode


@pytest.mark.parametrize(
    ("env", "ascii_mode"),
    [
        ({"LANG": "en_US.UTF-8", "ITPM_CHARSET": "ascii"}, True),
        ({"LANG": "en_US.UTF-8", "ITPM_CHARSET": "ASCII"}, True),
        ({"LANG": "C", "ITPM_CHARSET": "unicode"}, False),
        ({"LANG": "C", "ITPM_CHARSET": "utf-8"}, False),
        ({"LANG": "C", "ITPM_CHARSET": "nonsense"}, True),  # unknown: the locale decides
    ],
)
def test_itpm_charset_overrides_the_locale(env: dict[str, str], ascii_mode: bool) -> None:
    assert Display.detect(env=env).ascii is ascii_mode


def test_ascii_flag_wins_over_everything() -> None:
    env = {"LANG": "en_US.UTF-8", "ITPM_CHARSET": "unicode"}
    assert Display.detect(force_ascii=True, env=env).ascii is True


def _detect_in_a_real_process(env: dict[str, str]) -> str:
    """Display.detect() in a fresh interpreter started with exactly this locale environment."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    keep.pop("ITPM_CHARSET", None)
    keep.pop("PYTHONCOERCECLOCALE", None)
    keep.pop("PYTHONUTF8", None)
    code = "from itpm_tui.config import Display; print(Display.detect().ascii)"
    result = subprocess.run(
        [sys.executable, "-c", code], env={**keep, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_lang_c_is_ascii_even_after_python_coerces_the_locale() -> None:
    assert _detect_in_a_real_process({"LANG": "C"}) == "True"


def test_lang_utf8_is_unicode_in_a_real_process() -> None:
    assert _detect_in_a_real_process({"LANG": "C.UTF-8"}) == "False"


# --- colour and mouse ----------------------------------------------------------------------


def test_no_color_turns_colour_off() -> None:
    assert Display.detect(env={"LANG": "C.UTF-8", "NO_COLOR": "1"}).color is False
    assert Display.detect(env={"LANG": "C.UTF-8"}).color is True


def test_no_mouse_flag() -> None:
    assert Display.detect(no_mouse=True, env={}).mouse is False
    assert Display.detect(env={}).mouse is True


def test_detect_reads_the_process_environment_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITPM_CHARSET", "ascii")
    monkeypatch.setenv("NO_COLOR", "1")
    display = Display.detect()
    assert (display.ascii, display.color) == (True, False)
