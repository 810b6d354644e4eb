"""The lazily loaded models: each name loads its class, and the type checker sees the same."""

from __future__ import annotations

import ast
from importlib import import_module
from pathlib import Path

import itpm_tui.models as models


def _type_checking_imports() -> dict[str, str]:
    """name -> module of the imports under `if TYPE_CHECKING:` in models/__init__.py."""
    tree = ast.parse(Path(models.__file__).read_text())
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module
                for alias in stmt.names:
                    found[alias.name] = stmt.module.rsplit(".", 1)[1]
    return found


def test_the_type_checker_sees_every_lazy_model_where_it_loads_from() -> None:
    assert _type_checking_imports() == models._LAZY


def test_every_lazy_name_loads_its_class_and_is_exported() -> None:
    for name, module in models._LAZY.items():
        value = getattr(models, name)
        assert value is getattr(import_module(f"itpm_tui.models.{module}"), name)
        assert name in models.__all__
