"""The validation pipeline: syntax, then schema, then catalog-wide rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from kb import fastpath
from kb.catalog import (
    VOCABULARIES,
    Catalog,
    Entry,
    Loader,
    SchemaFileError,
    display_path,
    load_catalog,
    load_schemas,
    utc_today,
    yaml_files,
)
from kb.fields import field_registry
from kb.problems import Problem, Result
from kb.rules import RULES
from kb.schema_check import SchemaChecker, fast_checks


def expand(paths: list[Path], result: Result) -> tuple[list[Path], set[str]]:
    """Files named on the command line, folders opened up, and the paths (as shown) of those
    that do not exist, which are problems. Anything that exists but is neither a folder nor a
    regular file (a link, a pipe) is kept, for the loader to refuse with a clear message."""
    files: list[Path] = []
    missing: set[str] = set()
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            files.extend(yaml_files(path))
        elif path.is_symlink() or path.exists():
            files.append(path)
        else:
            missing.add(display_path(path))
            result.add(Problem(display_path(path), 1, 1, "no such file or folder", "check the path"))
    return files, missing


# vocabulary -> (schema, JSON pointer parts of the object whose properties it must name)
VOCABULARY_FIELDS = {
    "openness-components": ("model.schema.json", ("properties", "openness", "properties")),
    "tradeoff-axes": ("deployment.schema.json", ("properties", "ratings", "properties")),
}


def vocabulary_matches_schemas(catalog: Catalog, schemas: dict[str, dict], result: Result) -> None:
    """Each openness component and trade-off axis is a field of its entry schema, and back:
    pages read both, so a term only one of them knows would break the build."""
    for name, (schema_name, pointer) in VOCABULARY_FIELDS.items():
        doc = catalog.vocab_docs.get(name)
        target: object = schemas.get(schema_name, {})
        for part in pointer:
            target = target.get(part, {}) if isinstance(target, dict) else {}
        if doc is None or not isinstance(target, dict) or not catalog.vocab.get(name):
            continue
        fields, terms = set(target), set(catalog.vocab[name])
        for term in sorted(terms - fields):
            result.add(
                doc.problem(
                    (term,), f"'{term}' is not a field of {schema_name}", f"add it to {schema_name} too, or remove it here", at_key=True
                )
            )
        for missing in sorted(fields - terms):
            result.add(
                Problem(
                    doc.path,
                    1,
                    1,
                    f"{schema_name} has the field '{missing}', which is not defined here",
                    f"add {missing} with its label and description",
                )
            )


_ENGINES: dict[str, tuple[SchemaChecker, dict[str, Any], dict[str, Any]]] = {}


def engines(digest: str, schemas: dict[str, dict[str, Any]]) -> tuple[SchemaChecker, dict[str, Any], dict[str, Any]]:
    """The checkers and field registry for one set of schemas, made once per process (make serve
    validates again after every save; the schemas rarely change)."""
    if digest not in _ENGINES:
        if len(_ENGINES) > 4:
            _ENGINES.clear()
        _ENGINES[digest] = (SchemaChecker(schemas), fast_checks(schemas), field_registry(schemas))
    return _ENGINES[digest]


def validate(
    root: Path, paths: list[Path] | None = None, today: dt.date | None = None, loader: Loader = fastpath.load
) -> tuple[Result, Catalog]:
    """Check the catalog at root; with paths, report only on those files (the rest is context)."""
    today = today or utc_today()
    result = Result()
    selected, missing = expand(paths, result) if paths else ([], set())
    catalog = load_catalog(root, result, selected, loader=loader)
    try:
        schemas = load_schemas(root)
        # a document that passed these schemas passes them again (a digest: cheap to compare per entry)
        schemas_seen = hashlib.sha256(json.dumps(schemas, sort_keys=True).encode()).hexdigest()
        checker, fast, fields = engines(schemas_seen, schemas)
    except SchemaFileError as error:  # every entry is judged by the schemas: nothing more to check
        result.add(error.placed(root))
        return result, catalog
    catalog.fields, catalog.schemas_digest = fields, schemas_seen
    valid: list[Entry] = []
    for entry in catalog.entries:
        passes = fast.get(entry.kind)
        if entry.doc.derived.get("passed") == (entry.kind, schemas_seen):
            valid.append(entry)
            continue
        if passes is not None and passes(entry.data):  # jsonschema runs only to explain failures
            entry.doc.derived["passed"] = (entry.kind, schemas_seen)
            valid.append(entry)
            continue
        failures = checker.check(entry)
        result.extend(failures)
        if not failures:
            valid.append(entry)
    for name, doc in catalog.vocab_docs.items():
        vocabulary = Entry(kind=name, doc=doc)
        passes = fast.get(name)
        failures = [] if passes is not None and passes(doc.data) else checker.check(vocabulary)
        result.extend(failures)
        if failures:  # later rules and pages read the vocabulary; a broken one is not used
            catalog.vocab[name] = {}
        else:
            valid.append(vocabulary)
    vocabulary_matches_schemas(catalog, schemas, result)
    for rule in RULES:
        result.extend(rule(catalog, valid, today))
    if paths:  # the named files, and the vocabularies every file depends on
        vocabularies = {display_path(root / "vocabulary" / f"{name}.yaml") for name in VOCABULARIES}
        shown = {display_path(p) for p in selected} | missing | vocabularies
        result.problems = [p for p in result.problems if p.path in shown]
        result.files_checked = len(selected)
    return result, catalog
