"""Planning's screens: the WBS, the Gantt chart and the working calendar."""
