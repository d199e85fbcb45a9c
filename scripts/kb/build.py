"""Writes generated pages and exports into docs/, touching only files whose bytes change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb.catalog import load_schemas
from kb.context import Context
from kb.explore import explore_pages
from kb.exports import all_exports
from kb.pages import all_pages
from kb.problems import Result
from kb.reference import fields_page
from kb.validate import validate

# Everything the generator owns under docs/; it writes and deletes nowhere else.
GENERATED_DIRS = ("models", "licenses", "deployments", "providers", "compare", "api", "reference")
GENERATED_FILES = ("faq.md", "decide.md")


def render(root: Path, today: dt.date | None = None) -> tuple[Result, dict[str, str]]:
    """Validate the catalog and, when it is clean, return every output {docs path: text}."""
    today = today or dt.date.today()
    result, catalog = validate(root, today=today)
    if not result.ok:
        return result, {}
    ctx = Context.build(catalog, today)
    schemas = load_schemas(root)
    outputs = all_pages(ctx)
    outputs.update(explore_pages(ctx))
    outputs.update(all_exports(ctx, schemas))
    path, text = fields_page(schemas)
    outputs[path] = text
    return result, dict(sorted(outputs.items()))


def owned(relative: str) -> bool:
    return relative in GENERATED_FILES or relative.split("/", 1)[0] in GENERATED_DIRS


def write(outputs: dict[str, str], docs: Path) -> tuple[list[str], list[str]]:
    """Write changed outputs, delete generated files that are no longer produced."""
    written, removed = [], []
    for relative, text in outputs.items():
        if not owned(relative):
            raise ValueError(f"refusing to write {relative}: outside the generated folders")
        target = docs / relative
        if not target.resolve().is_relative_to(docs.resolve()):
            raise ValueError(f"refusing to write {relative}: outside {docs}")
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(relative)
    for folder in GENERATED_DIRS:
        for path in sorted((docs / folder).rglob("*")) if (docs / folder).is_dir() else []:
            relative = path.relative_to(docs).as_posix()
            if path.is_file() and relative not in outputs:
                path.unlink()
                removed.append(relative)
    for name in GENERATED_FILES:
        if (docs / name).is_file() and name not in outputs:
            (docs / name).unlink()
            removed.append(name)
    return written, removed


def clean(docs: Path) -> list[str]:
    return write({}, docs)[1]
