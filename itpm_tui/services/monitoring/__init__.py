"""Monitoring & Control: budget, time, earned value, KPIs, health, alerts, dashboards, reports."""
