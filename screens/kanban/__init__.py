"""Execution's screens: the Kanban board, its workflow, sprints and the tasks in flight."""
