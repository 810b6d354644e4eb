"""Process-wide settings of an interactive session: how often the garbage collector runs."""

from __future__ import annotations

import gc

# Allocations between young-generation collections (CPython's default is 700). Drawing a
# frame allocates thousands of short-lived strips and segments; at the default, the
# collector runs several times per frame and its older-generation passes walk everything
# the screens hold (10,000 Gantt rows, 5,000 cards), making a frame cost grow with the
# data rather than with what is visible. The cycles it exists for are rare here.
YOUNG_THRESHOLD = 20_000
OLDER_THRESHOLDS = (20, 20)


def tune_collector() -> None:
    """Collect less often: the interactive app's setting, shared with the benchmarks."""
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
