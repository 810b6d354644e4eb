"""Errors the services raise; each carries a message meant for the user."""

from __future__ import annotations


class ItpmError(Exception):
    """Something the user can act on; str() is a complete sentence."""


class ValidationError(ItpmError):
    """Input that breaks a rule; `errors` maps a field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.errors.items()))


class NotFound(ItpmError):
    """The thing asked for does not exist (any more)."""


class StaleEdit(ItpmError):
    """The record changed since it was read: the edit would overwrite someone else's.

    `current` holds the record's columns as they are now, so a form can show what
    changed since it was opened.
    """

    def __init__(self, message: str, current: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.current = dict(current or {})
