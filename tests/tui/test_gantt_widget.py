"""GanttView driven by keys through Pilot: selection, messages, scrolling, zoom, snapshots."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message

from itpm_tui.services.planning.gantt_text import HEADER_HEIGHT, GanttRow, Zoom
from itpm_tui.widgets.gantt import GanttView, legend_text

TODAY = date(2025, 3, 12)  # a Wednesday
START = date(2025, 3, 3)


def plan_rows() -> list[GanttRow]:
    """A small project: a summary, phases, a critical chain, a slipped task and a milestone."""
    day = timedelta(days=1)
    return [
        GanttRow(1, "1", "Website relaunch", 0, 60, START, date(2025, 5, 30), 35, 0, True,
                 summary=True),
        GanttRow(2, "1.1", "[bold]Kickoff[/]", 1, 5, START, START + 4 * day, 100, 0,
                 True, baseline_start=START, baseline_finish=START + 4 * day),
        GanttRow(3, "1.2", "Design \x1b[2Jmock-ups", 1, 8, date(2025, 3, 10),
                 date(2025, 3, 19), 40, 0, True, baseline_start=date(2025, 3, 6),
                 baseline_finish=date(2025, 3, 17), predecessors=(2,)),
        GanttRow(4, "1.3", "Content migration", 1, 6, date(2025, 3, 12), date(2025, 3, 19),
                 10, 4, False, predecessors=(2,)),
        GanttRow(5, "1.4", "Build", 1, 30, date(2025, 3, 20), date(2025, 4, 30), 0, 0, True,
                 predecessors=(3,)),
        GanttRow(6, "1.5", "Testing 中文", 1, 19, date(2025, 5, 2), date(2025, 5, 28), 0, 0,
                 True, predecessors=(5,)),
        GanttRow(7, "1.6", "Go live", 1, 0, date(2025, 5, 30), date(2025, 5, 30), 0, 0, True,
                 milestone=True, predecessors=(6,)),
    ]  # fmt: skip


def many_rows(count: int) -> list[GanttRow]:
    """`count` tasks spread over about a year, every tenth a summary."""
    rows = []
    for i in range(count):
        start = START + timedelta(days=(i * 7) % 360)
        finish = start + timedelta(days=3 + i % 12)
        rows.append(
            GanttRow(
                id=i + 1,
                wbs=f"{i // 10 + 1}.{i % 10}",
                name=f"Task number {i + 1}",
                depth=0 if i % 10 == 0 else 1,
                duration=float(3 + i % 12),
                start=start,
                finish=finish,
                percent=(i * 17) % 101,
                total_float=i % 5,
                critical=i % 5 == 0,
                summary=i % 10 == 0,
                predecessors=(i,) if i % 3 else (),
            )
        )
    return rows


class GanttApp(App[None]):
    """A bare app hosting one GanttView; it keeps every message the view posts."""

    def __init__(
        self,
        rows: list[GanttRow],
        *,
        ascii: bool = False,
        show_baseline: bool = False,
        zoom: Zoom = Zoom.DAY,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.options: dict[str, Any] = {
            "ascii": ascii,
            "show_baseline": show_baseline,
            "zoom": zoom,
        }
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield GanttView(self.rows, today=TODAY, id="gantt", **self.options)

    def _keep(self, message: Message) -> None:
        self.messages.append(message)

    on_gantt_view_task_selected = _keep
    on_gantt_view_shift_requested = _keep
    on_gantt_view_resize_requested = _keep
    on_gantt_view_percent_requested = _keep
    on_gantt_view_indent_requested = _keep
    on_gantt_view_link_requested = _keep
    on_gantt_view_unlink_requested = _keep
    on_gantt_view_milestone_toggle_requested = _keep
    on_gantt_view_add_below_requested = _keep
    on_gantt_view_delete_requested = _keep
    on_gantt_view_legend_requested = _keep

    @property
    def gantt(self) -> GanttView:
        return self.query_one(GanttView)


def visible_text(view: GanttView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def timeline_text(view: GanttView, line: str) -> str:
    """The part of a rendered line right of the table."""
    return line[view._layout(view.scrollable_content_region.width).width :]


def selected_line_visible(view: GanttView) -> bool:
    top = view.cursor_row * (2 if view.show_baseline else 1)
    body = view.scrollable_content_region.height - HEADER_HEIGHT
    return view.scroll_offset.y <= top < view.scroll_offset.y + body


# --- selection and messages -----------------------------------------------------------


async def test_keys_move_the_selection_and_post_task_selected() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        assert view.has_focus
        assert view.selected_id == 1
        await pilot.press("down", "j", "j", "up", "k")
        await pilot.pause()
        assert view.selected_id == 2
        selected = [m.task_id for m in app.messages if isinstance(m, GanttView.TaskSelected)]
        assert selected == [2, 3, 4, 3, 2]
        await pilot.press("G")
        assert view.selected_id == 7
        await pilot.press("g")
        assert view.selected_id == 1
        await pilot.press("end")
        assert view.selected_id == 7
        await pilot.press("home")
        assert view.selected_id == 1
        await pilot.press("up")  # already first: nothing moves, nothing is posted
        await pilot.pause()
        assert view.selected_id == 1
        assert len([m for m in app.messages if isinstance(m, GanttView.TaskSelected)]) == 9


async def test_selected_row_is_reversed() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("j")
        view = app.gantt
        selected = view.render_line(HEADER_HEIGHT + 1)
        other = view.render_line(HEADER_HEIGHT + 2)
        assert all(seg.style is not None and seg.style.reverse for seg in selected)
        assert not any(seg.style is not None and seg.style.reverse for seg in other)


@pytest.mark.parametrize(
    ("keys", "kind", "fields"),
    [
        (["<"], GanttView.ShiftRequested, {"days": -1}),
        ([">"], GanttView.ShiftRequested, {"days": 1}),
        (["["], GanttView.ResizeRequested, {"days": -1}),
        (["]"], GanttView.ResizeRequested, {"days": 1}),
        (["%"], GanttView.PercentRequested, {}),
        (["I"], GanttView.IndentRequested, {"outdent": False}),
        (["ctrl+right"], GanttView.IndentRequested, {"outdent": False}),
        (["O"], GanttView.IndentRequested, {"outdent": True}),
        (["ctrl+left"], GanttView.IndentRequested, {"outdent": True}),
        (["L"], GanttView.LinkRequested, {}),
        (["U"], GanttView.UnlinkRequested, {}),
        (["m"], GanttView.MilestoneToggleRequested, {}),
        (["n"], GanttView.AddBelowRequested, {}),
        (["o"], GanttView.AddBelowRequested, {}),
        (["d"], GanttView.DeleteRequested, {}),
        (["delete"], GanttView.DeleteRequested, {}),
    ],
)
async def test_edit_keys_post_intents_for_the_selected_task(
    keys: list[str], kind: type[GanttView._TaskMessage], fields: dict[str, object]
) -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("j", "j")  # task 3
        await pilot.pause()
        app.messages.clear()
        await pilot.press(*keys)
        await pilot.pause()
        assert len(app.messages) == 1
        message = app.messages[0]
        assert type(message) is kind
        assert message.task_id == 3
        assert message.control is app.gantt
        for name, value in fields.items():
            assert getattr(message, name) == value


async def test_legend_key_and_legend_text() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert [type(m) for m in app.messages] == [GanttView.LegendRequested]
    assert "◆ milestone" in legend_text(False)
    assert "* milestone" in legend_text(True)
    assert all(line.isascii() for line in legend_text(True))


async def test_empty_chart_adds_with_no_task_and_ignores_task_keys() -> None:
    app = GanttApp([])
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.gantt
        assert view.selected_id is None
        assert "No tasks" in view.render_line(HEADER_HEIGHT).text
        await pilot.press("d", "m", "<", "f", "j", "n")
        await pilot.pause()
        assert len(app.messages) == 1
        assert isinstance(app.messages[0], GanttView.AddBelowRequested)
        assert app.messages[0].task_id is None


def test_every_binding_has_a_description_and_a_gantt_id() -> None:
    ids = set()
    for binding in GanttView.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.description
        assert binding.id is not None and binding.id.startswith("gantt.")
        ids.add(binding.id)
    assert len(ids) == len(GanttView.BINDINGS)


# --- rendering and scrolling ----------------------------------------------------------


async def test_header_stays_on_top_when_scrolled() -> None:
    app = GanttApp(many_rows(200))
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        before = visible_text(view)[:HEADER_HEIGHT]
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert view.scroll_offset.y > 0
        lines = visible_text(view)
        # The timeline may have followed the selection; the table's header has not moved.
        assert [line[:40] for line in lines[:HEADER_HEIGHT]] == [b[:40] for b in before]
        assert lines[:HEADER_HEIGHT] == view.header_text()
        assert lines[HEADER_HEIGHT - 1].startswith("WBS")
        assert not lines[HEADER_HEIGHT].startswith("1.0 ")  # the first task scrolled away
        assert selected_line_visible(view)
        await pilot.press("end")
        await pilot.pause()
        lines = visible_text(view)
        assert lines[HEADER_HEIGHT - 1].startswith("WBS")
        assert lines[-1].startswith("20.9 ")  # the last of 200 tasks


async def test_selection_stays_visible_while_moving() -> None:
    app = GanttApp(many_rows(100), show_baseline=True)
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        for _ in range(30):
            await pilot.press("j")
            assert selected_line_visible(view)
        await pilot.press("pageup")
        assert selected_line_visible(view)
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert selected_line_visible(view)


async def test_timeline_scrolls_alone_and_the_table_stays() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        line = HEADER_HEIGHT + 2
        table_width = view._layout(view.scrollable_content_region.width).width
        await pilot.press(*"lllll")  # away from the chart's left end
        before = view.render_line(line).text
        offset = view.timeline_offset
        await pilot.press("l")
        assert view.timeline_offset == offset + 1
        after = view.render_line(line).text
        assert after[:table_width] == before[:table_width]
        assert timeline_text(view, after)[:-1] == timeline_text(view, before)[1:]
        await pilot.press("h", "h")
        assert view.timeline_offset == offset - 1
        await pilot.press("right", "left")
        assert view.timeline_offset == offset - 1
        page = view.timeline_width - 1  # one column of the last page stays in view
        low, high = view._offset_bounds()
        start = view.timeline_offset
        await pilot.press("shift+left")
        assert view.timeline_offset == max(start - page, low)
        await pilot.press("shift+right")
        assert view.timeline_offset == min(max(start - page, low) + page, high)


async def test_timeline_offset_is_bounded_by_the_chart() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        for _ in range(10):
            await pilot.press("shift+left")
        low = view.timeline_offset
        assert view.timeline.first_day(low) <= START
        for _ in range(20):
            await pilot.press("shift+right")
        first, last = view.visible_dates()
        assert first <= date(2025, 5, 30) <= last
        assert view.timeline_offset > low


async def test_today_key_brings_today_into_view() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        first, last = view.visible_dates()
        assert first <= TODAY <= last  # the chart opens on today
        for _ in range(6):
            await pilot.press("shift+right")
        first, last = view.visible_dates()
        assert not first <= TODAY <= last
        await pilot.press("t")
        first, last = view.visible_dates()
        assert first <= TODAY <= last
        column = view.timeline.column_of(TODAY) - view.timeline_offset
        go_live = timeline_text(view, view.render_line(HEADER_HEIGHT + 6).text)
        assert go_live[column] == "│"


async def test_jump_to_task_scrolls_to_its_bar() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        await pilot.press("G")  # Go live, 2025-05-30
        first, last = view.visible_dates()
        assert first <= date(2025, 5, 30) <= last  # the timeline followed the selection
        for _ in range(4):
            await pilot.press("shift+left")
        first, last = view.visible_dates()
        assert last < date(2025, 5, 30)
        await pilot.press("f")
        first, last = view.visible_dates()
        assert first <= date(2025, 5, 30) <= last
        column = view.timeline.column_of(date(2025, 5, 30)) - view.timeline_offset
        assert timeline_text(view, view.render_line(HEADER_HEIGHT + 6).text)[column] == "◆"


async def test_zoom_cycles_and_keeps_the_selected_task_in_view() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        await pilot.press("j", "j", "j", "j")  # Build, 2025-03-20 .. 2025-04-30
        seen = []
        for _ in range(4):
            await pilot.press("z")
            seen.append(view.zoom)
            first, last = view.visible_dates()
            assert first <= date(2025, 3, 20) <= last, view.zoom
        assert seen == [Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER, Zoom.DAY]
        await pilot.press("minus")
        assert view.zoom is Zoom.WEEK
        assert view.header_text()[0].startswith("week zoom")
        await pilot.press("plus", "plus")
        assert view.zoom is Zoom.DAY
        await pilot.press("Z")
        assert view.zoom is Zoom.QUARTER
        await pilot.press("equals_sign")
        assert view.zoom is Zoom.MONTH


async def test_baseline_toggle_adds_a_line_per_row() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        assert view.virtual_size.height == HEADER_HEIGHT + 7
        await pilot.press("b")
        assert view.show_baseline
        assert view.virtual_size.height == HEADER_HEIGHT + 14
        slipped = timeline_text(view, view.render_line(HEADER_HEIGHT + 5).text)
        assert "─" in slipped and "░" not in slipped and "▓" not in slipped


async def test_user_text_is_plain_and_aligned() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        view = app.gantt
        lines = visible_text(view)
        joined = "\n".join(lines)
        assert "[bold]Kickoff[/]" in joined
        assert "\x1b" not in joined and "[2Jmock" in joined
        # The separator sits on one column in every line, wide characters or not.
        width = view._layout(view.scrollable_content_region.width).width
        for y in range(HEADER_HEIGHT + 7):
            strip = view.render_line(y)
            assert strip.cell_length == view.scrollable_content_region.width
            assert cell_len(strip.text[: width - 1]) == width - 1 or "中" in strip.text
            assert strip.crop(width - 1, width).text == "│"


async def test_ascii_mode_draws_printable_ascii() -> None:
    rows = plan_rows()
    app = GanttApp(rows, ascii=True, show_baseline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for line in visible_text(app.gantt):
            assert all(0x20 <= ord(c) <= 0x7E for c in line), line


async def test_set_rows_keeps_the_selection_and_offset() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.gantt
        await pilot.press("j", "j", "l")
        offset = view.timeline_offset
        rows = plan_rows()
        view.set_rows([rows[0], rows[2], rows[1], *rows[3:]])
        assert view.selected_id == 3
        assert view.cursor_row == 1
        assert view.timeline_offset == offset
        view.set_rows(rows, keep_selection=False)
        assert view.selected_id == 1


async def test_click_selects_a_row() -> None:
    app = GanttApp(plan_rows())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.click(GanttView, offset=(5, HEADER_HEIGHT + 3))
        assert app.gantt.selected_id == 4


async def test_ten_thousand_rows_render_and_scroll() -> None:
    app = GanttApp(many_rows(10_000))
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.gantt
        for _ in range(5):
            await pilot.press("pagedown")
        await pilot.pause()
        page = view.scrollable_content_region.height - HEADER_HEIGHT
        assert view.cursor_row == 5 * page
        assert selected_line_visible(view)
        assert len(visible_text(view)) == 40
        await pilot.press("end")
        await pilot.pause()
        assert view.selected_id == 10_000
        assert visible_text(view)[-1].startswith("1000.9 ")
        await pilot.press("z", "t", "home")
        await pilot.pause()
        assert view.selected_id == 1


# --- snapshots ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "ascii"),
    [((80, 24), False), ((80, 24), True), ((120, 40), False), ((120, 40), True)],
    ids=["80x24-unicode", "80x24-ascii", "120x40-unicode", "120x40-ascii"],
)
def test_snapshot(snap_compare, size: tuple[int, int], ascii: bool) -> None:
    app = GanttApp(plan_rows(), ascii=ascii, show_baseline=size[1] >= 40)
    assert snap_compare(app, press=["j", "j"], terminal_size=size)
