"""Cleaning user text: control characters out, tab and newline kept where allowed, markup kept."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itpm_tui.services.shared.text import clean_text, normalise_tags, terminal_safe

PROPERTY = settings(max_examples=200, deadline=None)
C0_BUT_TAB_AND_NEWLINE = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"]
C1 = [chr(c) for c in range(0x7F, 0xA0)]  # DEL and the C1 block (CSI is \x9b, OSC \x9d)


def _controls(value: str, allowed: str = "") -> list[str]:
    return [c for c in value if unicodedata.category(c) == "Cc" and c not in allowed]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[2Jhello", "[2Jhello"),  # CSI: the ESC goes, the rest is plain text
        ("\x1b]0;title\x07name", "]0;titlename"),  # OSC, ended by BEL
        ("\x1b]8;;http://x\x1b\\link", "]8;;http://x\\link"),  # OSC 8 hyperlink
        ("\x9b31mred", "31mred"),  # C1 CSI
        ("\x9d0;t\x9cx", "0;tx"),  # C1 OSC and ST
        ("a\x00b\x7fc", "abc"),
        ("  padded  ", "padded"),
    ],
)
def test_clean_text_strips_escape_and_control_characters(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_a_tab_in_one_line_text_becomes_a_space_and_stays_in_multi_line_text() -> None:
    assert clean_text("Replace\tswitches\t") == "Replace switches"
    assert clean_text("a\tb", multiline=True) == "a\tb"


def test_single_line_text_turns_every_kind_of_line_end_into_a_space() -> None:
    assert clean_text("one\ntwo\r\nthree\rfour") == "one two three four"


def test_multiline_text_keeps_newlines_and_normalises_line_ends() -> None:
    assert clean_text("one\ntwo\r\nthree\rfour\x1b[0m", multiline=True) == (
        "one\ntwo\nthree\nfour[0m"
    )


@pytest.mark.parametrize(
    "markup", ["[bold]x[/]", "[/]", "[link=http://x]y[/link]", "[@click=quit]"]
)
def test_rich_markup_is_kept_literally(markup: str) -> None:
    assert clean_text(markup) == markup
    assert clean_text(markup, multiline=True) == markup


@PROPERTY
@given(st.text(alphabet=st.sampled_from(C0_BUT_TAB_AND_NEWLINE + C1 + list("ab[]/\t\n é"))))
def test_clean_text_leaves_no_control_character_but_tab_and_newline_in_multi_line_text(
    raw: str,
) -> None:
    assert _controls(clean_text(raw)) == []
    assert _controls(clean_text(raw, multiline=True), allowed="\t\n") == []


def _expected(raw: str, line_end: str, keep: str, tab: str = "\t") -> str:
    unified = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\n", line_end)
    unified = unified.replace("\t", tab)
    return "".join(c for c in unified if unicodedata.category(c) != "Cc" or c in keep).strip()


@PROPERTY
@given(st.text())
def test_clean_text_keeps_every_other_character_in_order(raw: str) -> None:
    assert clean_text(raw) == _expected(raw, " ", keep="", tab=" ")
    assert clean_text(raw, multiline=True) == _expected(raw, "\n", keep="\t\n")


@PROPERTY
@given(st.text())
def test_clean_text_is_idempotent(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once
    once_multi = clean_text(raw, multiline=True)
    assert clean_text(once_multi, multiline=True) == once_multi


def test_terminal_safe_keeps_layout_but_drops_escapes() -> None:
    assert terminal_safe(" a\tb\nc\x1b[2J\x9b ") == " a\tb\nc[2J "


@pytest.mark.parametrize(
    ("raw", "tags"),
    [
        ("a, b,,a ", "a,b"),
        ("Urgent, urgent ,URGENT", "urgent"),
        ("", ""),
        (" , ,", ""),
        ("net\x1b[1m, cloud", "net[1m,cloud"),
        ("b,a,c", "b,a,c"),  # order kept, not sorted
    ],
)
def test_normalise_tags(raw: str, tags: str) -> None:
    assert normalise_tags(raw) == tags


@PROPERTY
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=","), max_size=8)))
def test_normalise_tags_is_idempotent_and_unique(parts: list[str]) -> None:
    tags = normalise_tags(",".join(parts))
    assert normalise_tags(tags) == tags
    listed = tags.split(",") if tags else []
    assert len(listed) == len(set(listed))
    assert all(t and t == t.strip() for t in listed)


@pytest.mark.parametrize(
    "control",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_bidi_overrides_and_isolates_are_stripped_but_rtl_letters_kept(control: str) -> None:
    raw = f"pay {control}evil\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"
    expected = "pay evil \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"
    assert clean_text(raw) == expected
    assert clean_text(raw, multiline=True) == expected
    assert terminal_safe(raw) == expected
