"""KanbanBoard render cost against the number of cards: 50 cards against 5,000, in one run.

In a headless 120x40 app, times (a) `set_board` and a render of every visible line (the
line cache starts empty), (b) the render alone, and (c) a focus move: the action the
`down` key runs, then a render of every visible line, where only the lines that changed
miss the cache. Best of 5 each. With the Line API only the visible lines are drawn, so
(b) and (c) should cost the same for 5,000 cards as for 50; (a) also holds set_board's
one pass over the cards. Run: python tests/bench/bench_kanban_widget.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from textual.app import App, ComposeResult  # noqa: E402

from itpm_tui.services.kanban.board_view import BoardColumn, BoardData, Card, Lane  # noqa: E402
from itpm_tui.widgets.kanban import KanbanBoard, card_text  # noqa: E402

SIZE = (120, 40)
TODAY = date(2026, 11, 18)
LANES = 4
COLUMNS = ("Backlog", "To do", "In progress", "Review", "Done")


def synthetic_board(count: int) -> BoardData:
    """`count` cards over five columns and four swimlanes, with every kind of marker."""
    per_lane = count // LANES
    lanes = []
    next_id = 1
    for lane in range(LANES):
        cards: list[list[Card]] = [[] for _ in COLUMNS]
        for i in range(per_lane):
            cards[i % len(COLUMNS)].append(
                Card(
                    id=next_id,
                    title=f"Synthetic task {next_id} with a longer title",
                    assignee=f"Person {lane}",
                    priority=("low", "medium", "high", "critical")[next_id % 4],
                    due=date(2026, 11, 1 + next_id % 28),
                    tags=("infra",) if next_id % 3 else (),
                    days_in_column=next_id % 9,
                    age_days=next_id % 40,
                    blocked=next_id % 7 == 0,
                    waiting=next_id % 5 == 0,
                    overdue=next_id % 28 < 17,
                )
            )
            next_id += 1
        lanes.append(Lane(f"p{lane}", f"Person {lane}", tuple(tuple(c) for c in cards)))
    counts = [sum(len(lane.cards[c]) for lane in lanes) for c in range(len(COLUMNS))]
    columns = tuple(
        BoardColumn(c + 1, name, wip_limit=4 if c == 2 else None, is_done=c == 4, count=n)
        for c, (name, n) in enumerate(zip(COLUMNS, counts, strict=True))
    )
    return BoardData(columns, tuple(lanes))


class BenchApp(App[None]):
    def __init__(self, data: BoardData) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        yield KanbanBoard(self.data, today=TODAY)


def best_of(runs: int, setup: Callable[[], None], body: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        setup()
        started = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - started)
    return best


async def measure(count: int, runs: int) -> tuple[float, float, float, int]:
    """Seconds for set_board + render, render alone, a focus move; lines the move drew."""
    data = synthetic_board(count)
    app = BenchApp(data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board = app.query_one(KanbanBoard)
        height = board.scrollable_content_region.height
        first_id = data.lanes[0].cards[0][0].id

        def render_all() -> None:
            for y in range(height):
                board.render_line(y)

        def load_and_render() -> None:
            board.set_board(data, keep_focus=False)
            render_all()

        def clear() -> None:
            # Both caches: the strips, and the card texts that outlive a set_board.
            board._line_cache.clear()
            card_text.cache_clear()

        def focus_first_and_warm() -> None:
            # From an empty cache, so that the move finds its new lines undrawn.
            clear()
            board.focus_card(first_id)
            board.scroll_to(y=0, animate=False)
            render_all()

        def move() -> None:
            board.action_next_card(1)  # what `down` runs
            render_all()

        loaded = best_of(runs, card_text.cache_clear, load_and_render)
        rendered = best_of(runs, clear, render_all)
        moved = best_of(runs, focus_first_and_warm, move)
        focus_first_and_warm()
        before = len(board._line_cache)
        move()
        redrawn = len(board._line_cache) - before
    return loaded, rendered, moved, redrawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [50, 5_000]
    results = {n: asyncio.run(measure(n, args.runs)) for n in sizes}
    small, large = results[sizes[0]], results[sizes[-1]]
    print(f"KanbanBoard, {SIZE[0]}x{SIZE[1]}, best of {args.runs} (ms)")
    print(
        f"{'cards':>8} {'set_board+render':>17} {'render only':>12} {'focus move':>11} {'lines':>6}"
    )
    for n in sizes:
        loaded, rendered, moved, redrawn = results[n]
        print(
            f"{n:>8} {loaded * 1e3:>17.2f} {rendered * 1e3:>12.2f} {moved * 1e3:>11.3f}"
            f" {redrawn:>6}"
        )
    print(
        f"{'ratio':>8} {large[0] / small[0]:>17.2f} {large[1] / small[1]:>12.2f}"
        f" {large[2] / small[2]:>11.2f}"
        f"   ({sizes[-1]:,} / {sizes[0]} cards)"
    )
    print("lines: strips drawn anew by the focus move (the rest come from the cache)")


if __name__ == "__main__":
    main()
