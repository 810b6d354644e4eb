"""The portfolio's screens: the project list and the portfolio dashboard."""
