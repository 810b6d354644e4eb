"""Kanban boards: a project's board in Execution, and one board across the portfolio."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar, TypeVarTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase, Priority
from itpm_tui.screens.lifecycle.workspace import ProjectScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormField, FormRead, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.screens.shared.pickers import ChoiceScreen
from itpm_tui.services.kanban import board
from itpm_tui.services.kanban.board_query import (
    LANE_MODES,
    BoardFilter,
    board_options,
    portfolio_board,
    project_board,
    status_of_portfolio_column,
)
from itpm_tui.services.kanban.board_view import BoardData, card_moved
from itpm_tui.services.portfolio.overview import ProjectOverview
from itpm_tui.widgets.kanban import KanbanBoard
from itpm_tui.widgets.typed_input import TypedInput

# Cards per column in the first frame of a board: more than a tall terminal shows.
FIRST_CARDS = 40

BOARD_CSS = """
{name} KanbanBoard {{ height: 1fr; }}
{name} #board-filter {{ height: 1; border: none; padding: 0 1; }}
"""

if TYPE_CHECKING:
    from sqlmodel import Session

    # Seen as a screen by the type checker: the mixin uses the screen's API.
    _BoardBase = Screen[Any]
else:
    _BoardBase = object

ResultT = TypeVar("ResultT")
Args = TypeVarTuple("Args")
# Starts one queued write: (what to do with its result, what to do when it fails).
Start = Callable[[Callable[[Any], Any], Callable[[Exception], bool]], None]


class BoardMixin(_BoardBase):
    """What both boards share: the widget, the filter line, the flow line, card edits."""

    flt: BoardFilter
    data: BoardData | None
    _focus_after_load: int | None

    def action_log_time(self) -> None:
        """Quick time entry on the focused card."""
        from itpm_tui.screens.monitoring.monitoring_forms import log_time

        card = self.query_one(KanbanBoard).focused_card
        if card is None:
            self.notify("No card selected.", severity="warning")
            return
        log_time(self.app, card.id)

    def compose_board(self) -> ComposeResult:
        yield TypedInput(
            placeholder="filter cards: words in title, assignee, tags", id="board-filter"
        )
        yield KanbanBoard(
            ascii=itpm_app(self).display_mode.ascii, today=itpm_app(self).today, id="board"
        )
        yield Static("", classes="status-line", id="board-status")

    def mount_board(self) -> None:
        self.query_one("#board-filter", Input).display = False
        self.query_one(KanbanBoard).focus()

    def read_board(
        self, then: Callable[[BoardData], Any], group: str, first: int | None = None
    ) -> None:
        """Read the board (only the top `first` cards of each column, if given) for `then`."""
        raise NotImplementedError

    def load_board(self, focus_id: int | None = None) -> None:
        """Read the board again; `focus_id` is a card to focus once it is shown."""
        if focus_id is not None:
            self._focus_after_load = focus_id

        def show(data: BoardData) -> None:
            if self._writing:
                # Read before a queued write landed: the queue reloads once it drains.
                return
            self.data = data
            widget = self.query_one(KanbanBoard)
            widget.set_board(data)
            if self._focus_after_load is not None:
                # A card the filter hides is not focused, nor kept waiting for later loads.
                widget.focus_card(self._focus_after_load)
                self._focus_after_load = None
            self.show_status()

        def load_all() -> None:
            self.read_board(show, f"board-{id(self)}")

        if self.data is not None or not self.top_first():
            load_all()
            return

        def show_top(data: BoardData) -> None:
            # The top of each column first: a board of thousands of cards opens as fast
            # as a small one, and the rest follows at once.
            if self.data is None:
                show(data)
            load_all()

        self.read_board(show_top, f"board-top-{id(self)}", FIRST_CARDS)

    def top_first(self) -> bool:
        """Whether the first load may show the top of each column before the rest."""
        return False

    def show_status(self) -> None:
        glyphs = itpm_app(self).glyphs
        parts = [self.data.footer] if self.data and self.data.footer else []
        described = self.flt.describe()
        if described:
            parts.append(f"filter: {described} (F clears)")
        parts.extend(self.extra_status())
        status = self.query_one("#board-status", Static)
        status.update(Text(f" {glyphs.separator} ".join(parts)))

    def extra_status(self) -> list[str]:
        return []

    def init_board(self) -> None:
        self.flt = BoardFilter()
        self.data = None
        self._writes: list[tuple[Start, Any, Any]] = []
        self._writing = False
        self._focus_after_load = None

    def write(
        self,
        label: str,
        fn: Callable[[Session, *Args], ResultT],
        *args: *Args,
        done: Callable[[ResultT], Any] | None = None,
        failed: Callable[[Exception], bool] | None = None,
    ) -> None:
        """Queue one write transaction; writes run in the order asked, then the board reloads.

        Keys come faster than the database answers: two quick moves must land in order.
        `label` names the action for undo and history (a service may name it better).
        """

        def start(then: Callable[[Any], Any], on_failure: Callable[[Exception], bool]) -> None:
            # The board already shows the change: keys typed meanwhile are not held.
            itpm_app(self).write(label, fn, *args, then=then, failed=on_failure, hold_keys=False)

        self._writes.append((start, done, failed))
        if not self._writing:
            self._next_write()

    def _next_write(self) -> None:
        if not self._writes:
            self._writing = False
            self.load_board()
            return
        self._writing = True
        start, done, failed = self._writes.pop(0)

        def finished(result: Any) -> None:
            if done is not None:
                done(result)
            self._next_write()

        def on_failure(exc: Exception) -> bool:
            # What was queued after it was asked on top of it: drop it, show the truth.
            self._writes.clear()
            self._writing = False
            self.load_board()
            return failed(exc) if failed is not None else False

        start(finished, on_failure)

    # --- filter -----------------------------------------------------------------------------

    def action_text_filter(self) -> None:
        box = self.query_one("#board-filter", Input)
        box.display = True
        box.value = self.flt.text
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "board-filter":
            self.flt = replace(self.flt, text=event.value.strip())
            self.load_board()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "board-filter":
            event.input.display = bool(self.flt.text)
            self.query_one(KanbanBoard).focus()

    def action_clear_filters(self) -> None:
        self.flt = BoardFilter()
        box = self.query_one("#board-filter", Input)
        box.value = ""
        box.display = False
        self.query_one(KanbanBoard).focus()
        self.load_board()

    # --- card edits -------------------------------------------------------------------------

    def on_kanban_board_block_toggle_requested(
        self, event: KanbanBoard.BlockToggleRequested
    ) -> None:
        def done(blocked: bool) -> None:
            self.notify("Blocked." if blocked else "Unblocked.", timeout=2)

        self.write(self._on(event), board.toggle_blocked, event.card_id, done=done)

    def on_kanban_board_priority_cycle_requested(
        self, event: KanbanBoard.PriorityCycleRequested
    ) -> None:
        self.write(self._on(event, "priority of"), board.cycle_priority, event.card_id)

    def on_kanban_board_assign_requested(self, event: KanbanBoard.AssignRequested) -> None:
        from itpm_tui.services.resources.people import list_people

        def pick(people: list[Any]) -> None:
            def chosen(person: Any) -> None:
                if person is not None:
                    self.write(
                        self._on(event, "assign"), board.assign, event.card_id, person or None
                    )

            # (nobody) is 0, so that None still means "cancelled".
            options = [("(nobody)", 0), *((p.name, p.id or 0) for p in people)]
            self.app.push_screen(ChoiceScreen("Assign to", options), chosen)

        itpm_app(self).read(list_people, then=pick)

    def on_kanban_board_delete_requested(self, event: KanbanBoard.DeleteRequested) -> None:
        card = self.query_one(KanbanBoard).focused_card
        title = card.title if card and card.id == event.card_id else "this card"

        def confirmed(yes: bool | None) -> None:
            if yes:
                from itpm_tui.services.planning.tasks import delete_task

                self.write(f"delete '{title}'", delete_task, event.card_id)

        self.app.push_screen(ConfirmScreen(f"Delete '{title}'?"), confirmed)

    def _on(self, event: Any, verb: str = "block or unblock") -> str:
        card = self.query_one(KanbanBoard).focused_card
        title = card.title if card and card.id == event.card_id else "a card"
        return f"{verb} '{title}'"

    def on_kanban_board_open_requested(self, event: KanbanBoard.OpenRequested) -> None:
        from itpm_tui.screens.shared.editors import edit_task
        from itpm_tui.services.planning.tasks import task_project_id

        itpm_app(self).read(
            task_project_id,
            event.card_id,
            then=lambda pid: edit_task(self.app, pid, event.card_id, lambda _: self.load_board()),
        )

    def move(self, event: KanbanBoard.MoveRequested, job: Callable[[Session, bool], Any]) -> None:
        """Show the move at once and save it behind; a full column asks first.

        `job(session, allow_over_limit)` is the one service call that moves the card; the
        service names the action ("move 'X' to Done").
        """
        label = self._on(event, "move")
        columns = self.data.columns if self.data else ()
        column = next((c for c in columns if c.id == event.to_column_id), None)
        if (
            column is not None
            and column.wip_limit is not None
            and event.to_column_id != event.from_column_id
            and column.count >= column.wip_limit
        ):

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.show_move(event)
                    self.write(label, job, True, done=self.moved)

            self.app.push_screen(
                ConfirmScreen(
                    f"'{column.name}' is at its WIP limit ({column.count}/{column.wip_limit}). "
                    "Move the card there anyway?"
                ),
                confirmed,
            )
            return

        def failed(exc: Exception) -> bool:
            if not isinstance(exc, board.WipLimitReached):
                return False

            # Another window filled the column meanwhile: ask now.
            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.write(label, job, True, done=self.moved)

            self.app.push_screen(ConfirmScreen(f"{exc} Move it anyway?"), confirmed)
            return True

        self.show_move(event)
        self.write(label, job, False, done=self.moved, failed=failed)

    def rebase(self, event: KanbanBoard.MoveRequested) -> None:
        """Keys can outrun the screen: a move asked from where the card was is made from
        where it is now (two quick shift+right presses go two columns)."""
        if self.data is None:
            return
        ids = [column.id for column in self.data.columns]
        where = self.query_one(KanbanBoard).locate(event.card_id)
        current = where[1] if where is not None else None
        if current is None or event.from_column_id not in ids or event.to_column_id not in ids:
            return
        if ids[current] == event.from_column_id:
            return
        shift = ids.index(event.to_column_id) - ids.index(event.from_column_id)
        event.from_column_id = ids[current]
        event.to_column_id = ids[max(0, min(len(ids) - 1, current + shift))]
        if shift:
            event.after_id = event.before_id = None

    def show_move(self, event: KanbanBoard.MoveRequested) -> None:
        if self.data is None:
            return
        widget = self.query_one(KanbanBoard)
        self.data, where = card_moved(
            self.data,
            event.card_id,
            event.to_column_id,
            event.after_id,
            event.before_id,
            source=widget.locate(event.card_id),
        )
        widget.set_board(self.data, focus_at=where)

    def moved(self, result: Any) -> None:
        """After a move: a screen may say what happened."""


class BoardScreen(BoardMixin, ProjectScreen):
    """The project's Kanban board (Execution)."""

    PHASE = Phase.EXECUTION
    help_title = "Kanban board"
    DEFAULT_CSS = BOARD_CSS.format(name="BoardScreen")
    BINDINGS = [
        # G (the chart) is in help and the palette; the footer keeps its room for the
        # board's own keys at 80 columns.
        Binding("G", "gantt", "Gantt", id="project.gantt", priority=True, show=False),
        Binding("slash", "text_filter", "Filter", id="board.filter", key_display="/"),
        Binding("f", "filters", "Filters", id="board.filters", show=False),
        Binding("F", "clear_filters", "Clear filters", id="board.clear", show=False),
        Binding("s", "lanes", "Swimlanes", id="board.lanes", show=False),
        Binding("S", "sprint_toggle", "Sprint", id="board.sprint"),
        Binding("W", "workflow", "Columns", id="board.workflow", show=False),
        Binding("I", "sprints", "Sprints", id="board.sprints", show=False),
        Binding("T", "task_list", "Task list", id="board.tasks", show=False),
        Binding("t", "log_time", "Log time", id="board.log_time", show=False),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__(project_id)
        self.init_board()
        self.lanes = "none"

    def compose_body(self) -> ComposeResult:
        yield from self.compose_board()

    NEEDS_OVERVIEW = False

    def on_mount(self) -> None:
        super().on_mount()
        self.mount_board()
        # The board's own query, at once, beside the header's.
        self.load_board()

    def show_overview(self, overview: ProjectOverview) -> None:
        if self.data is not None:  # a reload (back from a form): the first one is running
            self.load_board()

    def read_board(
        self, then: Callable[[BoardData], Any], group: str, first: int | None = None
    ) -> None:
        app = itpm_app(self)
        app.read(
            project_board,
            self.project_id,
            app.today,
            self.flt,
            self.lanes,
            app.now,
            first,
            then=then,
            group=group,
            exclusive=first is None,
        )

    def top_first(self) -> bool:
        # With lanes or a filter the top of a column is not the first cards of it.
        return self.lanes == "none" and not self.flt.describe()

    def extra_status(self) -> list[str]:
        parts = []
        if self.lanes != "none":
            parts.append(f"lanes: {self.lanes}")
        return parts

    # --- moves (undone by the app's u: services/undo.py) ------------------------------------

    def on_kanban_board_move_requested(self, event: KanbanBoard.MoveRequested) -> None:
        self.rebase(event)
        card_id = event.card_id

        def job(session: Session, allow: bool) -> board.MoveResult:
            return board.move_card(
                session,
                card_id,
                event.to_column_id,
                after_id=event.after_id,
                before_id=event.before_id,
                allow_over_limit=allow,
            )

        self.move(event, job)

    def moved(self, outcome: board.MoveResult) -> None:
        if outcome.from_column != outcome.to_column:
            self.notify(
                f"Moved '{outcome.task_title}' to {outcome.to_column}.", markup=False, timeout=2
            )

    # --- adding, filters, lanes, sprints, columns -------------------------------------------

    def on_kanban_board_quick_add_requested(self, event: KanbanBoard.QuickAddRequested) -> None:
        columns = self.data.columns if self.data else ()
        column = next((c for c in columns if c.id == event.column_id), None)
        if column is not None and column.wip_limit is not None and column.count >= column.wip_limit:

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.quick_add(event, allow_over_limit=True)

            self.app.push_screen(
                ConfirmScreen(
                    f"'{column.name}' is at its WIP limit ({column.count}/{column.wip_limit}). "
                    "Add a card there anyway?"
                ),
                confirmed,
            )
            return
        self.quick_add(event)

    def quick_add(
        self, event: KanbanBoard.QuickAddRequested, allow_over_limit: bool = False
    ) -> None:
        project_id = self.project_id

        def save(session: Session, values: dict[str, Any]) -> int:
            task = board.quick_add(
                session,
                project_id,
                event.column_id,
                values["title"],
                allow_over_limit=allow_over_limit,
            )
            return id_of(task)

        def added(task_id: int | None) -> None:
            if task_id is not None:
                self.load_board(focus_id=task_id)

        field = FormField("title", "Title", "", placeholder="enter saves")
        write = FormWrite(lambda values: f"add card '{values['title']}'", save)
        self.app.push_screen(FormScreen("New card", [field], write), added)

    def action_filters(self) -> None:
        def show(options: dict[str, list[tuple[str, str]]]) -> None:
            fields = [
                FormField("assignee", "Assignee", self.flt.assignee, "select", options["assignee"]),
                FormField(
                    "priority",
                    "Priority",
                    self.flt.priority,
                    "select",
                    [(p.value, p.value) for p in Priority],
                ),
                FormField("tag", "Tag", self.flt.tag, "select", options["tag"]),
                FormField(
                    "sprint",
                    "Sprint",
                    None if self.flt.sprint == "all" else self.flt.sprint,
                    "select",
                    options["sprint"],
                ),
            ]

            def apply(_: Session, values: dict[str, Any]) -> dict[str, Any]:
                return values  # a filter: nothing is saved

            def chosen(values: dict[str, Any] | None) -> None:
                if values is None:
                    return
                self.flt = replace(
                    self.flt,
                    assignee=values["assignee"],
                    priority=values["priority"],
                    tag=values["tag"],
                    sprint=values["sprint"] or "all",
                )
                self.load_board()

            self.app.push_screen(FormScreen("Show only cards ...", fields, FormRead(apply)), chosen)

        itpm_app(self).read(board_options, self.project_id, then=show)

    def action_lanes(self) -> None:
        self.lanes = LANE_MODES[(LANE_MODES.index(self.lanes) + 1) % len(LANE_MODES)]
        self.load_board()

    def action_sprint_toggle(self) -> None:
        sprint = "all" if self.flt.sprint != "all" else "current"
        self.flt = replace(self.flt, sprint=sprint)
        self.notify("Current sprint only." if sprint == "current" else "Every card.", timeout=2)
        self.load_board()

    def action_workflow(self) -> None:
        from itpm_tui.screens.kanban.workflow import WorkflowScreen

        self.app.push_screen(WorkflowScreen(self.project_id))

    def action_sprints(self) -> None:
        from itpm_tui.screens.kanban.sprints import SprintsScreen

        self.app.push_screen(SprintsScreen(self.project_id))

    def action_task_list(self) -> None:
        from itpm_tui.screens.kanban.execution import ExecutionScreen

        self.app.switch_screen(ExecutionScreen(self.project_id))


class PortfolioBoardScreen(BoardMixin, Screen[None]):
    """Every project's cards by status, in lanes per project or per person."""

    help_title = "Portfolio board"
    DEFAULT_CSS = BOARD_CSS.format(name="PortfolioBoardScreen")
    BINDINGS = [
        Binding("slash", "text_filter", "Filter", id="pboard.filter", key_display="/"),
        Binding("F", "clear_filters", "Clear filter", id="pboard.clear", show=False),
        Binding("t", "log_time", "Log time", id="pboard.log_time", show=False),
        Binding("s", "group", "Group", id="pboard.group"),
        # In help: at 80 columns the footer keeps its room for the board's keys.
        Binding("escape", "back", "Back", id="pboard.back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.init_board()
        self.group = "project"

    def compose(self) -> ComposeResult:
        yield Static(Text("itpm - Portfolio board"), classes="title-bar", id="title")
        yield from self.compose_board()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.mount_board()
        self.load_board()

    def read_board(
        self, then: Callable[[BoardData], Any], group: str, first: int | None = None
    ) -> None:
        app = itpm_app(self)
        app.read(
            portfolio_board,
            app.today,
            self.group,
            self.flt,
            app.now,
            then=then,
            group=group,
            exclusive=first is None,
        )

    def extra_status(self) -> list[str]:
        return [f"lanes: by {self.group}"]

    def on_kanban_board_move_requested(self, event: KanbanBoard.MoveRequested) -> None:
        self.rebase(event)
        status = status_of_portfolio_column(event.to_column_id)
        if event.to_column_id == event.from_column_id:
            self.notify("Order cards on their project's board.", severity="warning")
            return
        self.move(
            event,
            lambda s, allow: board.move_to_status(s, event.card_id, status, allow_over_limit=allow),
        )

    def on_kanban_board_quick_add_requested(self, _: KanbanBoard.QuickAddRequested) -> None:
        self.notify(
            "Add cards on a project's board (open the project, then 3).", severity="warning"
        )

    def action_group(self) -> None:
        self.group = "person" if self.group == "project" else "project"
        self.load_board()

    def reload(self) -> None:
        """After an undo or redo: the cards as they are now."""
        self.load_board()

    def action_back(self) -> None:
        self.app.pop_screen()
