"""HTML pages from Jinja templates (scripts/kb/templates/), with autoescape on.

Every value a template prints is escaped unless it is already Markup. Only two things are
Markup: what the templates themselves write (their text and macros) and contributor Markdown
after kb.markup.md has sanitised it (the `md` filter). So no code outside the templates
builds HTML, and forgetting to escape is not possible: escaping is the default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from kb.context import SECTION
from kb.derive import is_stale
from kb.fields import figure
from kb.markup import front_matter, md

TEMPLATES = Path(__file__).parent / "templates"


def href(page: str, kind: str, entry_id: str = "index") -> str:
    """Relative link from the page at `page` (a docs path) to an entry's built page."""
    return relative(f"{SECTION[kind]}/{entry_id}.html", page)


def relative(target: str, page: str) -> str:
    """posixpath.relpath(target, dirname(page)) for the plain relative paths of docs/,
    without its filesystem calls (tens of thousands of links at thousands of models)."""
    here, there = page.split("/")[:-1], target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def number(value: float | int | None, unit: str = "") -> str:
    """A figure with thousands separators, or a dash where the catalog has none."""
    return "—" if value is None else figure(value) + unit


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda text: Markup(md(text))  # sanitised by kb.markup.md: the one trusted conversion
    env.filters["number"] = number
    env.globals.update(href=href, relative=relative, number=number, is_stale=is_stale)
    return env


ENV = _environment()


class PageError(Exception):
    """A template could not render a page (data it does not know, a bug): which page, which
    template; the original error is the cause, shown by `generate.py --debug`."""

    def __init__(self, path: str, template: str, cause: Exception) -> None:
        super().__init__(f"could not render {path} with template {template}: {type(cause).__name__}: {cause}")
        self.path, self.template = path, template


def render(template: str, **values: Any) -> str:
    return ENV.get_template(template).render(**values)


def page(path: str, title: str, template: str, meta: dict[str, object] | None = None, **values: Any) -> tuple[str, str]:
    """A generated page: front matter, then the template's body inside the page wrapper."""
    try:
        body = render(template, path=path, title=title, **values)
    except Exception as error:
        raise PageError(path, template, error) from error
    return path, front_matter(title, **(meta or {})) + body
