"""Reusable widgets: they take plain data, post messages, and know nothing of the database."""
