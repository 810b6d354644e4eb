"""The people's screens: the team and each person's load across projects."""
