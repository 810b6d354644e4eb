"""Bad project documents: each refused with one line naming the place, nothing saved;
hostile text kept as text, its control characters never stored."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from itpm_tui.db import write_session
from itpm_tui.services.exchange.formats import FileProblem, ImportOptions, import_format
from itpm_tui.services.exchange.json_schema import (
    ColumnSpec,
    DocumentError,
    Kind,
    decode,
    parse_int,
)
from itpm_tui.services.shared.errors import ItpmError

if TYPE_CHECKING:  # pytest puts tests/ on the path; mypy names the module from the root
    from tests.json_docs import TODAY, as_json, contents, export_doc, import_doc, to_bytes
else:
    from json_docs import TODAY, as_json, contents, export_doc, import_doc, to_bytes

Doc = dict[str, Any]
# One line: a JSON path (tables.task[3].start), or a line of the file, then what is wrong.
PLACE = re.compile(r"^(line \d+|byte \d+|[a-z_]+(\.[a-z_]+|\[\d+\])*|the [a-z ]+): \S|^the file ")


@pytest.fixture
def base(demo_engine: Engine) -> Iterator[Doc]:
    yield as_json(export_doc(demo_engine, "NET-CORE"))


def _task_index(doc: Doc, number: int) -> int:
    return next(i for i, row in enumerate(doc["tables"]["task"]) if row["id"] == number)


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """A change to the document at a path such as tables.task[2].title."""

    def change(doc: Doc) -> None:
        parts = re.findall(r"[a-z_]+|\[\d+\]", path)
        target: Any = doc
        for part in parts[:-1]:
            target = target[int(part[1:-1])] if part.startswith("[") else target[part]
        last = parts[-1]
        if last.startswith("["):
            target[int(last[1:-1])] = value
        else:
            target[last] = value

    return change


def _drop(path: str, key: str) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        parts = re.findall(r"[a-z_]+|\[\d+\]", path)
        target: Any = doc
        for part in parts:
            target = target[int(part[1:-1])] if part.startswith("[") else target[part]
        del target[key]

    return change


def _loop(doc: Doc) -> None:
    first, second = doc["tables"]["task"][0], doc["tables"]["task"][1]
    first["parent_id"], second["parent_id"] = second["id"], first["id"]


def _twice(doc: Doc) -> None:
    links = doc["tables"]["dependency"]
    links.append(dict(links[0], id=max(row["id"] for row in links) + 1))


CASES: list[tuple[str, Callable[[Doc], None], str]] = [
    ("another format", _set("format", "ms-project"), "format: this is not an itpm project"),
    ("a later version", _set("version", 2), "version: version 2 is not one"),
    ("a version as text", _set("version", "1"), "version: version '1' is not one"),
    ("a huge version", _set("version", 10**40), "version: version of 41 digits"),
    ("a missing row", _set("tables.task[3].parent_id", 999), "tables.task[3].parent_id: refers"),
    ("a missing link end", _set("tables.dependency[0].successor_id", 4242), "successor_id: refers"),
    ("a missing person", _set("tables.task[1].assignee_id", 77), "tables.task[1].assignee_id: ref"),
    ("a long title", _set("tables.task[2].title", "x" * 20_000), "tables.task[2].title: the text"),
    ("huge money", _set("tables.budget_line[0].planned_cents", 10**40), "41 digits: too large"),
    ("money past 64 bits", _set("tables.expense[0].amount_cents", 2**63), "too large for a"),
    ("a huge float", _set("tables.task[0].estimate_days", 1e300), "1e+300 is out of range"),
    ("a number for a date", _set("tables.task[4].start", 20261203), "start: expected text"),
    ("text for a yes/no", _set("tables.task[0].is_milestone", "yes"), "expected true or false"),
    ("text for a number", _set("tables.task[0].percent_complete", "50"), "expected a whole"),
    ("a number with a point", _set("tables.task[0].percent_complete", 50.5), "expected a whole"),
    ("a list for text", _set("tables.task[0].title", ["a"]), "title: expected text, found a list"),
    ("null where required", _set("tables.task[0].title", None), "title: a value is required"),
    ("no title", _drop("tables.task[0]", "title"), "tables.task[0].title: missing"),
    ("an unknown table", _set("tables.spaceship", []), "tables.spaceship: 'spaceship' is not"),
    ("an unknown column", _set("tables.task[0].colour", "red"), "task has no column 'colour'"),
    ("a date out of range", _set("tables.task[0].start", "1900-01-01"), "1900-01-01 is out of"),
    ("no such day", _set("tables.task[0].start", "2026-02-30"), "not a date of the calendar"),
    ("a date in words", _set("tables.task[0].start", "next monday"), "is not a date (YYYY"),
    ("a time with no zone", _set("project.created_at", "2026-12-03T10:00:00"), "no time zone"),
    ("a loop of parents", _loop, "chain loops back"),
    ("a repeated number", _set("tables.task[1].id", 1), "tables.task[1].id: number 1 is also"),
    ("a link twice", _twice, "repeats predecessor_id, successor_id of tables.dependency[0]"),
    ("rows not a list", _set("tables.task", {"a": 1}), "tables.task: expected a list"),
    ("a row not an object", _set("tables.task[0]", 7), "tables.task[0]: expected an object"),
    ("no project", _drop("", "project"), "project: expected an object"),
]


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_document_is_refused_naming_the_place(
    demo_engine: Engine, base: Doc, change: Callable[[Doc], None], message: str
) -> None:
    doc = copy.deepcopy(base)
    # Numbers in the cases are those of the NET-CORE document: check they still point there.
    assert _task_index(doc, 1) == 0
    change(doc)
    before = contents(demo_engine)
    with pytest.raises(FileProblem) as refused:
        import_doc(demo_engine, to_bytes(doc), code="NEW-CODE")
    shown = str(refused.value)
    assert message in shown
    assert "\n" not in shown and PLACE.match(shown), shown
    assert contents(demo_engine) == before


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (lambda data: data[: len(data) // 2], "the file ends in the middle of the document"),
        (lambda data: b"\xff\xfe" + data, "byte 0: the file is not UTF-8"),
        (lambda data: bytes(range(256)) * 4, "not UTF-8"),
        (lambda data: data.replace(b'"version": 1', b'"version": NaN'), "NaN is not a number"),
        (lambda data: data.replace(b'"format"', b"'format'", 1), "line 2, column 2"),
        (lambda data: b"[" * 100_000, "nests lists or objects too deeply"),
        (lambda data: data.replace(b'"position": 0', b'"position": ' + b"9" * 5000, 1), "5000 dig"),
        (
            lambda data: data.replace(b'"lag_days": 0', b'"lag_days": 1e999', 1),
            "lag_days: expected a whole",
        ),
        (lambda data: b"", "line 1: the file ends"),
        (lambda data: b'["itpm-project", 1]', "the file holds no project document"),
    ],
    ids=[
        "cut",
        "utf-16",
        "binary",
        "nan",
        "syntax",
        "deep",
        "5000 digits",
        "1e999",
        "empty",
        "list",
    ],
)
def test_a_broken_file_is_refused_naming_the_line(
    demo_engine: Engine, cut: Callable[[bytes], bytes], message: str
) -> None:
    data = cut(export_doc(demo_engine, "NET-CORE"))
    before = contents(demo_engine)
    with pytest.raises(FileProblem, match=re.escape(message)) as refused:
        import_doc(demo_engine, data, code="NEW-CODE")
    assert "\n" not in str(refused.value)
    assert contents(demo_engine) == before


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ({"oops": 1}, "history: expected a list"),
        ([{"label": "x", "at": "yesterday", "changes": []}], "history[0].at: not a timestamp"),
        ([{"label": "x" * 500, "at": "2026-12-01T10:00:00+00:00"}], "history[0].label: the"),
        (
            [{"label": "x", "at": "2026-12-01T10:00:00+00:00", "changes": [{"op": "drop"}]}],
            "history[0].changes[0].table: expected text",
        ),
        (
            [
                {
                    "label": "x",
                    "at": "2026-12-01T10:00:00+00:00",
                    "changes": [{"table": "task", "op": "update", "new": {"n": 10**40}}],
                }
            ],
            "history[0].changes[0].new: holds a number too large",
        ),
    ],
    ids=["not a list", "bad time", "long label", "no table", "huge number"],
)
def test_a_bad_history_is_refused_naming_the_place(
    demo_engine: Engine, base: Doc, history: Any, message: str
) -> None:
    base["history"] = history
    before = contents(demo_engine)
    with pytest.raises(FileProblem, match=re.escape(message)):
        import_doc(demo_engine, to_bytes(base), code="NEW-CODE")
    assert contents(demo_engine) == before


def test_a_project_document_is_not_added_to_another_project(demo_engine: Engine) -> None:
    with pytest.raises(FileProblem, match="makes a project of its own"):
        import_doc(demo_engine, export_doc(demo_engine, "NET-CORE"), into_project="CRM-AZ")


def test_the_code_in_the_document_must_be_a_code(demo_engine: Engine, base: Doc) -> None:
    base["project"]["code"] = "no spaces allowed"
    with pytest.raises(FileProblem, match="project.code: 'NO SPACES ALLOWED' is not a project"):
        import_doc(demo_engine, to_bytes(base))


def test_a_code_asked_for_must_be_a_code(demo_engine: Engine) -> None:
    with pytest.raises(FileProblem, match="the code asked for: 'A B' is not a project code"):
        import_doc(demo_engine, export_doc(demo_engine, "NET-CORE"), code="a b")


def test_escape_sequences_and_markup_are_kept_as_text_never_as_controls(
    demo_engine: Engine, base: Doc
) -> None:
    doc = copy.deepcopy(base)
    doc["tables"]["task"][0]["title"] = "clear \x1b[2J screen [bold]x[/] \x9b31m \u202eevil"
    doc["tables"]["task"][0]["description"] = "line one\n\ttabbed \x07bell"
    import_doc(demo_engine, to_bytes(doc), code="ESC-1")
    with demo_engine.connect() as conn:
        title, description = conn.execute(
            text(
                "SELECT t.title, t.description FROM task AS t JOIN project AS p "
                "ON p.id = t.project_id WHERE p.code = 'ESC-1' ORDER BY t.id LIMIT 1"
            )
        ).one()
        conn.rollback()
    assert title == "clear [2J screen [bold]x[/] 31m evil"
    assert description == "line one\n\ttabbed bell"


def _dry_run(engine: Engine, data: bytes) -> None:
    """Import and roll back, as a dry run does."""

    class _RolledBack(Exception):
        pass

    with pytest.raises(_RolledBack), write_session(engine, "dry run") as session:
        import_format("json").read(session, data, ImportOptions(today=TODAY, code="DRY-RUN"))
        raise _RolledBack


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_anywhere_is_taken_or_refused_with_its_place(
    demo_engine: Engine, base: Doc, data: st.DataObject
) -> None:
    doc = copy.deepcopy(base)
    tables = sorted(name for name, rows in doc["tables"].items() if rows)
    table = data.draw(st.sampled_from(tables), label="table")
    index = data.draw(st.integers(0, len(doc["tables"][table]) - 1), label="row")
    row = doc["tables"][table][index]
    column = data.draw(st.sampled_from(sorted(row)), label="column")
    row[column] = data.draw(json_values, label="value")
    try:
        _dry_run(demo_engine, to_bytes(doc))
    except FileProblem as exc:
        shown = str(exc)
        assert "\n" not in shown and PLACE.match(shown), shown
    except ItpmError as exc:  # anything else the user is told is a sentence, never a trace
        assert "\n" not in str(exc)


kinds = st.sampled_from(list(Kind))


@given(kind=kinds, nullable=st.booleans(), raw=json_values)
def test_a_value_is_decoded_to_its_kind_or_refused_at_its_path(
    kind: Kind, nullable: bool, raw: Any
) -> None:
    spec = ColumnSpec("note", kind, nullable, None)
    try:
        value = decode(spec, raw, "tables.task[0].note")
    except DocumentError as exc:
        assert exc.path == "tables.task[0].note"
        return
    expected = {
        Kind.INT: int,
        Kind.FLOAT: float,
        Kind.BOOL: bool,
        Kind.TEXT: str,
        Kind.DATE: type(TODAY),
    }
    if value is None:
        assert nullable and raw is None
    elif kind is Kind.TIMESTAMP:
        assert value.tzinfo is not None
    else:
        assert type(value) is expected[kind]


@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=60))
def test_long_numbers_are_kept_aside_not_converted(digits: str) -> None:
    parsed = parse_int(digits)
    if len(digits) > 30:
        with pytest.raises(DocumentError, match="digits: too large"):
            decode(ColumnSpec("n", Kind.INT, False, None), parsed, "n")
    else:
        assert parsed == int(digits)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(min_size=1, max_size=200))
def test_any_title_comes_back_as_the_same_text_less_its_controls(
    demo_engine: Engine, base: Doc, title: str
) -> None:
    doc = copy.deepcopy(base)
    doc["tables"]["task"][0]["title"] = title
    with write_session(demo_engine, "import") as session:
        import_format("json").read(
            session, to_bytes(doc), ImportOptions(today=TODAY, code="T-1", replace=True)
        )
        stored = (
            session.connection()
            .execute(
                text(
                    "SELECT t.title FROM task AS t JOIN project AS p ON p.id = t.project_id "
                    "WHERE p.code = 'T-1' ORDER BY t.id LIMIT 1"
                )
            )
            .scalar_one()
        )
    control = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    assert stored == control.sub("", title)
