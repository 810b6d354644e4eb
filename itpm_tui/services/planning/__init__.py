"""Planning: calendars, the schedule engine and its records, the WBS, plan edits, the Gantt text."""
