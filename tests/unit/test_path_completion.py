"""Completing a path in the import dialog: one candidate completes, several their common part."""

from __future__ import annotations

from pathlib import Path

import pytest

from itpm_tui.services.shared.path_completion import complete_path


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "erp.xml").write_text("x")
    (tmp_path / "plans" / "erp-2027.xml").write_text("x")
    (tmp_path / "plans" / "notes.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_one_candidate_completes_a_directory_with_its_slash(tree: Path) -> None:
    assert complete_path("pl") == "plans/"
    assert complete_path(f"{tree}/pl") == f"{tree}/plans/"


def test_several_candidates_complete_to_their_common_part(tree: Path) -> None:
    assert complete_path("plans/e") == "plans/erp"
    # Nothing more in common than what is typed: no completion.
    assert complete_path("plans/erp") is None


def test_other_endings_and_hidden_files_are_left_out(tree: Path) -> None:
    assert complete_path("plans/n", suffixes=(".xml",)) is None
    assert complete_path("plans/n") == "plans/notes.txt"
    assert complete_path(".h") == ".hidden"
    assert complete_path("") is None
    assert complete_path("missing/x") is None


def test_the_home_directory_is_read_through_a_tilde(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tree))
    assert complete_path("~/pla") == "~/plans/"
