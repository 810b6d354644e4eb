"""The change-request status flow on plain values."""

from __future__ import annotations

from itpm_tui.services.shared.errors import ItpmError

STATUSES = ("proposed", "assessed", "approved", "rejected", "implemented")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "proposed": ("assessed", "rejected"),
    "assessed": ("approved", "rejected"),
    "approved": ("implemented",),
    "rejected": (),
    "implemented": (),
}
# Moves that are decisions: who decided and when is recorded for them.
DECISIONS = frozenset({"approved", "rejected"})


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def check_transition(current: str, wanted: str) -> None:
    """Raise ItpmError, naming the allowed moves, when `wanted` cannot follow `current`."""
    allowed = allowed_next(current)
    if wanted not in allowed:
        options = " or ".join(allowed) if allowed else "nothing (it is final)"
        raise ItpmError(f"A {current} change can become {options}, not {wanted}.")
