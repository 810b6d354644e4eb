"""The Gantt chart of a project: the schedule on a timeline, edited from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from itpm_tui.app_access import itpm_app
from itpm_tui.glyphs import display_text, fit
from itpm_tui.models import Phase
from itpm_tui.screens.lifecycle.workspace import ProjectScreen, phase_screen
from itpm_tui.screens.shared.forms import FormField, FormRead, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.screens.shared.pickers import ChoiceScreen, LinkScreen, TextScreen
from itpm_tui.services.planning import chart_records, plan_edits
from itpm_tui.services.planning import schedule_records as scheduling
from itpm_tui.services.planning.chart_records import Outcome
from itpm_tui.services.planning.plan_view import PlanView
from itpm_tui.services.portfolio.overview import ProjectOverview
from itpm_tui.services.shared.parsing import parse_date, parse_percent
from itpm_tui.widgets.gantt import GanttView, legend_text

if TYPE_CHECKING:
    from sqlmodel import Session


class GanttScreen(ProjectScreen):
    """Planning's timeline: every edit reschedules at once; the app's u / ctrl+r undo it."""

    PHASE = Phase.PLANNING
    help_title = "Gantt chart"
    BINDINGS = [
        # The app's undo, shown in the chart's footer where edits are made key by key.
        Binding("u", "app.undo", "Undo", id="gantt_screen.undo"),
        Binding("B", "save_baseline", "Save baseline", id="gantt_screen.save_baseline"),
        Binding("V", "choose_baseline", "Pick baseline", id="gantt_screen.baseline", show=False),
        Binding("C", "conflicts", "Conflicts", id="gantt_screen.conflicts", show=False),
        Binding("enter", "edit_task", "Edit task", id="gantt_screen.edit", show=False),
        # t is the chart's "today"; H logs hours on the selected row.
        # H is the history on every project screen; t is today on the chart.
        Binding("T", "log_time", "Log time", id="gantt_screen.log_time", show=False),
        Binding("c", "constraint", "Constraint", id="gantt_screen.constraint", show=False),
        # W: the working calendar the chart is drawn on (weekdays and holidays).
        Binding("W", "register('calendar')", "Calendar", id="gantt_screen.calendar", show=False),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__(project_id)
        self.view: PlanView | None = None
        self.baseline_id: int | None = None
        # Run once the next load is shown (whichever: a newer load cancels an older one).
        self._after_load: tuple[int, Callable[[], Any]] | None = None

    def compose_body(self) -> ComposeResult:
        display = itpm_app(self).display_mode
        yield GanttView(ascii=display.ascii, today=itpm_app(self).today, id="gantt")
        yield Static("", classes="status-line", id="task-line")

    NEEDS_OVERVIEW = False

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(GanttView).focus()
        self.load_plan()

    def action_phase(self, phase: str) -> None:
        # The chart is part of Planning but not its screen: 2 still goes to Planning.
        self.app.switch_screen(phase_screen(Phase(phase), self.project_id))

    # --- loading ----------------------------------------------------------------------------

    def show_overview(self, overview: ProjectOverview) -> None:
        if self.view is not None:  # a reload (back from a form): the first one is running
            self.load_plan()

    def load_plan(
        self, select_id: int | None = None, after: Callable[[], Any] | None = None
    ) -> None:
        today = itpm_app(self).today
        baseline_id = self.baseline_id
        if after is not None and select_id is not None:
            self._after_load = (select_id, after)

        def show(view: PlanView) -> None:
            self.view = view
            gantt = self.query_one(GanttView)
            gantt.non_working = lambda day: not view.calendar.is_working_day(day)
            gantt.set_rows(view.rows)
            if select_id is not None:
                gantt.select_task(select_id)
            if view.baseline_name and baseline_id is not None:
                # Picked (V) or just saved (B): draw it at once.
                gantt.show_baseline = True
            then, self._after_load = self._after_load, None
            if then is not None:
                gantt.select_task(then[0])
            self.describe_selection()
            if then is not None:
                then[1]()

        # Until V picks a baseline, the chart compares with the latest one.
        itpm_app(self).read(
            chart_records.chart_view,
            self.project_id,
            today,
            baseline_id,
            then=show,
            group=f"gantt-{id(self)}",
            exclusive=True,
        )

    def describe_selection(self) -> None:
        gantt = self.query_one(GanttView)
        line = self.query_one("#task-line", Static)
        row = gantt.selected_row
        glyphs = itpm_app(self).glyphs
        if self.view is None or row is None:
            line.update(Text("No tasks yet: press n to add one."))
            return
        span = (
            f"{row.start.isoformat()} {glyphs.arrow} {row.finish.isoformat()}"
            if row.start and row.finish
            else "unscheduled"
        )
        when = f" {glyphs.separator} {row.duration:g} d {glyphs.separator} {span}"
        facts = ""
        if row.total_float is not None:
            state = "critical" if row.critical else "float"
            facts += f" {glyphs.separator} {state} {row.total_float} d"
        slip = self.view.slips.get(row.id)
        if slip is not None:
            facts += (
                f" {glyphs.separator} vs {self.view.baseline_name}: "
                f"start {slip[0]:+d} d, finish {slip[1]:+d} d"
            )
        conflicts = (
            f"  {glyphs.overdue}{len(self.view.conflicts)} conflict(s): C"
            if self.view.conflicts
            else ""
        )
        width = line.content_size.width or self.app.size.width - 2
        # Float, slip and conflicts stay whole. On a narrow screen the task's constraint
        # leaves the line first, then its duration and dates (the table beside the chart
        # shows those), then the name gives way.
        constraint = self.view.constraints.get(row.id)
        if constraint is not None:
            kind, day = constraint
            pinned = f" {glyphs.separator} {plan_edits.CONSTRAINTS[kind]} {day.isoformat()}"
            if cell_len(f"{row.wbs} {row.name}{facts}{pinned}{conflicts}") <= width:
                facts += pinned
        if cell_len(f"{row.wbs} {row.name}{when}{facts}{conflicts}") <= width:
            facts = when + facts
        links = self.view.links.get(row.id, [])
        # Links follow, cut to the edge: two cells show that they are there.
        more = 2 if links else 0
        room = width - len(row.wbs) - 1 - cell_len(facts) - cell_len(conflicts) - more
        text = Text(f"{row.wbs} ")
        text.append(fit(display_text(row.name), max(8, room), glyphs.ellipsis).rstrip())
        text.append(facts)
        # Before the links, which run on to the edge: a missed constraint must show.
        text.append(conflicts, style="bold")
        if links:
            text.append(f" {glyphs.separator} after ")
            text.append(", ".join(link.label for link in links))
        if text.cell_len > width:
            # Cut here, by cells: Textual's ellipsis drops whole words, figures with them.
            text.truncate(width - 1)
            text.append(glyphs.ellipsis)
        line.update(text)

    def on_gantt_view_task_selected(self, _: GanttView.TaskSelected) -> None:
        self.describe_selection()

    # --- edits ------------------------------------------------------------------------------

    def edit_done(self, outcome: Outcome, select_id: int | None = None) -> None:
        what, select = outcome if isinstance(outcome, tuple) else (outcome, select_id)
        self.notify(f"Done: {what}", markup=False, timeout=3)
        self.load_plan(select)

    def named(self, verb: str, task_id: int) -> str:
        """A label for undo until the edit names itself: "shift 'Order switches'"."""
        row = self.view.row(task_id) if self.view else None
        return f"{verb} '{row.name}'" if row is not None else f"{verb} a task"

    def edit_plan(
        self, label: str, change: Callable[[Session], Outcome], select_id: int | None = None
    ) -> None:
        """Run one edit and the reschedule in one transaction: one action to undo."""
        itpm_app(self).write(
            label,
            chart_records.edit_and_reschedule,
            self.project_id,
            itpm_app(self).today,
            change,
            then=lambda done: self.edit_done(done, select_id),
            project_id=self.project_id,
        )

    def form_edit(
        self,
        label: str,
        row: Any,
        fields: dict[str, str],
        change: Callable[[Session, dict[str, Any]], str],
    ) -> FormWrite:
        """A form's save: refused when the task changed after the chart was read (`fields`
        maps a form field to the task column it shows), else the edit and the reschedule."""
        project_id, today = self.project_id, itpm_app(self).today
        task_id, version = row.id, row.version

        def save(session: Session, values: dict[str, Any]) -> Outcome:
            return chart_records.checked_edit(
                session,
                project_id,
                today,
                task_id,
                version,
                fields,
                lambda s: change(s, values),
            )

        return FormWrite(label, save, project_id)

    def reopen(self, task_id: int, form: Callable[[], Any]) -> Callable[[], None]:
        """ctrl+l on a refused form: the chart again, then the form on the task as it is."""
        return lambda: self.load_plan(task_id, form)

    def on_gantt_view_shift_requested(self, event: GanttView.ShiftRequested) -> None:
        self.edit_plan(
            self.named("shift", event.task_id),
            lambda s: plan_edits.shift_task(s, event.task_id, event.days),
            event.task_id,
        )

    def on_gantt_view_resize_requested(self, event: GanttView.ResizeRequested) -> None:
        self.edit_plan(
            self.named("resize", event.task_id),
            lambda s: plan_edits.resize_task(s, event.task_id, event.days),
            event.task_id,
        )

    def on_gantt_view_indent_requested(self, event: GanttView.IndentRequested) -> None:
        self.edit_plan(
            self.named("outdent" if event.outdent else "indent", event.task_id),
            lambda s: plan_edits.indent_task(s, event.task_id, event.outdent),
            event.task_id,
        )

    def on_gantt_view_milestone_toggle_requested(
        self, event: GanttView.MilestoneToggleRequested
    ) -> None:
        self.edit_plan(
            self.named("make or unmake a milestone of", event.task_id),
            lambda s: plan_edits.toggle_milestone(s, event.task_id),
            event.task_id,
        )

    def action_constraint(self) -> None:
        row = self.query_one(GanttView).selected_row
        if self.view is None or row is None:
            self.notify("No task selected: press n to add one.", severity="warning")
            return
        if row.summary:
            self.notify("A summary's dates come from its sub-tasks.", severity="warning")
            return
        task_id = row.id
        kind, day = self.view.constraints.get(task_id, ("ASAP", None))
        today = itpm_app(self).today

        def change(session: Any, values: dict[str, Any]) -> str:
            return plan_edits.set_constraint(session, task_id, values["kind"], values["day"])

        save = self.form_edit(
            f"set the date constraint of '{row.name}'",
            row,
            {"kind": "constraint_kind", "day": "constraint_date"},
            change,
        )

        def chosen(result: str | None) -> None:
            if result is not None:
                self.edit_done(result, task_id)

        fields = [
            FormField(
                "kind",
                "Constraint",
                kind,
                "select",
                [(label, key) for key, label in plan_edits.CONSTRAINTS.items()],
                allow_blank=False,
            ),
            FormField(
                "day",
                "Date",
                day.isoformat() if day else "",
                parse=lambda text: parse_date(text, today=today),
                placeholder="YYYY-MM-DD (none for as soon as possible)",
            ),
        ]
        reload = self.reopen(task_id, self.action_constraint)
        form = FormScreen(f"Date constraint: {row.name}", fields, save, reload=reload)
        self.app.push_screen(form, chosen)

    def on_gantt_view_percent_requested(self, event: GanttView.PercentRequested) -> None:
        self.edit_percent(event.task_id)

    def edit_percent(self, task_id: int) -> None:
        row = self.view.row(task_id) if self.view else None
        if row is None:
            return
        if row.summary:
            self.notify("A summary's % complete comes from its sub-tasks.", severity="warning")
            return

        today = itpm_app(self).today

        def change(session: Any, values: dict[str, Any]) -> str:
            return plan_edits.set_percent(session, task_id, int(values["percent"]), today)

        save = self.form_edit(
            f"set the % complete of '{row.name}'", row, {"percent": "percent_complete"}, change
        )

        def chosen(result: str | None) -> None:
            if result is not None:
                self.edit_done(result, task_id)

        field = FormField("percent", "% complete", str(row.percent), parse=parse_percent)
        reload = self.reopen(task_id, lambda: self.edit_percent(task_id))
        form = FormScreen(f"% complete: {row.name}", [field], save, reload=reload)
        self.app.push_screen(form, chosen)

    def on_gantt_view_add_below_requested(self, event: GanttView.AddBelowRequested) -> None:
        project_id = self.project_id

        def save(_: Session, values: dict[str, Any]) -> str:
            # Only checked here: the task is added once the form is closed.
            from itpm_tui.services.shared.errors import ValidationError
            from itpm_tui.services.shared.text import clean_text

            title = clean_text(values["title"])
            if not title:
                raise ValidationError({"title": "a title is required"})
            return title

        def chosen(title: str | None) -> None:
            if title is None:
                return

            def change(session: Any) -> tuple[str, int]:
                task_id, what = plan_edits.add_task_below(session, project_id, event.task_id, title)
                return what, task_id

            self.edit_plan(f"add task '{title}'", change)

        field = FormField("title", "Title", "", placeholder="what is to be done")
        self.app.push_screen(FormScreen("New task below", [field], FormRead(save)), chosen)

    def on_gantt_view_delete_requested(self, event: GanttView.DeleteRequested) -> None:
        from itpm_tui.screens.shared.confirm import ConfirmScreen

        row = self.view.row(event.task_id) if self.view else None
        if row is None:
            return
        extra = " and its sub-tasks" if row.summary else ""

        def confirmed(yes: bool | None) -> None:
            if yes:
                from itpm_tui.services.planning.tasks import delete_task

                def change(session: Any) -> str:
                    delete_task(session, event.task_id)
                    return f"delete '{row.name}'{extra}"

                self.edit_plan(f"delete '{row.name}'{extra}", change)

        self.app.push_screen(ConfirmScreen(f"Delete '{row.name}'{extra}? (u undoes it)"), confirmed)

    def on_gantt_view_link_requested(self, event: GanttView.LinkRequested) -> None:
        if self.view is None:
            return
        row = self.view.row(event.task_id)
        if row is None:
            return
        from itpm_tui.services.planning.link_candidates import link_candidates

        def pick(items: list[tuple[str, int]]) -> None:
            def chosen(choice: tuple[int, str, int] | None) -> None:
                if choice is None:
                    return
                predecessor, kind, lag = choice
                self.edit_plan(
                    f"link '{row.name}'",
                    lambda s: _link(s, predecessor, event.task_id, kind, lag, row.name),
                    event.task_id,
                )

            self.app.push_screen(
                LinkScreen(f"'{row.name}' waits on ...", items, "No other task to link to."),
                chosen,
            )

        itpm_app(self).read(link_candidates, self.project_id, event.task_id, then=pick)

    def on_gantt_view_unlink_requested(self, event: GanttView.UnlinkRequested) -> None:
        links = self.view.links.get(event.task_id, []) if self.view else []
        if not links:
            self.notify("This task waits on nothing.", severity="warning")
            return

        def chosen(predecessor: int | None) -> None:
            if predecessor is None:
                return

            def change(session: Any) -> str:
                scheduling.remove_dependency(session, predecessor, event.task_id)
                return "remove a link"

            self.edit_plan("remove a link", change, event.task_id)

        items = [(link.label, link.predecessor_id) for link in links]
        self.app.push_screen(ChoiceScreen("Remove which link?", items), chosen)

    def on_gantt_view_legend_requested(self, _: GanttView.LegendRequested) -> None:
        ascii_only = itpm_app(self).display_mode.ascii
        self.app.push_screen(TextScreen("Legend", legend_text(ascii_only)))

    # --- baselines, conflicts, task form ---------------------------------------------------------

    def action_save_baseline(self) -> None:
        project_id = self.project_id
        count = len(self.view.baselines) if self.view else 0
        today = itpm_app(self).today

        def save(session: Session, values: dict[str, Any]) -> int:
            return id_of(scheduling.save_baseline(session, project_id, values["name"], today))

        def saved(baseline_id: int | None) -> None:
            if baseline_id is not None:
                self.baseline_id = baseline_id
                self.notify("Baseline saved; the chart shows it (b hides it).", timeout=3)
                self.load_plan()

        field = FormField("name", "Name", f"Baseline {count + 1}")
        write = FormWrite(lambda values: f"save baseline '{values['name']}'", save)
        self.app.push_screen(FormScreen("Save the plan as a baseline", [field], write), saved)

    def action_choose_baseline(self) -> None:
        if self.view is None or not self.view.baselines:
            self.notify("No baseline yet: press B to save one.", severity="warning")
            return

        def chosen(baseline_id: int | None) -> None:
            if baseline_id is not None:
                self.baseline_id = baseline_id
                self.load_plan()

        items = [(name, baseline_id) for baseline_id, name in self.view.baselines]
        self.app.push_screen(ChoiceScreen("Compare with which baseline?", items), chosen)

    def action_conflicts(self) -> None:
        lines = self.view.conflicts if self.view else []
        self.app.push_screen(
            TextScreen("Schedule conflicts", lines or ["None: every constraint is met."])
        )

    def action_log_time(self) -> None:
        from itpm_tui.screens.monitoring.monitoring_forms import log_time

        selected = self.query_one(GanttView).selected_id
        if selected is not None:
            log_time(self.app, selected)

    def action_edit_task(self) -> None:
        from itpm_tui.screens.shared.editors import edit_task

        selected = self.query_one(GanttView).selected_id
        if selected is None:
            return

        def saved(_: int) -> None:
            self.load_plan(selected)

        edit_task(self.app, self.project_id, selected, saved)


def _link(session: Any, predecessor: int, successor: int, kind: str, lag: int, name: str) -> str:
    scheduling.add_dependency(session, predecessor, successor, kind, lag)
    return f"link '{name}' ({kind}{lag:+d})" if lag else f"link '{name}' ({kind})"
