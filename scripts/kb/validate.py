"""The validation pipeline: syntax, then schema, then catalog-wide rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb import fastpath
from kb.catalog import FOLDERS, Catalog, Entry, catalog_files, display_path, kind_of, load_schemas, load_vocabularies, where_to_put
from kb.problems import Problem, Result
from kb.rules import RULES
from kb.schema_check import SchemaChecker


def expand(paths: list[Path], result: Result) -> list[Path]:
    """Files named on the command line, folders opened up; missing paths are problems."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            result.add(Problem(display_path(path), 1, 1, "no such file or folder", "check the path"))
    return files


def place(entry: Entry, path: tuple, at_key: bool, message: str, hint: str, severity: str = "error") -> Problem:
    line, column = entry.doc.where(path, key=at_key)
    return Problem(entry.doc.path, line, column, message, hint, severity)


def _kind_inside(parts: tuple[str, ...]) -> str | None:
    """kind_of for a file inside the catalog, from its resolved path's parts under the root."""
    if parts == ("faq.yaml",):
        return "faq"
    if len(parts) == 2 and parts[0] in FOLDERS and parts[0] != "models":
        return FOLDERS[parts[0]]
    if len(parts) == 3 and parts[0] == "models":
        return "model"
    return None


def load_catalog(root: Path, result: Result, files: list[Path] | None = None) -> Catalog:
    """kb.catalog.load_catalog with the fast loader (same entries, same problems, same order)."""
    catalog = Catalog(root=root, vocab=load_vocabularies(root, result))
    seen: set[Path] = set()
    base, cwd = root.resolve(), Path.cwd().resolve()
    for path in [*catalog_files(root), *(files or [])]:
        key = path.resolve()  # once per file: display_path and kind_of, inlined for that reason
        if key in seen:
            continue
        seen.add(key)
        shown = str(key.relative_to(cwd)) if key.is_relative_to(cwd) else str(path)
        if path.suffix == ".yml":
            result.add(Problem(shown, 1, 1, "catalog files end in '.yaml', not '.yml'", f"rename it to {path.stem}.yaml"))
            continue
        kind = _kind_inside(key.relative_to(base).parts) if key.is_relative_to(base) else kind_of(path, root)
        if kind is None:
            result.add(where_to_put(shown))
            continue
        result.files_checked += 1
        doc, problem = fastpath.load(path, shown)
        if problem:
            result.add(problem)
            continue
        catalog.entries.append(Entry(kind=kind, doc=doc))
    return catalog


def validate(root: Path, paths: list[Path] | None = None, today: dt.date | None = None) -> tuple[Result, Catalog]:
    """Check the catalog at root; with paths, report only on those files (the rest is context)."""
    today = today or dt.date.today()
    result = Result()
    selected = expand(paths, result) if paths else []
    catalog = load_catalog(root, result, selected)
    schemas = load_schemas(root)
    fast = fastpath.compile_schemas(schemas)
    checker = SchemaChecker(schemas)
    valid: list[Entry] = []
    for entry in catalog.entries:
        passes = fast.get(entry.kind)
        if passes is not None and passes(entry.data):  # jsonschema runs only to explain failures
            valid.append(entry)
            continue
        failures = checker.check(entry)
        result.extend(place(entry, *failure) for failure in failures)
        if not failures:
            valid.append(entry)
    for rule in RULES:
        for f in rule(catalog, valid, today):
            result.add(place(f.entry, f.path, f.at_key, f.message, f.hint, f.severity))
    if paths:
        shown = {display_path(p) for p in selected} | {p.path for p in result.problems if p.message == "no such file or folder"}
        result.problems = [p for p in result.problems if p.path in shown or "vocabulary" in p.path]
        result.files_checked = len(selected)
    return result, catalog
