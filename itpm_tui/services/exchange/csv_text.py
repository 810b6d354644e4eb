"""A CSV file's bytes as rows of text: encoding found, delimiter sniffed, size capped."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from itpm_tui.services.exchange.formats import FileProblem

# A plan of 100,000 tasks is about 15 MB; anything far larger is not a task table.
MAX_BYTES = 32 * 1024 * 1024
MAX_ROWS = 100_000
# One cell longer than this is no title, estimate or date (csv's own default limit).
MAX_CELL = 131_072
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Table:
    """The header row and the data rows, each with the line it starts on."""

    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]
    encoding: str
    delimiter: str


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise FileProblem(
            f"the file is {_size(len(data))}: a spreadsheet to import is at most "
            f"{_size(MAX_BYTES)} (split it, or export fewer rows)"
        )


def _utf16_without_bom(data: bytes) -> str | None:
    """Excel's 'Unicode text' without a BOM: every other byte of ASCII text is a NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.6 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.6 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 (Excel), else Windows-1252/Latin-1."""
    check_size(data)
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif (guess := _utf16_without_bom(data)) is not None:
        candidates = [guess]
    else:
        candidates = ["utf-8", "cp1252", "latin-1"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if len(candidates) == 1:
                raise FileProblem(
                    f"byte {exc.start + 1:,}: the file says it is {encoding.upper()} "
                    "but is not: save it again as CSV (UTF-8)"
                ) from None
            continue
        _refuse_binary(text)
        return text, encoding
    raise FileProblem("the file is not text in any encoding a spreadsheet writes")  # latin-1 can't


def _refuse_binary(text: str) -> None:
    """Text has no NULs and few control characters; binary data has plenty of both.

    A table may carry some escape sequences (they are stripped from what is stored): only
    a NUL or controls in one character of ten make it binary.
    """
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    if "\x00" in sample or controls > max(32, len(sample) // 10):
        line = text.count("\n", 0, text.find("\x00") if "\x00" in sample else 0) + 1
        raise FileProblem(
            f"line {line}: this is not a text file (binary data): export the sheet as CSV"
        )


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the one of `,` `;` tab it holds most of, outside quotes."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(data: bytes) -> Table:
    """Decode and split a CSV file; FileProblem names the line of the first fault."""
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, list[str]]] = []
    previous = csv.field_size_limit(MAX_CELL)
    try:
        last = 0
        for cells in reader:
            # A quoted cell can span lines: a row starts on the line after the last one read.
            start, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header, header_line = cells, start
                continue
            if len(rows) >= MAX_ROWS:
                raise FileProblem(
                    f"line {start}: more than {MAX_ROWS:,} rows: split the file to import it"
                )
            rows.append((start, cells))
    except csv.Error as exc:
        raise FileProblem(f"line {reader.line_num}: {exc}") from None
    finally:
        csv.field_size_limit(previous)
    if header is None:
        raise FileProblem("the file is empty: a header row and a row per task are expected")
    return Table(header, header_line, rows, encoding, delimiter)
