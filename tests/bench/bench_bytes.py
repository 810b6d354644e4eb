"""Bytes written to the terminal per keystroke: a cursor move on the Gantt and on the board.

itpm runs in a real 80x24 pseudo-terminal (TERM=xterm-256color); after a warm-up move,
each key (and its way back: down/up, right/left) is sent alone and everything drawn in
answer to it is counted. Slow ssh links pay for every byte. Unicode (LANG=C.UTF-8)
against ASCII (LANG=C), each with and without --no-mouse.
Run: python tests/bench/bench_bytes.py [--moves N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

if TYPE_CHECKING:  # the path above is for running; mypy names the module from the root
    from tests.ptyterm import PtyApp, clean_env
else:
    from ptyterm import PtyApp, clean_env

# (view, keys that open it from the portfolio, each with the text that shows it is done)
# ERP-S4, the fourth project by code, has the most cards and tasks of the demo.
TO_ERP = [("down", b""), ("down", b""), ("down", b"")]
VIEWS = [
    ("gantt", [*TO_ERP, ("enter", b"Initiation"), ("G", b"zoom")]),
    ("board", [*TO_ERP, ("enter", b"Initiation"), ("G", b"zoom"), ("3", b"cycle time")]),
]
BACK = {"down": "up", "right": "left"}
MODES = [
    ("unicode", "C.UTF-8", False),
    ("unicode", "C.UTF-8", True),
    ("ascii", "C", False),
    ("ascii", "C", True),
]


def measure(db: Path, lang: str, no_mouse: bool, opens: list[tuple[str, bytes]], moves: int):
    args = (["--no-mouse"] if no_mouse else []) + ["--db", str(db)]
    env = clean_env(LANG=lang, TERM="xterm-256color", ITPM_BACKUPS_KEEP="0")
    # Run from the database's folder: `python -m` puts the working folder first on the
    # path, and in the source root itpm_tui/ would hide the installed package's screens.
    app = PtyApp(args, env, cwd=str(db.parent))
    try:
        app.wait_for(b"Portfolio")
        for key, marker in opens:
            if marker:
                app.key(key)
                app.wait_for(marker)
            else:
                app.press(key)
        results: dict[str, list[int]] = {}
        for key in ("down", "right"):
            # Back and forth, so that every key is a real move whatever the data;
            # the first pair warms up (caches filled, first-move effects gone).
            app.press(key, quiet=0.3)
            app.press(BACK[key], quiet=0.3)
            sizes = []
            for _ in range(moves):
                sizes.append(len(app.press(key, quiet=0.3)))
                sizes.append(len(app.press(BACK[key], quiet=0.3)))
            results[key] = sizes
    finally:
        app.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moves", type=int, default=8)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        subprocess.run(
            [sys.executable, "-m", "itpm_tui", "demo", "--db", str(db)],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        rows = []
        for view, opens in VIEWS:
            for mode, lang, no_mouse in MODES:
                results = measure(db, lang, no_mouse, opens, options.moves)
                for key, sizes in results.items():
                    rows.append(
                        (
                            view,
                            key,
                            mode,
                            "no" if no_mouse else "yes",
                            statistics.median(sizes),
                            min(sizes),
                            max(sizes),
                        )
                    )
    header = ("view", "key", "charset", "mouse", "median/key", "min", "max")
    print(f"Bytes written to an 80x24 terminal per keystroke ({options.moves} moves each)")
    print("  ".join(f"{h:>11}" for h in header))
    for row in rows:
        print("  ".join(f"{v:>11}" if isinstance(v, str) else f"{v:>11.0f}" for v in row))
    by = {(r[0], r[1], r[2], r[3]): r[4] for r in rows}
    print("\nASCII / Unicode bytes per key (mouse on):")
    for view, _ in VIEWS:
        for key in ("down", "right"):
            ratio = by[(view, key, "ascii", "yes")] / max(by[(view, key, "unicode", "yes")], 1)
            print(f"  {view:6} {key:6} {ratio:.2f}")


if __name__ == "__main__":
    main()
