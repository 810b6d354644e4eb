"""WBS order: tree order of tasks and their codes (1, 1.2, 1.2.3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WbsEntry:
    id: int
    code: str
    depth: int
    has_children: bool


def wbs_order(items: Iterable[tuple[int, int | None, int]]) -> list[WbsEntry]:
    """Order (id, parent_id, position) triples depth-first, siblings by position then id.

    An item whose parent is not among the items is treated as a root.
    """
    rows = list(items)
    known = {item_id for item_id, _, _ in rows}
    children: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for item_id, parent_id, position in rows:
        parent = parent_id if parent_id in known else None
        children[parent].append((position, item_id))
    for siblings in children.values():
        siblings.sort()
    ordered: list[WbsEntry] = []
    # An explicit stack: WBS trees can be deeper than Python's recursion limit allows.
    stack: list[tuple[int, str, int]] = [
        (item_id, str(n), 0) for n, (_, item_id) in reversed(list(enumerate(children[None], 1)))
    ]
    while stack:
        item_id, code, depth = stack.pop()
        kids = children.get(item_id, [])
        ordered.append(WbsEntry(item_id, code, depth, bool(kids)))
        for n, (_, kid) in reversed(list(enumerate(kids, 1))):
            stack.append((kid, f"{code}.{n}", depth + 1))
    return ordered
