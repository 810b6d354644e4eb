"""Hand-computed examples for the critical-path scheduler."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.schedule import (
    ConstraintKind,
    DependencyError,
    DependencyInput,
    DependencyKind,
    ScheduleResult,
    TaskToSchedule,
    schedule,
    validate_dependency,
    variance,
)

CAL = WorkCalendar()
# 2024-01-01 is a Monday; the 6th and 7th, 13th and 14th are a weekend.
START = date(2024, 1, 1)


def jan(day: int) -> date:
    return date(2024, 1, day)


def task(task_id: int, duration: int, name: str = "", **fields: object) -> TaskToSchedule:
    return TaskToSchedule(task_id, duration, name or f"T{task_id}", **fields)  # type: ignore[arg-type]


def link(pred: int, succ: int, kind: str = "FS", lag: int = 0) -> DependencyInput:
    return DependencyInput(pred, succ, DependencyKind(kind), lag)


def run(
    tasks: list[TaskToSchedule],
    links: Sequence[DependencyInput] = (),
    *,
    start: date = START,
    calendars: WorkCalendar = CAL,
    status_date: date | None = None,
    deadline: date | None = None,
) -> ScheduleResult:
    return schedule(tasks, links, start, calendars, status_date, deadline=deadline)


def span(result: ScheduleResult, task_id: int) -> tuple[date, date]:
    row = result.tasks[task_id]
    return row.start, row.finish


# -- link types ------------------------------------------------------------------------------


def test_fs_successor_starts_the_next_working_day() -> None:
    result = run([task(1, 3), task(2, 2)], [link(1, 2)])
    assert span(result, 1) == (jan(1), jan(3))
    assert span(result, 2) == (jan(4), jan(5))


def test_fs_skips_the_weekend() -> None:
    result = run([task(1, 5), task(2, 2)], [link(1, 2)])
    assert span(result, 1) == (jan(1), jan(5))
    assert span(result, 2) == (jan(8), jan(9))


def test_ss_with_lag() -> None:
    result = run([task(1, 5), task(2, 3)], [link(1, 2, "SS", 2)])
    assert span(result, 2) == (jan(3), jan(5))


def test_ff_finishes_together() -> None:
    result = run([task(1, 5), task(2, 2)], [link(1, 2, "FF")])
    assert span(result, 2) == (jan(4), jan(5))


def test_ff_with_lag_crosses_the_weekend() -> None:
    result = run([task(1, 5), task(2, 2)], [link(1, 2, "FF", 1)])
    assert span(result, 2) == (jan(5), jan(8))


def test_sf_successor_finishes_the_day_before_the_predecessor_starts() -> None:
    # As in MS Project: finish >= start in working time, and the end of Tuesday is the
    # start of Wednesday.
    tasks = [task(1, 2, constraint=ConstraintKind.SNET, constraint_date=jan(10)), task(2, 3)]
    result = run(tasks, [link(1, 2, "SF")])
    assert span(result, 1) == (jan(10), jan(11))
    assert span(result, 2) == (jan(5), jan(9))


def test_sf_with_lag_and_ff_from_a_start_driven_milestone() -> None:
    tasks = [task(1, 2, constraint=ConstraintKind.SNET, constraint_date=jan(10)), task(2, 3)]
    assert span(run(tasks, [link(1, 2, "SF", 1)]), 2) == (jan(8), jan(10))
    # A milestone on the project's first morning: an FF successor of length 0 days
    # could finish there; a 1-day task finishes on the evening of its first day.
    result = run([task(1, 0), task(2, 1), task(3, 2)], [link(1, 2, "FF", 1)])
    assert span(result, 2) == (jan(1), jan(1))
    assert result.tasks[2].total_float == 1


def test_fs_lag_and_lead() -> None:
    result = run([task(1, 5), task(2, 1), task(3, 1)], [link(1, 2, lag=1), link(1, 3, lag=-2)])
    assert span(result, 2) == (jan(9), jan(9))  # Monday 8th is the lag
    assert span(result, 3) == (jan(4), jan(4))  # a two-day lead overlaps Thursday, Friday


def test_fs_lag_over_weekend() -> None:
    friday = task(1, 1, constraint=ConstraintKind.SNET, constraint_date=jan(5))
    result = run([friday, task(2, 1)], [link(1, 2, lag=1)])
    assert span(result, 2) == (jan(9), jan(9))


# -- calendars ---------------------------------------------------------------------------------


def test_single_holiday_stretches_a_task() -> None:
    cal = WorkCalendar(holidays=frozenset({jan(3)}))
    result = run([task(1, 3), task(2, 1)], [link(1, 2)], calendars=cal)
    assert span(result, 1) == (jan(1), jan(4))
    assert span(result, 2) == (jan(5), jan(5))


def test_recurring_christmas_holiday() -> None:
    cal = WorkCalendar(recurring_holidays=("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",))
    result = run([task(1, 3), task(2, 2)], [link(1, 2)], start=date(2024, 12, 23), calendars=cal)
    assert span(result, 1) == (date(2024, 12, 23), date(2024, 12, 26))
    assert span(result, 2) == (date(2024, 12, 27), date(2024, 12, 30))


def test_project_start_on_a_weekend_moves_to_monday() -> None:
    result = run([task(1, 1)], start=date(2024, 1, 6))
    assert span(result, 1) == (jan(8), jan(8))
    assert result.project_start == jan(8)


# -- milestones ---------------------------------------------------------------------------------


def test_milestone_after_a_task_is_at_the_end_of_its_last_day() -> None:
    result = run([task(1, 5), task(2, 0), task(3, 1)], [link(1, 2), link(2, 3)])
    assert span(result, 2) == (jan(5), jan(5))
    assert span(result, 3) == (jan(8), jan(8))
    milestone = result.tasks[2]
    assert (milestone.late_start, milestone.late_finish, milestone.total_float) == (
        jan(5), jan(5), 0,
    )  # fmt: skip
    assert milestone.duration == 0
    assert result.critical_path == [1, 2, 3]


def test_milestone_at_project_start_lets_its_successor_start_that_day() -> None:
    result = run([task(1, 0), task(2, 2)], [link(1, 2)])
    assert span(result, 1) == (jan(1), jan(1))
    assert span(result, 2) == (jan(1), jan(2))


def test_milestone_started_by_an_ss_link_is_at_the_start_of_the_day() -> None:
    tasks = [task(1, 3, constraint=ConstraintKind.SNET, constraint_date=jan(3)), task(2, 0)]
    result = run([*tasks, task(3, 1)], [link(1, 2, "SS"), link(2, 3)])
    assert span(result, 2) == (jan(3), jan(3))
    assert span(result, 3) == (jan(3), jan(3))


def test_milestone_ff_after_a_task() -> None:
    result = run([task(1, 3), task(2, 0), task(3, 1)], [link(1, 2, "FF"), link(2, 3)])
    assert span(result, 2) == (jan(3), jan(3))
    assert span(result, 3) == (jan(4), jan(4))


# -- constraints ----------------------------------------------------------------------------


def test_snet_on_a_weekend_starts_monday() -> None:
    result = run([task(1, 2, constraint=ConstraintKind.SNET, constraint_date=jan(6))])
    assert span(result, 1) == (jan(8), jan(9))


def test_snet_later_than_predecessors() -> None:
    tasks = [task(1, 2), task(2, 2, constraint=ConstraintKind.SNET, constraint_date=jan(10))]
    result = run(tasks, [link(1, 2)])
    assert span(result, 2) == (jan(10), jan(11))
    assert result.tasks[1].total_float == 5  # could start on the 8th
    assert result.tasks[1].late_start == jan(8)


def test_mso_pins_the_start() -> None:
    tasks = [task(1, 3), task(2, 2, constraint=ConstraintKind.MSO, constraint_date=jan(10))]
    result = run(tasks, [link(1, 2)])
    assert span(result, 2) == (jan(10), jan(11))
    assert result.conflicts == []
    assert result.tasks[2].total_float == 0
    assert result.tasks[1].total_float == 4


def test_mso_before_predecessors_is_kept_and_reported() -> None:
    tasks = [
        task(1, 3, "A"),
        task(2, 2, "B", constraint=ConstraintKind.MSO, constraint_date=jan(2)),
    ]
    result = run(tasks, [link(1, 2)])
    assert span(result, 2) == (jan(2), jan(3))
    assert result.conflicts == [
        "'B' must start on 2024-01-02 but its predecessors allow 2024-01-04 at the earliest"
    ]
    a = result.tasks[1]
    assert (a.late_start, a.late_finish) == (date(2023, 12, 28), jan(1))
    assert a.total_float == -2
    assert a.critical


def test_mfo_pins_the_finish() -> None:
    tasks = [task(1, 2), task(2, 2, constraint=ConstraintKind.MFO, constraint_date=jan(12))]
    result = run(tasks, [link(1, 2)])
    assert span(result, 2) == (jan(11), jan(12))
    assert result.conflicts == []


def test_unmeetable_mfo_gives_negative_float() -> None:
    tasks = [
        task(1, 5, "A"),
        task(2, 2, "B", constraint=ConstraintKind.MFO, constraint_date=jan(5)),
    ]
    result = run(tasks, [link(1, 2)])
    assert span(result, 2) == (jan(4), jan(5))
    assert result.conflicts == [
        "'B' must finish on 2024-01-05 but its predecessors allow 2024-01-09 at the earliest"
    ]
    assert result.tasks[1].total_float == -2


def test_unmeetable_fnlt_gives_negative_float_and_does_not_move_the_task() -> None:
    tasks = [
        task(1, 2, "Prepare"),
        task(2, 5, "Ship", constraint=ConstraintKind.FNLT, constraint_date=jan(5)),
    ]
    result = run(tasks, [link(1, 2)])
    assert span(result, 2) == (jan(3), jan(9))
    assert result.conflicts == [
        "'Ship' must finish no later than 2024-01-05 but cannot finish before 2024-01-09"
    ]
    assert result.tasks[2].total_float == -2
    assert result.tasks[1].total_float == -2
    assert result.tasks[2].late_finish == jan(5)
    assert result.critical_path == [1, 2]


def test_meetable_fnlt_limits_float() -> None:
    tasks = [task(1, 2, constraint=ConstraintKind.FNLT, constraint_date=jan(10)), task(2, 10)]
    result = run(tasks)
    assert result.conflicts == []
    assert result.tasks[1].total_float == 6  # 8 without the constraint
    assert run([task(1, 2), task(2, 10)]).tasks[1].total_float == 8


def test_milestone_mso_accepts_either_end_of_the_day() -> None:
    pinned = task(2, 0, constraint=ConstraintKind.MSO, constraint_date=jan(5))
    result = run([task(1, 5), pinned, task(3, 1)], [link(1, 2), link(2, 3)])
    assert span(result, 2) == (jan(5), jan(5))
    assert result.conflicts == []
    # It is still at the end of Friday, after its predecessor: its successor waits.
    assert span(result, 3) == (jan(8), jan(8))
    too_early = task(2, 0, "Go", constraint=ConstraintKind.MSO, constraint_date=jan(4))
    result = run([task(1, 5), too_early], [link(1, 2)])
    assert span(result, 2) == (jan(4), jan(4))
    assert len(result.conflicts) == 1 and "'Go' must start on 2024-01-04" in result.conflicts[0]


def test_deadline_earlier_than_finish() -> None:
    result = run([task(1, 5)], deadline=jan(3))
    assert result.conflicts == ["The project finishes on 2024-01-05, after its deadline 2024-01-03"]
    assert result.tasks[1].total_float == -2
    assert run([task(1, 5)], deadline=jan(10)).tasks[1].total_float == 3


# -- actual dates and the status date -----------------------------------------------------


def test_actual_start_is_kept_even_against_links() -> None:
    result = run([task(1, 5), task(2, 3, actual_start=jan(3))], [link(1, 2)])
    assert span(result, 2) == (jan(3), jan(5))
    assert result.conflicts == []


def test_actual_start_and_finish_set_the_duration() -> None:
    done = task(1, 5, actual_start=jan(1), actual_finish=jan(9), percent_complete=100)
    result = run([done, task(2, 1)], [link(1, 2)])
    assert span(result, 1) == (jan(1), jan(9))
    assert result.tasks[1].duration == 7
    assert span(result, 2) == (jan(10), jan(10))


def test_actual_finish_alone_fixes_the_finish() -> None:
    result = run([task(1, 3, actual_finish=jan(10))])
    assert span(result, 1) == (jan(8), jan(10))


def test_status_date_pushes_unstarted_and_remaining_work() -> None:
    tasks = [
        task(1, 2),
        task(2, 4, actual_start=jan(8), percent_complete=25),
        task(3, 6, actual_start=jan(8), percent_complete=80),
    ]
    result = run(tasks, status_date=jan(10))
    assert span(result, 1) == (jan(11), jan(12))
    assert span(result, 2) == (jan(8), jan(15))  # 3 days left: 11th, 12th, 15th
    assert span(result, 3) == (jan(8), jan(15))  # ahead of plan: keeps its planned finish
    assert span(run(tasks), 2) == (jan(8), jan(11))


# -- summaries and WBS --------------------------------------------------------------------


def wbs_plan() -> list[TaskToSchedule]:
    return [
        task(1, 0, "Phase 1", order=1),
        task(2, 3, "Design", parent_id=1, order=2, work=24, percent_complete=100),
        task(3, 5, "Build", parent_id=1, order=1, work=40, percent_complete=50),
        task(4, 0, "Phase 2", order=2),
        task(5, 2, "Test", parent_id=4, order=1),
        task(6, 9, "Release", parent_id=4, order=2),
        task(7, 1, "Deploy", parent_id=6, order=1, percent_complete=100),
    ]


def test_wbs_codes_follow_parent_then_order() -> None:
    result = run(wbs_plan(), [link(3, 2), link(1, 4), link(5, 7)])
    codes = {task_id: row.wbs for task_id, row in result.tasks.items()}
    assert codes == {1: "1", 3: "1.1", 2: "1.2", 4: "2", 5: "2.1", 6: "2.2", 7: "2.2.1"}


def test_summaries_roll_up_dates_work_and_percent() -> None:
    result = run(wbs_plan(), [link(3, 2), link(1, 4), link(5, 7)])
    assert span(result, 3) == (jan(1), jan(5))
    assert span(result, 2) == (jan(8), jan(10))
    phase1 = result.tasks[1]
    assert (phase1.start, phase1.finish, phase1.duration) == (jan(1), jan(10), 8)
    assert phase1.is_summary and not result.tasks[2].is_summary
    assert phase1.work == 64
    assert phase1.percent_complete == pytest.approx((40 * 50 + 24 * 100) / 64)
    # Phase 2 waits for all of Phase 1, whatever its own (ignored) duration.
    assert span(result, 5) == (jan(11), jan(12))
    assert span(result, 7) == (jan(15), jan(15))
    assert span(result, 6) == (jan(15), jan(15))
    phase2 = result.tasks[4]
    assert (phase2.start, phase2.finish) == (jan(11), jan(15))
    assert phase2.work is None
    # No work given: weighted by duration, Test (2 days, 0%) and Deploy (1 day, 100%).
    assert phase2.percent_complete == pytest.approx(100 / 3)
    assert phase2.total_float == 0 and phase2.critical
    # Design and Deploy are finished, so not critical and not on the critical path.
    assert result.critical_path == [3, 5]
    assert not result.tasks[2].critical and not result.tasks[7].critical


def test_links_into_a_summary_hold_back_every_task_under_it() -> None:
    tasks = [
        task(1, 4, "Spec"),
        task(2, 0, "Phase"),
        task(3, 1, parent_id=2),
        task(4, 2, parent_id=2),
    ]
    result = run(tasks, [link(1, 2, "SS", 1)])
    assert span(result, 3) == (jan(2), jan(2))
    assert span(result, 4) == (jan(2), jan(3))
    # Spec finishes last; the phase's tasks have float up to its finish.
    assert result.tasks[4].total_float == 1
    assert result.tasks[3].free_float == 2


def test_float_of_a_task_in_a_summary_reaches_through_the_summary() -> None:
    tasks = [
        task(1, 0, "Phase"),
        task(2, 1, parent_id=1),
        task(3, 3, parent_id=1),
        task(4, 2, "After"),
    ]
    result = run(tasks, [link(1, 4)])
    assert span(result, 4) == (jan(4), jan(5))
    assert result.tasks[2].total_float == 2
    assert result.tasks[2].free_float == 2
    assert result.tasks[3].free_float == 0


@pytest.mark.parametrize(
    ("link_kind", "pred", "succ", "message"),
    [
        ("FF", 1, 2, "Summary task 'Phase' can only be a successor through a finish-to-start"),
        ("SF", 1, 2, "Summary task 'Phase' can only be a successor through a finish-to-start"),
        ("SS", 2, 1, "Summary task 'Phase' can only be a predecessor through a finish-to-start"),
        ("SF", 2, 1, "Summary task 'Phase' can only be a predecessor through a finish-to-start"),
    ],
)
def test_summary_refuses_links_it_cannot_honour(
    link_kind: str, pred: int, succ: int, message: str
) -> None:
    tasks = [task(1, 2, "Other"), task(2, 0, "Phase"), task(3, 1, parent_id=2)]
    with pytest.raises(DependencyError, match=message):
        run(tasks, [link(pred, succ, link_kind)])


def test_link_from_a_task_to_its_own_summary_is_a_cycle() -> None:
    tasks = [task(1, 0, "Phase"), task(2, 1, "Design", parent_id=1)]
    with pytest.raises(DependencyError) as error:
        run(tasks, [link(2, 1)])
    assert str(error.value) == "These links form a cycle: 'Phase' -> 'Design' -> 'Phase'"


def test_snet_and_fnlt_on_a_summary_apply_to_its_tasks() -> None:
    tasks = [
        task(1, 0, "Phase", constraint=ConstraintKind.SNET, constraint_date=jan(10)),
        task(2, 2, parent_id=1),
        task(3, 0, "Late", constraint=ConstraintKind.FNLT, constraint_date=jan(2)),
        task(4, 3, parent_id=3),
    ]
    result = run(tasks)
    assert span(result, 2) == (jan(10), jan(11))
    assert result.tasks[4].total_float == -1
    assert result.conflicts == [
        "'Late' must finish no later than 2024-01-02 but cannot finish before 2024-01-03"
    ]


def test_mso_on_a_summary_is_ignored_and_reported() -> None:
    tasks = [
        task(1, 0, "Phase", constraint=ConstraintKind.MSO, constraint_date=jan(10)),
        task(2, 2, parent_id=1),
    ]
    result = run(tasks)
    assert span(result, 2) == (jan(1), jan(2))
    assert result.conflicts == [
        "'Phase' is a summary task: its MSO constraint is ignored"
        " (constrain the tasks under it instead)"
    ]


# -- float and the critical path ------------------------------------------------------------


def test_free_float_against_the_next_task() -> None:
    result = run([task(1, 2), task(2, 3), task(3, 5)], [link(1, 3), link(2, 3)])
    assert span(result, 3) == (jan(4), jan(10))
    assert (result.tasks[1].free_float, result.tasks[1].total_float) == (1, 1)
    assert (result.tasks[2].free_float, result.tasks[2].total_float) == (0, 0)


def test_free_float_smaller_than_total_float() -> None:
    tasks = [task(1, 1), task(2, 1), task(3, 1), task(4, 6)]
    result = run(tasks, [link(1, 2), link(2, 3)])
    assert result.project_finish == jan(8)
    assert (result.tasks[1].total_float, result.tasks[1].free_float) == (3, 0)
    assert (result.tasks[3].total_float, result.tasks[3].free_float) == (3, 3)
    assert result.tasks[1].late_start == jan(4)


def test_kickoff_milestone_beside_a_one_day_task_has_a_day_of_float() -> None:
    # The milestone is on Monday morning, the project ends Monday evening: one working
    # day later, as MS Project counts float. Its late date is still Monday.
    result = run([task(1, 0, "Kick-off"), task(2, 1)])
    kickoff = result.tasks[1]
    assert (kickoff.start, kickoff.late_start, kickoff.late_finish) == (jan(1), jan(1), jan(1))
    assert (kickoff.total_float, kickoff.free_float, kickoff.critical) == (1, 1, False)
    assert (result.tasks[2].total_float, result.tasks[2].critical) == (0, True)


def test_start_driven_milestone_leaves_its_predecessors_their_float() -> None:
    # Build runs Monday to Wednesday; Ready comes a day after Build starts (Tuesday
    # morning) and after Order (Monday). The project ends Wednesday evening, so Ready
    # may slip to then: two working days, and Order with it.
    tasks = [task(1, 3, "Build"), task(2, 0, "Ready"), task(3, 1, "Order")]
    result = run(tasks, [link(1, 2, "SS", 1), link(3, 2)])
    assert span(result, 2) == (jan(2), jan(2))
    assert (result.tasks[2].total_float, result.tasks[2].critical) == (2, False)
    order = result.tasks[3]
    assert (order.total_float, order.free_float, order.late_finish) == (2, 0, jan(3))


def test_ss_link_to_a_summary_after_a_predecessor_keeps_its_float() -> None:
    # Phase follows Prepare (Monday) and holds Work (Tuesday, Wednesday). Survey,
    # linked start-to-start to Phase, may start as late as Work does: Tuesday.
    tasks = [
        task(1, 1, "Prepare"),
        task(2, 0, "Phase"),
        task(3, 2, "Work", parent_id=2),
        task(4, 1, "Survey"),
    ]
    to_summary = run(tasks, [link(1, 2), link(4, 2, "SS")])
    survey = to_summary.tasks[4]
    assert (survey.late_start, survey.total_float, survey.critical) == (jan(2), 1, False)
    to_child = run(tasks, [link(1, 2), link(4, 3, "SS")])
    assert to_summary.tasks == to_child.tasks


def test_a_finished_task_is_not_critical() -> None:
    # Design is done (100 %) and drives Build: it has no float left but is not
    # critical, as in MS Project; its summary holds only finished work.
    tasks = [
        task(1, 0, "Phase"),
        task(2, 2, "Design", parent_id=1, percent_complete=100,
             actual_start=jan(1), actual_finish=jan(2)),
        task(3, 3, "Build"),
    ]  # fmt: skip
    result = run(tasks, [link(2, 3)], status_date=jan(2))
    design = result.tasks[2]
    assert (design.total_float, design.critical) == (0, False)
    assert not result.tasks[1].critical
    assert (result.tasks[3].total_float, result.tasks[3].critical) == (0, True)
    assert result.critical_path == [3]


def test_critical_path_follows_the_driving_chain() -> None:
    tasks = [task(1, 3), task(2, 2), task(3, 1), task(4, 1)]
    result = run(tasks, [link(1, 2), link(1, 3), link(2, 4), link(3, 4)])
    assert result.critical_path == [1, 2, 4]
    assert [result.tasks[i].critical for i in (1, 2, 3, 4)] == [True, True, False, True]
    assert result.tasks[3].total_float == 1
    assert result.project_finish == jan(8)


def test_critical_path_through_ss_and_ff_links() -> None:
    tasks = [task(1, 5), task(2, 2), task(3, 3)]
    result = run(tasks, [link(1, 2, "SS", 4), link(2, 3, "FF", 2)])
    assert span(result, 2) == (jan(5), jan(8))
    assert span(result, 3) == (jan(8), jan(10))
    assert result.critical_path == [1, 2, 3]


# -- cross-project links ---------------------------------------------------------------------


def test_link_across_projects_with_different_calendars() -> None:
    office = WorkCalendar()
    sunday_to_thursday = WorkCalendar(weekdays=frozenset({6, 0, 1, 2, 3}))
    tasks = [
        task(1, 3, project_id=1),
        task(2, 2, project_id=2),
        task(3, 1, project_id=1),
        task(4, 1, project_id=2),
    ]
    links = [link(1, 2), link(2, 3), link(1, 4, lag=1)]
    result = schedule(tasks, links, {1: START, 2: START}, {1: office, 2: sunday_to_thursday})
    assert span(result, 1) == (jan(1), jan(3))
    assert span(result, 2) == (jan(4), jan(7))  # Thursday, then Sunday
    assert span(result, 3) == (jan(8), jan(8))
    assert span(result, 4) == (jan(7), jan(7))  # Thursday is the lag day
    assert result.project_finishes == {1: jan(8), 2: jan(7)}
    assert result.critical_path == [1, 2, 3]
    assert result.tasks[2].late_finish == jan(7)
    assert result.tasks[1].total_float == 0


# -- refusals ---------------------------------------------------------------------------------

NAMES = {1: "Design", 2: "Build", 3: "Test", 4: "Ship"}
EXISTING = [link(1, 2), link(2, 3)]


def test_validate_accepts_a_good_link() -> None:
    validate_dependency(EXISTING, NAMES.keys(), link(3, 4), NAMES)


def test_validate_refuses_a_self_link() -> None:
    with pytest.raises(DependencyError) as error:
        validate_dependency(EXISTING, NAMES.keys(), link(2, 2), NAMES)
    assert str(error.value) == "A task cannot depend on itself: 'Build'"


def test_validate_refuses_a_duplicate() -> None:
    with pytest.raises(DependencyError) as error:
        validate_dependency(EXISTING, NAMES.keys(), link(1, 2, "SS", 3), NAMES)
    assert str(error.value) == "This link already exists: 'Design' -> 'Build'"


def test_validate_refuses_a_missing_task() -> None:
    with pytest.raises(DependencyError) as error:
        validate_dependency(EXISTING, NAMES.keys(), link(3, 99), NAMES)
    assert str(error.value) == "Task '#99' does not exist (it may have been deleted)"


def test_validate_names_the_whole_cycle_in_order() -> None:
    with pytest.raises(DependencyError) as error:
        validate_dependency(EXISTING, NAMES.keys(), link(3, 1), NAMES)
    assert str(error.value) == (
        "This link would create a cycle: 'Test' -> 'Design' -> 'Build' -> 'Test'"
    )


def test_validate_brief_example_cycle() -> None:
    names = {1: "A", 2: "B", 3: "C"}
    with pytest.raises(DependencyError) as error:
        validate_dependency([link(2, 3), link(3, 1)], names.keys(), link(1, 2), names)
    assert str(error.value) == "This link would create a cycle: 'A' -> 'B' -> 'C' -> 'A'"


def test_validate_two_task_cycle() -> None:
    with pytest.raises(DependencyError, match="cycle: 'Build' -> 'Design' -> 'Build'"):
        validate_dependency(EXISTING, NAMES.keys(), link(2, 1), NAMES)


def test_validate_with_hierarchy() -> None:
    names = {1: "Phase", 2: "Design", 3: "Review", 4: "Kickoff"}
    parents = {1: None, 2: 1, 3: None, 4: None}
    with pytest.raises(DependencyError, match="'Design' is part of summary task 'Phase'"):
        validate_dependency([], names.keys(), link(2, 1), names, parent_of=parents)
    with pytest.raises(DependencyError, match="'Phase' can only be a successor"):
        validate_dependency([], names.keys(), link(4, 1, "FF"), names, parent_of=parents)
    # Review waits for the phase; the phase's task cannot then wait for Review.
    with pytest.raises(DependencyError) as error:
        validate_dependency([link(1, 3)], names.keys(), link(3, 2), names, parent_of=parents)
    assert str(error.value) == (
        "This link would create a cycle: 'Review' -> 'Design' -> 'Phase' -> 'Review'"
    )
    validate_dependency([link(1, 3)], names.keys(), link(4, 2), names, parent_of=parents)


def test_schedule_names_a_cycle() -> None:
    tasks = [task(1, 1, "A"), task(2, 1, "B"), task(3, 1, "C"), task(4, 1, "D")]
    with pytest.raises(DependencyError) as error:
        run(tasks, [link(4, 1), link(1, 2), link(2, 3), link(3, 1)])
    assert str(error.value) == "These links form a cycle: 'A' -> 'B' -> 'C' -> 'A'"


def test_schedule_refuses_self_and_missing_links() -> None:
    with pytest.raises(DependencyError, match="cannot depend on itself: 'A'"):
        run([task(1, 1, "A")], [link(1, 1)])
    with pytest.raises(DependencyError, match="Task '#7' does not exist"):
        run([task(1, 1, "A")], [link(1, 7)])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"duration": -1}, "duration must be 0 or more"),
        ({"percent_complete": 101}, "percent complete"),
        ({"constraint": ConstraintKind.MSO}, "needs a date"),
        ({"actual_start": jan(5), "actual_finish": jan(4)}, "before the actual start"),
    ],
)
def test_task_input_is_checked(fields: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"id": 1, "duration": 1, "name": "A", **fields}
    with pytest.raises(ValueError, match=message):
        TaskToSchedule(**values)  # type: ignore[arg-type]


def test_broken_hierarchies_are_refused() -> None:
    with pytest.raises(ValueError, match="appears twice"):
        run([task(1, 1), task(1, 2)])
    with pytest.raises(ValueError, match="'T1' has parent #9, which does not exist"):
        run([task(1, 1, parent_id=9)])
    with pytest.raises(ValueError, match="hierarchy has a cycle"):
        run([task(1, 1, parent_id=2), task(2, 1, parent_id=1), task(3, 1)])


def test_empty_plan() -> None:
    result = run([])
    assert result.tasks == {} and result.critical_path == []
    assert result.project_start == START and result.project_finish == START


def test_long_chain_is_not_recursive() -> None:
    count = 30_000
    tasks = [task(i, 1) for i in range(count)]
    result = run(tasks, [link(i, i + 1) for i in range(count - 1)])
    assert result.project_finish == CAL.add_working_days(START, count - 1)
    assert len(result.critical_path) == count


# -- baselines ---------------------------------------------------------------------------------


def test_variance_in_working_days() -> None:
    baseline = {1: (jan(1), jan(5)), 2: (jan(8), jan(9))}
    current = {1: (jan(3), jan(9)), 2: (jan(5), jan(5)), 3: (jan(1), jan(1))}
    assert variance(current, baseline, CAL) == {1: (2, 2), 2: (-1, -2)}
