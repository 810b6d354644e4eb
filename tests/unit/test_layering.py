"""Which way the imports run (DESIGN.md), checked on the source and in fresh interpreters."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import itpm_tui

PACKAGE = Path(itpm_tui.__file__).parent
UI = ("textual", "rich")
UI_MODULES = (
    "itpm_tui.app",
    "itpm_tui.cli",
    "itpm_tui.commands",
    "itpm_tui.screens",
    "itpm_tui.widgets",
    "screens",
    "widgets",
)


def _modules(folder: str) -> list[Path]:
    files = sorted((PACKAGE / folder).glob("*.py"))
    assert files, folder
    return files


def _imports(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (functions too), relative ones resolved."""
    package = f"itpm_tui.{path.parent.name}"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _offending(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        name
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in forbidden)
    )


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", _modules("models") + _modules("services"), ids=_id)
def test_models_and_services_never_import_textual_or_rich(path: Path) -> None:
    assert _offending(path, UI) == []


@pytest.mark.parametrize("path", _modules("models"), ids=_id)
def test_models_never_import_services_or_ui(path: Path) -> None:
    assert _offending(path, ("itpm_tui.services", *UI_MODULES)) == []


@pytest.mark.parametrize("path", _modules("services"), ids=_id)
def test_services_never_import_screens_widgets_or_the_app(path: Path) -> None:
    assert _offending(path, UI_MODULES) == []


@pytest.mark.parametrize("name", ["db.py", "config.py"])
def test_the_bottom_layer_never_imports_ui_or_services(name: str) -> None:
    assert _offending(PACKAGE / name, (*UI, *UI_MODULES, "itpm_tui.services")) == []


def test_the_import_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "services" / "sample.py"
    sample.parent.mkdir()
    sample.write_text("def f():\n    from textual.app import App\n    from .. import app\n")
    assert _offending(sample, UI) == ["textual.app", "textual.app.App"]
    assert _offending(sample, ("itpm_tui.app",)) == ["itpm_tui.app"]


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_importing_the_domain_loads_no_ui_library(tmp_path: Path) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        "import itpm_tui.db, itpm_tui.config, itpm_tui.models, itpm_tui.services\n"
        "for m in pkgutil.iter_modules(itpm_tui.services.__path__, 'itpm_tui.services.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'textual', 'rich'}))\n"
    )
    result = _python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_no_engine_is_created_at_import_time(tmp_path: Path) -> None:
    code = (
        "import sqlalchemy, sqlalchemy.engine, sqlalchemy.engine.create as create\n"
        "calls = []\n"
        "real = create.create_engine\n"
        "def spy(*args, **kwargs):\n"
        "    calls.append(args)\n"
        "    return real(*args, **kwargs)\n"
        "sqlalchemy.create_engine = sqlalchemy.engine.create_engine = create.create_engine = spy\n"
        "import importlib, pkgutil\n"
        "import itpm_tui.db, itpm_tui.cli, itpm_tui.config, itpm_tui.models, itpm_tui.services\n"
        "import itpm_tui.migrations\n"
        "for m in pkgutil.iter_modules(itpm_tui.services.__path__, 'itpm_tui.services.'):\n"
        "    importlib.import_module(m.name)\n"
        "at_import = len(calls)\n"
        "itpm_tui.db.make_engine('sqlite://').dispose()\n"  # proves the spy is in place
        "print(at_import, len(calls))\n"
    )
    result = _python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "1"]


_LAYOUT_PROBE = """
import importlib, json
result = {}
for name in ("screens", "migrations", "itpm_tui.screens", "itpm_tui.migrations"):
    try:
        result[name] = importlib.import_module(name).__name__
    except ModuleNotFoundError as exc:
        result[name] = "ModuleNotFoundError: " + str(exc)
from itpm_tui import db
from itpm_tui.migrations import HEAD_REVISION
result["head known"] = HEAD_REVISION in db.known_revisions()
print(json.dumps(result))
"""


@pytest.fixture(scope="module")
def installed_layout(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What imports from a folder outside the repository (so the checkout is not on sys.path)."""
    result = _python(_LAYOUT_PROBE, tmp_path_factory.mktemp("elsewhere"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", ["screens", "migrations"])
def test_mapped_folders_are_not_top_level_packages_once_installed(
    installed_layout: dict[str, object], name: str
) -> None:
    assert str(installed_layout[name]).startswith("ModuleNotFoundError")


@pytest.mark.parametrize("name", ["itpm_tui.screens", "itpm_tui.migrations"])
def test_mapped_folders_import_under_itpm_tui(
    installed_layout: dict[str, object], name: str
) -> None:
    assert installed_layout[name] == name


def test_migration_scripts_are_found_from_the_installed_package(
    installed_layout: dict[str, object],
) -> None:
    assert installed_layout["head known"] is True
