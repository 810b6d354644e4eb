"""The Kanban board: workflow, card moves, sprints, flow metrics and the board's plain data."""
