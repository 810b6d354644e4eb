"""Monitoring & Control's screens: the dashboard, KPIs, budget, time and health thresholds."""
