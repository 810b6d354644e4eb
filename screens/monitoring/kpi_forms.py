"""Forms of the KPI screen: a KPI's target, the service window, a downtime record."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Downtime, ServiceWindow
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.monitoring import kpi_records as records
from itpm_tui.services.monitoring.kpis import DEFAULT_TARGETS, KPI_NAMES
from itpm_tui.services.shared.errors import StaleEdit
from itpm_tui.services.shared.parsing import format_datetime, format_weekdays, parse_datetime
from itpm_tui.services.shared.records import stale_message

if TYPE_CHECKING:
    from sqlmodel import Session

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

    def save(session: Session, values: dict[str, Any]) -> int:
        # Refused when the target was set or reset elsewhere after the screen read it.
        target = values["target"]
        saved = records.set_target_unless_changed(session, project_id, row.kpi, row.version, target)
        return id_of(saved)

    def reload() -> None:
        itpm_app(app).read(
            records.get_target,
            project_id,
            row.kpi,
            then=lambda fresh: edit_target(app, project_id, fresh, on_saved),
        )

    default = records.format_target(row.kpi, DEFAULT_TARGETS[row.kpi])
    title = f"Target: {name} (default {default})"
    write = FormWrite(f"set the {name.lower()} target", save, project_id=project_id)
    app.push_screen(FormScreen(title, fields, write, reload=reload), _when_saved(on_saved))


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

    def save(session: Session, values: dict[str, Any]) -> int:
        data = records.ServiceWindowInput(**values)
        return id_of(records.save_window_unless_changed(session, project_id, version, data))

    def reload() -> None:
        itpm_app(app).read(
            records.get_window,
            project_id,
            then=lambda fresh: edit_window(app, project_id, fresh, on_saved),
        )

    write = FormWrite("set the service window", save, project_id=project_id)
    form = FormScreen("Service window (UTC)", fields, write, reload=reload)
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

    def save(session: Session, values: dict[str, Any]) -> int:
        data = records.DowntimeInput(**values)
        if down is None:
            return id_of(records.add_downtime(session, project_id, data))
        # Refused when the record changed after the screen read it.
        now = records.get_downtime(session, id_of(down))
        if now.version != down.version:
            current = now.model_dump()
            for name in ("start", "end"):  # read back as the form reads its times
                current[name] = moment(format_datetime(current[name]))
            raise StaleEdit(stale_message("downtime record"), current)
        return id_of(records.update_downtime(session, id_of(down), data))

    def reload() -> None:
        assert down is not None, "only an existing record is read again"
        itpm_app(app).read(
            records.get_downtime,
            id_of(down),
            then=lambda fresh: edit_downtime(app, project_id, fresh, on_saved),
        )

    title = "Record downtime" if down is None else "Downtime"
    write = FormWrite(
        "record downtime" if down is None else "edit downtime", save, project_id=project_id
    )
    form = FormScreen(title, fields, write, reload=reload if down is not None else None)
    app.push_screen(form, _when_saved(on_saved))
