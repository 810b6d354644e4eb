"""The command palette: every key of the current screen, 'Go to project ...', then Textual's own."""

from __future__ import annotations

import asyncio
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.markup import escape

from itpm_tui.models import Phase


def highlight(matcher: Matcher, title: str) -> Text:
    """The title with the matched letters in bold, never parsed as markup.

    Matcher.highlight parses its argument as markup, and titles hold project names.
    Help texts are parsed as markup by the palette too, so they never hold user text.
    """
    text = Text(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        text.stylize("bold underline", offset, offset + 1)
    return text


class ItpmCommands(Provider):
    """Offers the current screen's actions and a jump to any project (or its phases)."""

    async def startup(self) -> None:
        from itpm_tui.db import read_session
        from itpm_tui.services.projects import list_projects

        def load() -> list[tuple[int, str, str]]:
            with read_session(self.app.engine) as session:  # type: ignore[attr-defined]
                return [(p.id, p.code, p.name) for p in list_projects(session)]  # type: ignore[misc]

        try:
            self.projects = await asyncio.to_thread(load)
        except Exception as exc:  # the palette still works without the project list
            self.projects = []
            self.app.log.error(repr(exc))

    def _commands(self) -> list[tuple[str, str, object]]:
        """(title, help, callback) for everything the palette offers."""
        from itpm_tui.screens.help import describe_key
        from itpm_tui.screens.registers import REGISTERS, open_project_register
        from itpm_tui.screens.workspace import open_project

        commands: list[tuple[str, str, object]] = []
        # As help lists them: itpm's own keys (they carry an id) open the list; Textual's
        # (focus next, a table's cursor keys ...) come after itpm's other commands.
        builtin: list[tuple[str, str, object]] = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or binding.system or not binding.description:
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            (commands if binding.id else builtin).append(
                (
                    binding.description,
                    # Help text is parsed as markup: key names like '[' are escaped.
                    escape(f"key: {describe_key(key, binding.key_display)}"),
                    partial(self.app.run_action, binding.action, active.node),
                )
            )
        commands.append(("Help: list the keys", "key: ?", self.app.action_help))  # type: ignore[attr-defined]
        if "Lessons learned" not in seen:
            commands.append(
                ("Lessons learned", "search the lessons of every project", self._open_lessons)
            )
        for project_id, code, name in self.projects:
            commands.append(
                (
                    f"Go to project {code} {name}",
                    "open its current phase",
                    partial(open_project, self.app, project_id),
                )
            )
            for phase in Phase:
                commands.append(
                    (
                        f"Go to {code} {phase.label}",
                        f"{phase.label} phase of {code}",
                        partial(open_project, self.app, project_id, phase),
                    )
                )
            for key, (label, _, _) in REGISTERS.items():
                commands.append(
                    (
                        f"Open {label} of {code}",
                        f"the {label.lower()} register of {code}",
                        partial(open_project_register, self.app, project_id, key),
                    )
                )
        return [*commands, *builtin]

    def _open_lessons(self) -> None:
        from itpm_tui.screens.lessons import LessonsScreen

        if not isinstance(self.app.screen, LessonsScreen):
            self.app.push_screen(LessonsScreen())

    def _system_commands(self) -> list[tuple[str, str, object]]:
        """Textual's own commands (theme, maximize ...), offered after itpm's."""
        return [
            (command.title, escape(command.help), command.callback)
            for command in self.app.get_system_commands(self.screen)
        ]

    async def discover(self) -> Hits:
        # One provider yields both, in this order: the palette lists hits of equal score
        # (every discovery hit scores 0) in the order they arrive.
        for title, help_text, callback in [*self._commands(), *self._system_commands()]:
            if title.startswith("Go to ") and " phase" in help_text:
                continue  # the phases are found by searching; the list stays short
            if " register of " in help_text:
                continue  # the phases are found by searching; the list stays short
            yield DiscoveryHit(Text(title), callback, text=title, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in [*self._commands(), *self._system_commands()]:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), callback, text=title, help=help_text)  # type: ignore[arg-type]
