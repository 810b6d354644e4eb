"""Lessons learned of every project, searchable: type words to narrow the list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from itpm_tui.app_access import itpm_app
from itpm_tui.services.lifecycle.closure import LessonRow, search_lessons
from itpm_tui.widgets.tables import cursor_id
from itpm_tui.widgets.typed_input import TypedInput


class LessonsScreen(Screen[None]):
    help_title = "Lessons learned"
    DEFAULT_CSS = """
    LessonsScreen DataTable { height: 1fr; }
    LessonsScreen #lesson-search { margin: 0 1; }
    LessonsScreen #lesson-detail { height: auto; max-height: 7; padding: 0 1; }
    """
    BINDINGS = [
        Binding("slash", "search", "Search", id="lessons.search", key_display="/"),
        Binding("escape", "back", "Back", id="lessons.back"),
    ]

    def __init__(self, words: str = "") -> None:
        super().__init__()
        self.words = words
        self.lessons: list[LessonRow] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("itpm - Lessons learned (all projects)"), classes="title-bar")
        yield TypedInput(
            self.words,
            placeholder="words to find (category, text, project code)",
            id="lesson-search",
            compact=True,
        )
        table: DataTable[Text] = DataTable(id="lessons", cursor_type="row", zebra_stripes=True)
        table.add_columns("Project", "Category", "Date", "Recommendation")
        yield table
        yield Static("", id="lesson-detail")
        yield Static("", classes="status-line", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        words = self.words

        def show(lessons: list[LessonRow]) -> None:
            self.lessons = lessons
            table = self.query_one(DataTable)
            table.clear()
            for lesson in lessons:
                table.add_row(
                    Text(lesson.code),
                    Text(lesson.category or "-"),
                    Text(lesson.recorded_on.isoformat() if lesson.recorded_on else "-"),
                    Text(lesson.recommendation.replace("\n", " ") or "-"),
                    key=str(lesson.id),
                )
            count = f"{len(lessons)} lesson(s)"
            status = f"{count} matching '{words}'" if words else count
            self.query_one("#status", Static).update(Text(status))
            self._show_detail()

        itpm_app(self).read(search_lessons, words, then=show, group="lessons-load", exclusive=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.words = event.value
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        lesson_id = cursor_id(self.query_one(DataTable))
        lesson = next((item for item in self.lessons if item.id == lesson_id), None)
        detail = self.query_one("#lesson-detail", Static)
        if lesson is None:
            detail.update(Text("No lesson matches." if self.words else "No lessons yet."))
            return
        text = Text()
        for label, value in (
            ("Went well: ", lesson.went_well),
            ("Did not: ", lesson.went_badly),
            ("Recommendation: ", lesson.recommendation),
        ):
            text.append(label, style="bold")
            text.append((value or "-") + "\n")
        detail.update(text)

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        if self.query_one(Input).has_focus:
            self.query_one(DataTable).focus()
            return
        self.app.pop_screen()
