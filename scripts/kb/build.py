"""Writes generated pages and exports into docs/, touching only files whose bytes change."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from kb import fastpath
from kb.capability import frontier_page
from kb.catalog import Catalog, Loader, load_schemas, utc_today
from kb.context import SECTION, Context
from kb.coverage import coverage_page
from kb.explore import explore_pages
from kb.exports import all_exports
from kb.home import home_page
from kb.loader import Document
from kb.memo import Memo
from kb.models_table import all_models_page, models_index, table_export
from kb.pages import all_pages
from kb.problems import Problem, Result
from kb.reference import fields_page
from kb.templating import PageError
from kb.validate import validate

# Everything the generator owns under docs/; it writes and deletes nowhere else.
GENERATED_DIRS = ("models", "licenses", "deployments", "providers", "compare", "api", "reference")
GENERATED_FILES = ("index.md", "faq.md", "decide.md", "coverage.md", "frontier.md")


def render(
    root: Path, today: dt.date | None = None, loader: Loader = fastpath.load, memo: Memo | None = None, debug: bool = False
) -> tuple[Result, dict[str, str]]:
    """Validate the catalog and, when it is clean, return every output {docs path: text}.

    A page that cannot be rendered is reported as a problem of the entry it shows (or raised
    with its traceback when `debug`)."""
    today = today or utc_today()
    result, catalog = validate(root, today=today, loader=loader)
    if not result.ok:
        return result, {}
    memo = memo or Memo()
    ctx = Context.build(catalog, today, memo)
    try:
        return result, outputs(ctx, root, memo)
    except PageError as error:
        if debug:
            raise
        result.add(page_problem(catalog, error))
        return result, {}


def page_problem(catalog: Catalog, error: PageError) -> Problem:
    """The rendering failure, placed on the catalog file of the entry the page shows."""
    folder, _, name = error.path.removesuffix(".md").rpartition("/")
    shown = next((e for e in catalog.entries if e.id == name and SECTION.get(e.kind) == folder), None)
    where = shown.doc.path if shown else f"scripts/kb/templates/{error.template}"
    return Problem(
        where,
        1,
        1,
        str(error),
        hint="This is a bug in the generator or a template, not in your entry: please report it with the output of "
        "`scripts/generate.py --debug`.",
    )


def outputs(ctx: Context, root: Path, memo: Memo) -> dict[str, str]:
    """Every page and export, {docs path: text}, in path order."""
    schemas = load_schemas(root)
    made = all_pages(ctx, memo)
    made.update([models_index(ctx), all_models_page(ctx, memo), table_export(ctx, memo)])
    made.update(explore_pages(ctx))
    made.update([coverage_page(ctx), frontier_page(ctx), home_page(ctx)])
    made.update(all_exports(ctx, schemas, memo))
    path, text = fields_page(schemas)
    made[path] = text
    return dict(sorted(made.items()))


def write_atomically(path: Path, data: bytes) -> None:
    """Write data to a hidden file beside path, then rename it over path.

    A reader (MkDocs, a browser, another process) sees the old bytes or the new ones, never
    part of a file. The name starts with a dot, so MkDocs never takes it for a page. No fsync:
    this protects readers, not against power cuts."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "xb") as out:  # "x" creates it with the usual permissions (umask), unlike mkstemp
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def owned(relative: str) -> bool:
    return relative in GENERATED_FILES or relative.split("/", 1)[0] in GENERATED_DIRS


def write(outputs: dict[str, str], docs: Path, previous: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Write changed outputs, delete generated files that are no longer produced.

    `previous` is what the last call wrote: a file whose text is unchanged since then and
    that still exists is not read back to compare."""
    written, removed = [], []
    base = docs.resolve()
    for relative, text in outputs.items():
        if not owned(relative):
            raise ValueError(f"refusing to write {relative}: outside the generated folders")
        if previous is not None and previous.get(relative) == text and os.path.isfile(os.path.join(docs, relative)):
            continue
        target = docs / relative
        if not target.resolve().is_relative_to(base):
            raise ValueError(f"refusing to write {relative}: outside {docs}")
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
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


class CachingLoader:
    """Loads a file again only when its size, modification time or inode has changed.

    An unchanged file yields the very same Document, so everything made from it can be
    recognised as unchanged by identity (see Memo)."""

    def __init__(self, load: Loader = fastpath.load) -> None:
        self.load = load
        self.cache: dict[Path, tuple[tuple[int, int, int], Document | None, Problem | None]] = {}

    def __call__(self, path: Path, shown: str) -> tuple[Document | None, Problem | None]:
        try:
            stat = path.stat()
        except OSError:
            return self.load(path, shown)  # let the loader report it
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        cached = self.cache.get(path)
        if cached and cached[0] == signature and (cached[1] is None or cached[1].path == shown):
            return cached[1], cached[2]
        doc, problem = self.load(path, shown)
        self.cache[path] = (signature, doc, problem)
        return doc, problem


class Regenerator:
    """Regenerates docs/ again and again (make serve), redoing only what a change affects:
    changed files are re-read, pages whose inputs did not change are reused, and only
    files whose bytes differ are written (the others keep their modification time)."""

    def __init__(self, root: Path, docs: Path) -> None:
        self.root, self.docs = root, docs
        self.loader, self.memo = CachingLoader(), Memo()
        self.written: dict[str, str] | None = None

    def __call__(self, today: dt.date | None = None) -> tuple[Result, list[str], list[str]]:
        result, outputs = render(self.root, today, loader=self.loader, memo=self.memo)
        if not result.ok:
            return result, [], []
        written, removed = write(outputs, self.docs, self.written)
        self.written = outputs
        return result, written, removed
