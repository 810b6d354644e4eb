"""The RACI chart: space cycles a cell; rows and people that break the rules are flagged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase
from itpm_tui.screens.lifecycle.workspace import ProjectScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormField, FormRead, FormScreen, FormWrite
from itpm_tui.screens.shared.pickers import ChoiceScreen
from itpm_tui.services.registers import raci_records as raci_service
from itpm_tui.services.registers.raci import normalise_roles
from itpm_tui.services.shared.errors import ItpmError, ValidationError
from itpm_tui.widgets.raci import MatrixRow, RaciTable
from itpm_tui.widgets.typed_input import TypedInput

if TYPE_CHECKING:
    from sqlmodel import Session

SORTS = ("WBS", "Task", "Check")


class RaciScreen(ProjectScreen):
    """Tasks x people; space cycles R, A, A/R, C, I, blank; e types the roles of a cell."""

    PHASE = Phase.PLANNING
    NEEDS_OVERVIEW = False
    help_title = "RACI chart"
    BINDINGS = [
        # At 80 columns the footer keeps its room for the chart's own keys: G, sort and
        # export are in help and the palette.
        Binding("G", "gantt", "Gantt", id="project.gantt", priority=True, show=False),
        Binding("e", "edit", "Edit cell", id="raci.edit"),
        Binding("n", "add_person", "Add person", id="raci.add"),
        Binding("d", "remove_person", "Remove", id="raci.remove"),
        Binding("slash", "filter", "Filter", id="raci.filter", key_display="/"),
        Binding("s", "sort", "Sort", id="raci.sort", show=False),
        Binding("S", "reverse", "Reverse sort", id="raci.reverse", show=False),
        Binding("x", "export", "Export", id="raci.export", show=False),
        Binding("escape", "back", "Back", id="raci.back", show=False),
    ]

    def __init__(self, project_id: int) -> None:
        super().__init__(project_id)
        self.matrix: raci_service.RaciMatrix | None = None
        # Run once the next load is shown (whichever: a newer load cancels an older one).
        self._after_load: Callable[[], Any] | None = None
        self.sort_index = 0
        self.sort_reverse = False
        self.filter_text = ""

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="status-line", id="raci-summary")
        yield RaciTable(id="raci")
        yield Static("", id="raci-notes")
        yield TypedInput(placeholder="filter: WBS, task or problem", id="filter", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#filter", Input).display = False
        self.query_one(RaciTable).focus()

    def reload(self) -> None:
        super().reload()
        self.load_matrix()

    def load_matrix(self) -> None:
        itpm_app(self).read(
            raci_service.load_matrix,
            self.project_id,
            then=self.show_matrix,
            group=f"raci-{id(self)}",
            exclusive=True,
        )

    def visible_rows(self) -> list[raci_service.RaciRow]:
        assert self.matrix is not None
        rows = self.matrix.rows
        if self.filter_text:
            words = self.filter_text.lower().split()
            rows = [
                r
                for r in rows
                if all(w in f"{r.wbs} {r.title} {' '.join(r.problems)}".lower() for w in words)
            ]
        if self.sort_index == 1:
            rows = sorted(rows, key=lambda r: r.title.lower())
        elif self.sort_index == 2:
            rows = sorted(rows, key=lambda r: (not r.problems, ", ".join(r.problems)))
        return list(reversed(rows)) if self.sort_reverse else list(rows)

    def show_matrix(self, matrix: raci_service.RaciMatrix) -> None:
        self.matrix = matrix
        glyphs = itpm_app(self).glyphs
        flagged = set(matrix.idle) | set(matrix.overloaded)
        people = [(p.short, p.id in flagged) for p in matrix.people]
        rows = [
            MatrixRow(
                r.task_id,
                r.wbs,
                r.title,
                r.depth,
                [r.cells.get(p.id, "") for p in matrix.people],
                r.problems,
            )
            for r in self.visible_rows()
        ]
        width = max(16, min(40, self.size.width - 22 - 5 * len(people)))
        table = self.query_one(RaciTable)
        table.show(people, rows, glyphs, title_width=width)
        broken = sum(1 for r in matrix.rows if r.problems)
        parts = [
            f"{len(matrix.rows)} rows x {len(matrix.people)} people",
            f"{broken} rows need one A and an R" if broken else "every row has one A and an R",
            f"sorted by {SORTS[self.sort_index]}",
        ]
        if self.filter_text:
            parts.append(f"filter: {self.filter_text}")
        if not matrix.people:
            parts = ["No people on the chart yet: press n to add one."]
        if not matrix.rows:
            parts = ["No tasks yet: add tasks in Planning (2), then give them roles here."]
        self.query_one("#raci-summary", Static).update(Text(f" {glyphs.separator} ".join(parts)))
        self.query_one("#raci-notes", Static).update(Text("; ".join(self.notes(matrix))))
        then, self._after_load = self._after_load, None
        if then is not None:
            then()

    def notes(self, matrix: raci_service.RaciMatrix) -> list[str]:
        """The flagged people first (they matter), then the initials' legend."""
        notes = raci_service.matrix_notes(matrix)
        legend = [n for n in notes if " = " in n]
        problems = [n for n in notes if " = " not in n]
        return problems + [", ".join(legend)] if legend else problems

    # --- cell edits ------------------------------------------------------------------------

    def _cell(self) -> tuple[int, int] | None:
        table = self.query_one(RaciTable)
        person = table.person_index()
        key = table.row_key()
        if self.matrix is None or person is None or key is None:
            return None
        return key, self.matrix.people[person].id

    def on_raci_table_cycle_requested(self, event: RaciTable.CycleRequested) -> None:
        event.stop()
        if self.matrix is None:
            return
        person = self.matrix.people[event.person_index]
        row = next((r for r in self.matrix.rows if r.task_id == event.row_key), None)
        task = f"{row.wbs} {row.title}" if row else "a task"
        itpm_app(self).write(
            f"change the roles of {person.name} on {task}",
            raci_service.cycle_roles,
            self.project_id,
            event.row_key,
            person.id,
            then=lambda _: self.load_matrix(),
        )

    def action_edit(self) -> None:
        cell = self._cell()
        if cell is None:
            self.notify("Move to a person's column of a task first.", severity="warning")
            return
        self.edit_cell(*cell)

    def edit_cell(self, task_id: int, person_id: int) -> None:
        assert self.matrix is not None
        row = next((r for r in self.matrix.rows if r.task_id == task_id), None)
        if row is None or all(p.id != person_id for p in self.matrix.people):
            self.notify("That cell is no longer on the chart.", severity="warning")
            return
        project_id = self.project_id
        # The cell as read for this form (0: blank): a change made since is not overwritten.
        version = self.matrix.versions.get((task_id, person_id), 0)

        def parse(text: str) -> str:
            return normalise_roles(text)

        fields = [
            FormField(
                "roles",
                "Roles",
                row.cells.get(person_id, "").replace("AR", "A/R"),
                parse=parse,
                placeholder="R, A, A/R, C, I or blank",
                extra={"format": lambda roles: roles.replace("AR", "A/R")},
            )
        ]

        def save(session: Session, values: dict[str, Any]) -> str:
            return raci_service.set_roles_unless_changed(
                session, project_id, task_id, person_id, version, values["roles"]
            )

        name = self.matrix.name_of(person_id)

        def label(values: dict[str, Any]) -> str:
            roles = values["roles"].replace("AR", "A/R") or "none"
            return f"set the roles of {name} on {row.wbs} {row.title}: {roles}"

        def reload() -> None:
            # The chart again, then the form on the cell as it is now.
            self._after_load = lambda: self.edit_cell(task_id, person_id)
            self.load_matrix()

        title = f"{name} on {row.wbs} {row.title}"
        self.app.push_screen(
            FormScreen(title, fields, FormWrite(label, save), reload=reload),
            lambda saved: self.load_matrix() if saved is not None else None,
        )

    def action_add_person(self) -> None:
        shown = frozenset(p.id for p in self.matrix.people) if self.matrix else frozenset()
        names: dict[int, str] = {}

        def chosen(person_id: int | None) -> None:
            if person_id is None:
                return
            itpm_app(self).write(
                f"add {names.get(person_id, 'a person')} to the RACI chart",
                raci_service.add_member,
                self.project_id,
                person_id,
                then=lambda _: self.load_matrix(),
            )

        def choose(people: list[raci_service.RaciCandidate]) -> None:
            names.update((p.id, p.name) for p in people)
            items = [(p.label, p.id) for p in people]
            self.app.push_screen(
                ChoiceScreen("Add a person to the chart", items, "Everyone is on the chart."),
                chosen,
            )

        itpm_app(self).read(raci_service.people_to_add, shown, then=choose)

    def action_remove_person(self) -> None:
        table = self.query_one(RaciTable)
        person = table.person_index()
        if self.matrix is None or person is None:
            self.notify("Move to the person's column first.", severity="warning")
            return
        target = self.matrix.people[person]

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def done(count: int) -> None:
                self.notify(f"Took {target.name} off the chart ({count} roles).", markup=False)
                self.load_matrix()

            itpm_app(self).write(
                f"take {target.name} off the RACI chart",
                raci_service.remove_member,
                self.project_id,
                target.id,
                then=done,
            )

        self.app.push_screen(
            ConfirmScreen(f"Take {target.name} off the chart, with their roles on this project?"),
            confirmed,
        )

    # --- sort, filter, export ---------------------------------------------------------------

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        if self.matrix:
            self.show_matrix(self.matrix)

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        if self.matrix:
            self.show_matrix(self.matrix)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = self.filter_text
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value.strip()
            if self.matrix:
                self.show_matrix(self.matrix)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            if not self.filter_text:
                event.input.display = False
            self.query_one(RaciTable).focus()

    def action_phase(self, phase: str) -> None:
        from itpm_tui.screens.lifecycle.workspace import phase_screen

        # The chart is above the Planning screen: any phase key leaves it for that phase.
        self.app.switch_screen(phase_screen(Phase(phase), self.project_id))

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.display:
            box.value, self.filter_text, box.display = "", "", False
            self.query_one(RaciTable).focus()
            if self.matrix:
                self.show_matrix(self.matrix)
            return
        self.app.pop_screen()

    def action_export(self) -> None:
        from itpm_tui.services.shared.export import FORMATS, export_view

        if self.matrix is None:
            return
        view = raci_service.RaciMatrix(
            self.matrix.project_code, self.matrix.people, self.visible_rows()
        )
        headers, rows = raci_service.matrix_table(view)
        name = f"{self.matrix.project_code}-raci".lower()
        fields = [
            FormField(
                "format",
                "Format",
                "csv",
                "select",
                [("CSV", "csv"), ("Markdown", "markdown")],
                allow_blank=False,
            ),
            FormField("path", "File", str(Path.cwd() / name)),
        ]
        legend = [(p.short, p.name) for p in self.matrix.people]
        blank = [""] * (len(headers) - 2)

        def save(_session: Session, values: dict[str, Any]) -> str:
            # A file of what the chart shows: the database is not read, nothing to undo.
            path = Path(values["path"].strip()).expanduser() if values["path"].strip() else None
            if path is None:
                raise ValidationError({"path": "give a file name"})
            if not path.suffix:
                path = path.with_suffix(FORMATS[values["format"]])
            try:
                return str(
                    export_view(
                        path,
                        values["format"],
                        headers,
                        rows + [["", f"{short} = {full}", *blank] for short, full in legend],
                        f"RACI chart of {self.matrix.project_code if self.matrix else ''}",
                    )
                )
            except (ItpmError, OSError) as exc:
                raise ValidationError({"path": str(exc)}) from None

        def done(path: str | None) -> None:
            if path:
                self.notify(f"Exported the RACI chart to {path}", markup=False)

        self.app.push_screen(FormScreen("Export the RACI chart", fields, FormRead(save)), done)
