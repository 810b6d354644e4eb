"""Forms of the KPI screen: a KPI's target, the service window, a downtime record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itpm_tui.screens.forms import FormField, FormScreen
from sqlalchemy import Engine
from textual.app import App

from itpm_tui.db import write_session
from itpm_tui.models import Downtime, ServiceWindow
from itpm_tui.services import kpi_records as records
from itpm_tui.services.kpis import DEFAULT_TARGETS, KPI_NAMES
from itpm_tui.services.parsing import format_datetime, format_weekdays, parse_datetime

Saved = Callable[[Any], Any]


def _when_saved(on_saved: Saved) -> Saved:
    return lambda result: on_saved(result) if result is not None else None


def edit_target(app: App[Any], project_id: int, row: records.TargetRow, on_saved: Saved) -> None:
    """The project's own target for one KPI."""
    rule = records.TARGET_RULES[row.kpi]
    name = KPI_NAMES[row.kpi]
    fields = [
        FormField(
            "target",
            "Target",
            f"{row.target:.2f}",
            parse=lambda text: records.parse_target(row.kpi, text),
            placeholder=rule.meaning,
        )
    ]

    def save(engine: Engine, values: dict[str, Any]) -> int:
        label = f"set the {name.lower()} target"
        with write_session(engine, label, project_id=project_id) as session:
            return int(records.set_target(session, project_id, row.kpi, values["target"]).id)  # type: ignore[arg-type]

    default = records.format_target(row.kpi, DEFAULT_TARGETS[row.kpi])
    title = f"Target: {name} (default {default})"
    app.push_screen(FormScreen(title, fields, save), _when_saved(on_saved))


def edit_window(
    app: App[Any], project_id: int, window: ServiceWindow | None, on_saved: Saved
) -> None:
    """The hours (UTC) and weekdays the project's system must be up."""
    fields = [
        FormField("system", "System", window.system if window else ""),
        FormField(
            "start_hour",
            "From hour",
            str(window.start_hour) if window else "0",
            parse=records.parse_hour,
            placeholder="0-23 (UTC)",
        ),
        FormField(
            "end_hour",
            "To hour",
            str(window.end_hour) if window else "24",
            parse=records.parse_hour,
            placeholder="1-24 (UTC), after the start",
        ),
        FormField(
            "weekdays",
            "Weekdays",
            format_weekdays(records.window_weekdays(window)) if window else "mon-sun",
            placeholder="mon-fri, mon,wed,fri or 0-4",
        ),
    ]

    def save(engine: Engine, values: dict[str, Any]) -> int:
        data = records.WindowInput(**values)
        with write_session(engine, "set the service window", project_id=project_id) as session:
            return int(records.save_window(session, project_id, data).id)  # type: ignore[arg-type]

    app.push_screen(FormScreen("Service window (UTC)", fields, save), _when_saved(on_saved))


def edit_downtime(
    app: App[Any],
    project_id: int,
    down: Downtime | None,
    on_saved: Saved,
    system: str = "",
) -> None:
    """A time the system was down: new (now, the window's system) or the record given."""
    today = app.today  # type: ignore[attr-defined]

    def moment(text: str) -> Any:
        return parse_datetime(text, today=today)

    fields = [
        FormField(
            "start",
            "Start (UTC)",
            format_datetime(down.start) if down else "",
            parse=moment,
            placeholder="YYYY-MM-DD HH:MM, today 9:30",
        ),
        FormField(
            "end",
            "End (UTC)",
            format_datetime(down.end) if down else "",
            parse=moment,
            placeholder="YYYY-MM-DD HH:MM, after the start",
        ),
        FormField("planned", "Planned", down.planned if down else False, "bool"),
        FormField("system", "System", down.system if down else system),
        FormField("note", "Note", down.note if down else ""),
    ]

    def save(engine: Engine, values: dict[str, Any]) -> int:
        data = records.DowntimeInput(**values)
        label = "record downtime" if down is None else "edit downtime"
        with write_session(engine, label, project_id=project_id) as session:
            if down is None:
                saved = records.add_downtime(session, project_id, data)
            else:
                saved = records.update_downtime(session, down.id, data)  # type: ignore[arg-type]
            return int(saved.id)  # type: ignore[arg-type]

    title = "Record downtime" if down is None else "Downtime"
    app.push_screen(FormScreen(title, fields, save), _when_saved(on_saved))
