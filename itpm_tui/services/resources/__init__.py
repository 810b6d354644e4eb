"""People and their load: the team, days off, allocation and load per week across projects."""
