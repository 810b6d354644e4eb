"""The id of a row the database has saved, for screens (see itpm_tui.models.ids)."""

from __future__ import annotations

from itpm_tui.models.ids import HasId as HasId
from itpm_tui.models.ids import id_of as id_of
