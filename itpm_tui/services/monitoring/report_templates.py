"""The report templates (Jinja2): the package's own, a copy in the config dir, or a given file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from itpm_tui.services.shared.errors import ItpmError

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "report_templates"


def user_template_dir() -> Path:
    """Where a manager's own copies go, e.g. ~/.config/itpm/templates (platformdirs)."""
    from platformdirs import user_config_path

    return user_config_path("itpm", appauthor=False) / "templates"


def render_template(name: str, context: dict[str, Any], template_file: str | None = None) -> str:
    """Render `name` (e.g. status.html): `template_file` if given, else the user's copy, else ours.

    HTML is autoescaped: text the user typed never becomes markup.
    """
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError

    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(str(user_template_dir())), FileSystemLoader(str(PACKAGE_DIR))]
        ),
        autoescape=name.endswith(".html"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    try:
        if template_file:
            path = Path(template_file).expanduser()
            try:
                source = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise ItpmError(f"template {template_file}: {exc.strerror or exc}") from None
            template = env.from_string(source)
        else:
            template = env.get_template(name)
        return template.render(**context)
    except TemplateError as exc:
        where = template_file or name
        raise ItpmError(f"template {where}: {exc.message or exc}") from None


def _money(cents: int | None, decimals: int = 2) -> str:
    from itpm_tui.services.shared.parsing import format_money

    return "-" if cents is None else format_money(cents, decimals=decimals)


def _md_cell(text: Any) -> str:
    from itpm_tui.services.shared.export import _md_cell as cell

    return cell(str(text))


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


FILTERS = {"money": _money, "cell": _md_cell, "ratio": _ratio}
