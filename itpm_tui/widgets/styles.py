"""Small renderers shared by screens: health, status and priority as words with colour."""

from __future__ import annotations

from rich.text import Text

HEALTH_STYLES = {"green": "green", "amber": "yellow", "red": "bold red"}
STATUS_LABELS = {
    "backlog": "Backlog",
    "todo": "To do",
    "in-progress": "In progress",
    "review": "Review",
    "done": "Done",
}
PRIORITY_STYLES = {"low": "dim", "medium": "", "high": "yellow", "critical": "bold red"}


def health_text(health: str) -> Text:
    """The word carries the meaning; the colour only helps."""
    return Text(health, style=HEALTH_STYLES.get(health, ""))


def status_text(status: str) -> Text:
    return Text(STATUS_LABELS.get(status, status), style="green" if status == "done" else "")


def priority_text(priority: str) -> Text:
    return Text(priority, style=PRIORITY_STYLES.get(priority, ""))
