"""Forms of the KPI screen: a KPI's target, the service window, a downtime record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from textual.app import App

from itpm_tui.app_access import itpm_app
from itpm_tui.db import read_session, write_session
from itpm_tui.models import Downtime, ServiceWindow
from itpm_tui.screens.shared.forms import FormField, FormScreen
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.monitoring import kpi_records as records
from itpm_tui.services.monitoring.kpis import DEFAULT_TARGETS, KPI_NAMES
from itpm_tui.services.shared.errors import StaleEdit
from itpm_tui.services.shared.parsing import format_datetime, format_weekdays, parse_datetime
from itpm_tui.services.shared.records import fetch, stale_message

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
            extra={"format": lambda value: f"{value:.2f}"},
        )
    ]

    def save(engine: Engine, values: dict[str, Any]) -> int:
        label = f"set the {name.lower()} target"
        with write_session(engine, label, project_id=project_id) as session:
            # Refused when the target was set or reset elsewhere after the screen read it.
            records.ensure_target_unchanged(session, project_id, row.kpi, row.version)
            return id_of(records.set_target(session, project_id, row.kpi, values["target"]))

    def reload() -> None:
        def load(engine: Engine) -> records.TargetRow:
            with read_session(engine) as session:
                return records.get_target(session, project_id, row.kpi)

        itpm_app(app).run_db(load, lambda fresh: edit_target(app, project_id, fresh, on_saved))

    default = records.format_target(row.kpi, DEFAULT_TARGETS[row.kpi])
    title = f"Target: {name} (default {default})"
    app.push_screen(FormScreen(title, fields, save, reload=reload), _when_saved(on_saved))


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

    # The window as read for this form (0: there was none): a later change elsewhere is kept.
    version = window.version if window else 0

    def save(engine: Engine, values: dict[str, Any]) -> int:
        data = records.ServiceWindowInput(**values)
        with write_session(engine, "set the service window", project_id=project_id) as session:
            now = records.get_window(session, project_id)
            if (now.version if now else 0) != version:
                current = now.model_dump() if now else {}
                if now is not None:  # as the form shows weekdays
                    current["weekdays"] = format_weekdays(records.window_weekdays(now))
                raise StaleEdit(stale_message("service window"), current)
            return id_of(records.save_window(session, project_id, data))

    def reload() -> None:
        def load(engine: Engine) -> ServiceWindow | None:
            with read_session(engine) as session:
                return records.get_window(session, project_id)

        itpm_app(app).run_db(load, lambda fresh: edit_window(app, project_id, fresh, on_saved))

    form = FormScreen("Service window (UTC)", fields, save, reload=reload)
    app.push_screen(form, _when_saved(on_saved))


def edit_downtime(
    app: App[Any],
    project_id: int,
    down: Downtime | None,
    on_saved: Saved,
    system: str = "",
) -> None:
    """A time the system was down: new (now, the window's system) or the record given."""
    today = itpm_app(app).today

    def moment(text: str) -> Any:
        return parse_datetime(text, today=today)

    fields = [
        FormField(
            "start",
            "Start (UTC)",
            format_datetime(down.start) if down else "",
            parse=moment,
            placeholder="YYYY-MM-DD HH:MM, today 9:30",
            extra={"format": format_datetime},
        ),
        FormField(
            "end",
            "End (UTC)",
            format_datetime(down.end) if down else "",
            parse=moment,
            placeholder="YYYY-MM-DD HH:MM, after the start",
            extra={"format": format_datetime},
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
                # Refused when the record changed after the screen read it.
                now = fetch(session, Downtime, id_of(down), "downtime")
                if now.version != down.version:
                    current = now.model_dump()
                    for name in ("start", "end"):  # read back as the form reads its times
                        current[name] = moment(format_datetime(current[name]))
                    raise StaleEdit(stale_message("downtime record"), current)
                saved = records.update_downtime(session, id_of(down), data)
            return id_of(saved)

    def reload() -> None:
        def load(engine: Engine) -> Downtime:
            assert down is not None, "only an existing record is read again"
            with read_session(engine) as session:
                return fetch(session, Downtime, id_of(down), "downtime")

        itpm_app(app).run_db(load, lambda fresh: edit_downtime(app, project_id, fresh, on_saved))

    title = "Record downtime" if down is None else "Downtime"
    form = FormScreen(title, fields, save, reload=reload if down is not None else None)
    app.push_screen(form, _when_saved(on_saved))
