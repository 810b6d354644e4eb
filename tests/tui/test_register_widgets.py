"""The RACI matrix and heat map widgets on plain data: cells, flags, cursor, messages."""

from __future__ import annotations

from textual.app import App, ComposeResult

from itpm_tui.glyphs import ASCII
from itpm_tui.widgets.heatmap import HeatMap, cell_level
from itpm_tui.widgets.raci import MatrixRow, RaciTable

from .helpers import widget_text


class MapApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield HeatMap()

    def on_heat_map_cell_chosen(self, event: HeatMap.CellChosen) -> None:
        self.chosen.append((event.probability, event.impact))


def test_cell_levels_follow_the_score_bands() -> None:
    assert [cell_level(1, 4), cell_level(1, 5), cell_level(2, 5), cell_level(3, 5)] == [
        "L",
        "M",
        "H",
        "C",
    ]


async def test_heat_map_counts_cursor_and_choice() -> None:
    app = MapApp()
    async with app.run_test(size=(60, 12)) as pilot:
        heat = app.query_one(HeatMap)
        counts = [[0] * 5 for _ in range(5)]
        counts[3][3] = 2  # P4 x I4
        heat.show(counts)
        heat.focus()
        await pilot.press("down", "left", "down", "enter")
        assert app.chosen == [(3, 4)]
        lines = widget_text(heat).splitlines()
        assert lines[0].split() == ["P\\I", "1", "2", "3", "4", "5"]
        assert lines[2].split()[0] == "4" and "C 2" in lines[2]
        assert "[H 1]" not in lines[3] and "[H .]" in lines[3]  # the cursor on P3 x I4
        assert all(ord(c) < 128 for c in widget_text(heat))
        await pilot.press("up", "up", "up", "right", "right")  # stops at the edges
        assert (heat.probability, heat.impact) == (5, 5)


class MatrixApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield RaciTable()

    def on_raci_table_cycle_requested(self, event: RaciTable.CycleRequested) -> None:
        self.asked.append((event.row_key, event.person_index))


async def test_raci_matrix_draws_roles_flags_and_asks_to_cycle() -> None:
    app = MatrixApp()
    async with app.run_test(size=(80, 10)) as pilot:
        matrix = app.query_one(RaciTable)
        matrix.show(
            [("AL", False), ("BR", True)],
            [
                MatrixRow(7, "1", "Design", 0, ["AR", "C"], []),
                MatrixRow(8, "1.1", "A very long task title that is cut", 1, ["", "R"], ["no A"]),
            ],
            ASCII,
            title_width=16,
        )
        matrix.focus()
        await pilot.pause()
        assert matrix.ordered_columns[4].label.plain == "BR!"
        first = [str(c) for c in matrix.get_row_at(0)]
        second = [str(c) for c in matrix.get_row_at(1)]
        assert first == ["1", "Design", "x", "A/R", "C"]
        assert second == ["1.1", "  A very long t~", "no A", "", "R"]
        # The cursor starts on the first person; space asks; on the Task column it does not.
        await pilot.press("down", "right", "space", "left", "left", "space")
        assert app.asked == [(8, 1)]
        assert matrix.person_index() is None
