"""The command palette: the screen's keys, then every screen of a project and the portfolio."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.markup import escape

from itpm_tui.app_access import itpm_app

# (title, help, callback): what the palette offers.
Command = tuple[str, str, Any]
# A screen of another project than the current one ranks this much lower.
OTHER_PROJECT = 0.9


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
    """Offers the current screen's actions, then every screen of a project or the portfolio."""

    async def startup(self) -> None:
        from itpm_tui.db import read_session
        from itpm_tui.screens.shared.ids import id_of
        from itpm_tui.services.portfolio.projects import list_projects

        def load() -> list[tuple[int, str, str]]:
            with read_session(itpm_app(self).engine) as session:
                return [(id_of(p), p.code, p.name) for p in list_projects(session)]

        try:
            self.projects = await asyncio.to_thread(load)
        except Exception as exc:  # the palette still works without the project list
            self.projects = []
            self.app.log.error(repr(exc))

    def _current_project(self) -> int | None:
        """The project of the screen the palette was opened on, if any."""
        project_id = getattr(self.screen, "project_id", None)
        return project_id if isinstance(project_id, int) else None

    def _commands(self) -> tuple[list[Command], list[Command], list[Command]]:
        """(title, help, callback) of everything offered: (listed, other projects', last).

        Listed when the palette opens: the current screen's actions, help, every screen of
        the current project and of the portfolio ("Open the risk register of APP-PORTAL"),
        each project. Found by searching: the screens of the other projects. Last:
        Textual's widget keys.
        """
        from itpm_tui.screens.lifecycle.workspace import open_project
        from itpm_tui.screens.shared.destinations import (
            ProjectRef,
            portfolio_destinations,
            project_destinations,
        )
        from itpm_tui.screens.shared.help import describe_key

        commands: list[Command] = []
        # As help lists them: itpm's own keys (they carry an id) open the list; Textual's
        # (focus next, a table's cursor keys ...) come after itpm's other commands.
        builtin: list[Command] = []
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
        commands.append(("Help: list the keys", "key: ?", itpm_app(self).action_help))
        current = self._current_project()
        projects = [ProjectRef(*row) for row in self.projects]
        screens = project_destinations()
        others: list[Command] = []
        for project in projects:
            listed = commands if project.id == current else others
            for where in screens:
                listed.append(
                    (where.title(project), where.help, partial(where.open, self.app, project))
                )
        for where in portfolio_destinations():
            commands.append((where.title(None), where.help, partial(where.open, self.app, None)))
        for project in projects:
            commands.append(
                (
                    f"Go to project {project.code} {project.name}",
                    "open its current phase",
                    partial(open_project, self.app, project.id),
                )
            )
        return commands, others, builtin

    def _system_commands(self) -> list[Command]:
        """Textual's own commands (theme, maximize ...), offered after itpm's."""
        return [
            (command.title, escape(command.help), command.callback)
            for command in self.app.get_system_commands(self.screen)
        ]

    async def discover(self) -> Hits:
        # One provider yields all, in this order: the palette lists hits of equal score
        # (every discovery hit scores 0) in the order they arrive.
        listed, _others, builtin = self._commands()
        for title, help_text, callback in [*listed, *builtin, *self._system_commands()]:
            yield DiscoveryHit(Text(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        listed, others, builtin = self._commands()
        for title, help_text, callback in [*listed, *builtin, *self._system_commands()]:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, highlight(matcher, title), callback, text=title, help=help_text)
        for title, help_text, callback in others:
            # Below the same screen of the current project, which reads the same but its code.
            score = matcher.match(title) * OTHER_PROJECT
            if score > 0:
                yield Hit(score, highlight(matcher, title), callback, text=title, help=help_text)
