"""Where data lives and how the terminal is to be drawn (charset, colour, mouse)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "itpm"
DB_ENV_VAR = "ITPM_DB"
CHARSET_ENV_VAR = "ITPM_CHARSET"
BACKUPS_KEEP_ENV_VAR = "ITPM_BACKUPS_KEEP"
BACKUPS_KEEP_DEFAULT = 10


def default_data_dir() -> Path:
    """The per-user data directory (platformdirs), e.g. ~/.local/share/itpm."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return default_data_dir() / "itpm.db"


def resolve_database(cli_value: str | None, environ: dict[str, str] | None = None) -> str:
    """Pick the database: --db first, then $ITPM_DB, then the user data directory.

    The result is a path or a SQLAlchemy URL, as the user wrote it.
    """
    env = os.environ if environ is None else environ
    if cli_value:
        return cli_value
    if env.get(DB_ENV_VAR):
        return env[DB_ENV_VAR]
    return str(default_database_path())


def backups_keep(environ: dict[str, str] | None = None) -> int:
    """How many automatic backups to keep: $ITPM_BACKUPS_KEEP (0 turns them off), else 10."""
    env = os.environ if environ is None else environ
    raw = env.get(BACKUPS_KEEP_ENV_VAR, "").strip()
    if not raw:
        return BACKUPS_KEEP_DEFAULT
    if not raw.isdigit():
        raise ValueError(
            f"{BACKUPS_KEEP_ENV_VAR} must be a whole number of backups to keep (0 for none), "
            f"not '{raw}'"
        )
    return int(raw)


def _locale_name(env: dict[str, str] | os._Environ[str]) -> str:
    """The locale that decides the character set, seen through Python's C-locale coercion.

    Under LANG=C, Python sets LC_CTYPE=C.UTF-8 in its own environment (PEP 538);
    the terminal outside has not changed, so that value is ignored.
    """
    if env.get("LC_ALL"):
        return env["LC_ALL"]
    lang = env.get("LANG", "")
    ctype = env.get("LC_CTYPE", "")
    coerced = ctype == "C.UTF-8" and lang in ("", "C", "POSIX")
    if ctype and not coerced:
        return ctype
    return lang


def locale_is_utf8(env: dict[str, str] | None = None) -> bool:
    name = _locale_name(os.environ if env is None else env).lower().replace("-", "")
    return "utf8" in name


@dataclass(frozen=True)
class Display:
    """How to draw: ASCII-only glyphs, colour, mouse."""

    ascii: bool = False
    color: bool = True
    mouse: bool = True

    @classmethod
    def detect(
        cls,
        force_ascii: bool = False,
        no_mouse: bool = False,
        env: dict[str, str] | None = None,
    ) -> Display:
        environ = os.environ if env is None else env
        wanted = environ.get(CHARSET_ENV_VAR, "").lower()
        if force_ascii or wanted == "ascii":
            ascii_mode = True
        elif wanted in ("unicode", "utf8", "utf-8"):
            ascii_mode = False
        else:
            ascii_mode = not locale_is_utf8(dict(environ))
        return cls(ascii=ascii_mode, color="NO_COLOR" not in environ, mouse=not no_mouse)
