"""MPXJ, the independent reader, run as a child process (a JVM cannot restart in one process).

`python tests/mpxj_probe.py read FILE...` prints what MPXJ sees in each plan, a JSON list;
`python tests/mpxj_probe.py rewrite IN OUT [IN OUT...]` has MPXJ read plans and write them
as MSPDI; `python tests/mpxj_probe.py make OUT` writes a small plan MPXJ builds itself.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _day(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _moment(value: Any) -> str | None:
    return None if value is None else str(value)


def _days(duration: Any) -> float | None:
    if duration is None:
        return None
    units = str(duration.getUnits())
    amount = float(duration.getDuration())
    hours = {"h": 1.0, "m": 1 / 60, "d": 8.0, "w": 40.0}.get(units)
    return amount if hours is None else amount * hours / 8.0


def read(path: str) -> dict[str, Any]:
    from java.time import DayOfWeek
    from org.mpxj.reader import UniversalProjectReader

    project = UniversalProjectReader().read(path)
    tasks = []
    for task in project.getTasks():
        if task.getUniqueID() is None or int(task.getUniqueID()) == 0:
            continue
        tasks.append(
            {
                "uid": int(task.getUniqueID()),
                "name": str(task.getName()),
                "outline_level": int(task.getOutlineLevel()),
                "wbs": str(task.getWBS()),
                "start": _moment(task.getStart()),
                "finish": _moment(task.getFinish()),
                "duration_days": _days(task.getDuration()),
                "milestone": bool(task.getMilestone()),
                "summary": bool(task.getSummary()),
                "percent": float(task.getPercentageComplete() or 0),
                "actual_start": _day(task.getActualStart()),
                "actual_finish": _day(task.getActualFinish()),
                "constraint": str(task.getConstraintType()),
                "constraint_date": _day(task.getConstraintDate()),
                "notes": str(task.getNotes() or ""),
                "baseline": [_day(task.getBaselineStart()), _day(task.getBaselineFinish())],
                "total_float": _days(task.getTotalSlack()),
                "links": [
                    {
                        "uid": int(link.getPredecessorTask().getUniqueID()),
                        "type": str(link.getType()),
                        "lag_days": _days(link.getLag()),
                    }
                    for link in task.getPredecessors()
                ],
            }
        )
    calendar = project.getDefaultCalendar()
    days = [
        "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"
    ]  # fmt: skip
    working = [n for n, name in enumerate(days) if calendar.isWorkingDay(getattr(DayOfWeek, name))]
    exceptions = [
        [_day(e.getFromDate()), _day(e.getToDate()), bool(e.getWorking())]
        for e in calendar.getCalendarExceptions()
    ]
    resources = {
        int(r.getUniqueID()): {"name": str(r.getName()), "email": str(r.getEmailAddress() or "")}
        for r in project.getResources()
        if r.getUniqueID() is not None and int(r.getUniqueID()) != 0 and r.getName() is not None
    }
    assignments = sorted(
        [int(a.getTask().getUniqueID()), int(a.getResource().getUniqueID())]
        for a in project.getResourceAssignments()
        if a.getResource() is not None
    )
    header = project.getProjectProperties()
    return {
        "name": str(header.getName() or ""),
        "start": _day(header.getStartDate()),
        "finish": _day(header.getFinishDate()),
        "tasks": tasks,
        "weekdays": working,
        "exceptions": exceptions,
        "resources": resources,
        "assignments": assignments,
    }


def make(path: str) -> None:
    """Two tasks, the second two working days after the first: MSPDI, or MPX or XER by name."""
    from java.time import LocalDateTime
    from org.mpxj import (
        Duration,
        ProjectFile,
        Relation,
        RelationType,
        TimeUnit,
    )
    from org.mpxj.mspdi import MSPDIWriter

    project = ProjectFile()
    project.addDefaultBaseCalendar()
    project.getProjectProperties().setStartDate(LocalDateTime.of(2027, 3, 1, 8, 0))
    design = project.addTask()
    design.setName("Design")
    design.setDuration(Duration.getInstance(3, TimeUnit.DAYS))
    design.setStart(LocalDateTime.of(2027, 3, 1, 8, 0))
    build = project.addTask()
    build.setName("Build")
    build.setDuration(Duration.getInstance(5, TimeUnit.DAYS))
    lag = Duration.getInstance(2, TimeUnit.DAYS)
    build.addPredecessor(
        Relation.Builder().predecessorTask(design).type(RelationType.FINISH_START).lag(lag)
    )
    if path.endswith(".mpx"):
        from org.mpxj.mpx import MPXWriter

        MPXWriter().write(project, path)
    elif path.endswith(".xer"):
        from org.mpxj.primavera import PrimaveraXERFileWriter

        PrimaveraXERFileWriter().write(project, path)
    else:
        MSPDIWriter().write(project, path)


def main() -> None:
    import jpype
    import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

    jpype.startJVM(convertStrings=True)
    if sys.argv[1] == "read":
        print(json.dumps([read(path) for path in sys.argv[2:]]))
    elif sys.argv[1] == "rewrite":
        from org.mpxj.mspdi import MSPDIWriter
        from org.mpxj.reader import UniversalProjectReader

        pairs = sys.argv[2:]
        for source, target in zip(pairs[::2], pairs[1::2], strict=True):
            MSPDIWriter().write(UniversalProjectReader().read(source), target)
    elif sys.argv[1] == "make":
        make(sys.argv[2])


if __name__ == "__main__":
    main()
