"""The JSON format: one project, every row of every table that belongs to it, out and back in.

The document (`{"format": "itpm-project", "version": 1, ...}`) numbers each table's rows
1, 2, 3... in the order they were made; references between rows use these numbers, so a
document says the same whatever the ids of the database it came from. People are carried
by name and email and matched on the way in. The tables come from the models' foreign
keys (json_schema), so a table added later travels without a change here.
"""

from __future__ import annotations

from itpm_tui.services.exchange import formats
from itpm_tui.services.exchange.formats import ExportFormat, ImportFormat
from itpm_tui.services.exchange.json_schema import FORMAT
from itpm_tui.services.exchange.project_json_in import read
from itpm_tui.services.exchange.project_json_out import write


def sniff(head: bytes) -> bool:
    """The start of a file looks like a project document."""
    text = head.decode("utf-8-sig", errors="ignore").lstrip()
    return text.startswith("{") and f'"{FORMAT}"' in text


formats.EXPORTS["json"] = ExportFormat(
    name="json",
    suffix=".json",
    description="itpm project document (JSON): everything in one project, for another itpm",
    write=write,
)
formats.IMPORTS["json"] = ImportFormat(
    name="json",
    suffixes=(".json",),
    description="itpm project document (JSON) made by itpm export --format json",
    sniff=sniff,
    read=read,
)
