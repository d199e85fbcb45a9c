"""Where catalog files live, what kind each one is, and loading them all."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kb.loader import Document, load
from kb.problems import Problem, Result

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "catalog"

# folder under catalog/ -> entry kind; models sit one level deeper, under their provider
FOLDERS = {
    "models": "model",
    "licenses": "license",
    "deployments": "deployment",
    "providers": "provider",
    "comparisons": "comparison",
    "evaluations": "evaluation",
    "scores": "scores",
}
KINDS = (*FOLDERS.values(), "faq")
# page names the generator writes beside the entry pages of every folder; an entry with
# such an id would replace the page (or be replaced by it)
RESERVED_IDS = frozenset({"index", "all"})
VOCABULARIES = ("license-tags", "openness-components", "tradeoff-axes")


@dataclass(eq=False)
class Entry:
    kind: str
    doc: Document

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data

    @property
    def id(self) -> str:
        value = self.doc.data.get("id")
        return value if isinstance(value, str) else ""


@dataclass
class Catalog:
    root: Path
    entries: list[Entry] = field(default_factory=list)
    vocab: dict[str, Any] = field(default_factory=dict)
    vocab_docs: dict[str, Document] = field(default_factory=dict)
    fields: dict[str, list[Any]] = field(default_factory=dict)  # kind -> kb.fields.Field, from the schemas
    schemas_digest: str = ""  # which schemas those are

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def by_id(self, kind: str) -> dict[str, dict[str, Any]]:
        return {e.id: e.data for e in self.of(kind)}


def utc_today() -> dt.date:
    """Today in UTC: "in the future" must not depend on the time zone of the machine checking."""
    return dt.datetime.now(dt.UTC).date()


def display_path(path: Path) -> str:
    """Paths as a contributor types them: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def kind_of(path: Path, root: Path) -> str | None:
    """The entry kind a file's location implies, or None where no entry belongs."""
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        parts = path.parts[-3:]  # a file outside the catalog: judge by its folders
        for i, part in enumerate(parts[:-1]):
            if part in FOLDERS:
                return FOLDERS[part] if len(parts) - i == (3 if part == "models" else 2) else None
        return "faq" if path.name == "faq.yaml" else None
    return kind_inside(parts)


def kind_inside(parts: tuple[str, ...]) -> str | None:
    """The entry kind of a file inside the catalog, from its path's parts under the root."""
    if parts == ("faq.yaml",):
        return "faq"
    if len(parts) == 2 and parts[0] in FOLDERS and parts[0] != "models":
        return FOLDERS[parts[0]]
    if len(parts) == 3 and parts[0] == "models":
        return "model"
    return None


def where_to_put(path: str) -> Problem:
    return Problem(
        path,
        1,
        1,
        "this file is not in a catalog folder, so it is not known what kind of entry it is",
        "put models in catalog/models/<provider>/<id>.yaml, and licences, deployments, providers "
        "and comparisons in catalog/<folder>/<id>.yaml",
    )


def yaml_files(folder: Path) -> list[Path]:
    """Every *.yaml and *.yml name under folder, sorted. Links to folders are not followed
    (nothing outside the folder is read); links, pipes and devices named like YAML files are
    listed, so that loading reports them instead of skipping them in silence."""
    found = []
    for parent, _, names in os.walk(folder):
        found.extend(Path(parent, name) for name in names if name.endswith((".yaml", ".yml")))
    return sorted(found)


def catalog_files(root: Path) -> list[Path]:
    """Every YAML file an entry could be in (the vocabulary files excluded), sorted."""
    vocabulary = root / "vocabulary"
    return [p for p in yaml_files(root) if p.parent != vocabulary]


def strays(root: Path) -> list[Problem]:
    """What lies under the catalog that no check would read: links to folders (not followed)
    and files other than YAML entries and the JSON Schemas. Refused, so nothing is skipped in silence."""
    problems = []
    for parent, folders, names in os.walk(root):
        here = Path(parent)
        problems += [
            Problem(
                display_path(here / name),
                1,
                1,
                "this is a link to a folder, and the catalog does not follow links",
                "put the folder itself here, or remove the link",
            )
            for name in folders
            if (here / name).is_symlink()
        ]
        for name in names:
            if name.endswith((".yaml", ".yml")) or (here == root / "schemas" and name.endswith(".schema.json")):
                continue
            problems.append(
                Problem(
                    display_path(here / name),
                    1,
                    1,
                    "this file is not a catalog entry: only .yaml files (and the JSON Schemas in schemas/) belong under catalog/",
                    "remove it, or move it out of catalog/",
                )
            )
    return sorted(problems, key=lambda p: p.path)


def load_schemas(root: Path) -> dict[str, dict[str, Any]]:
    """Every schemas/*.schema.json by file name; a broken one raises SchemaFileError."""
    schemas = {}
    for path in sorted((root / "schemas").glob("*.schema.json")):
        where = f"schemas/{path.name}"
        try:
            schemas[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise SchemaFileError(Problem(where, 1, 1, f"the schema cannot be read ({error})", "restore the file")) from None
        except json.JSONDecodeError as error:
            message = f"the schema is not valid JSON: {error.msg}"
            raise SchemaFileError(Problem(where, error.lineno, error.colno, message, "fix the JSON syntax here")) from None
    return schemas


class SchemaFileError(Exception):
    """A schema file that cannot be used; the problem says where, its path relative to the catalog folder."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem

    def placed(self, root: Path) -> Problem:
        """The problem with its path as a contributor types it."""
        return replace(self.problem, path=display_path(root / self.problem.path))


Loader = Callable[[Path, str], tuple[Document | None, Problem | None]]


def load_vocabularies(root: Path, result: Result, loader: Loader = load) -> dict[str, Document]:
    """The vocabulary files that loaded, by name (each is checked against its own schema)."""
    docs: dict[str, Document] = {}
    for name in VOCABULARIES:
        path = root / "vocabulary" / f"{name}.yaml"
        doc, problem = loader(path, display_path(path))
        if problem:
            result.add(problem)
        elif doc is not None:
            docs[name] = doc
    return docs


def load_catalog(root: Path, result: Result, files: list[Path] | None = None, loader: Loader = load) -> Catalog:
    """Load every entry under root (plus any extra files given); problems go to result.

    Files found under root are placed by their path parts below root, not by resolving each
    one (path operations are a measurable share of the time at thousands of files)."""
    docs = load_vocabularies(root, result, loader)
    catalog = Catalog(root=root, vocab={name: docs[name].data if name in docs else {} for name in VOCABULARIES}, vocab_docs=docs)
    result.extend(strays(root))
    base, cwd = root.resolve(), Path.cwd().resolve()
    shown_base = str(base.relative_to(cwd)) if base.is_relative_to(cwd) else None
    depth = len(root.parts)
    located: list[tuple[Path, str, str, tuple[str, ...] | None]] = []  # path, key, shown, parts under root
    for path in catalog_files(root):
        parts = path.parts[depth:]
        relative = "/".join(parts)
        shown = str(path) if shown_base is None else relative if shown_base == "." else f"{shown_base}/{relative}"
        located.append((path, f"{base}/{relative}", shown, parts))
    for path in files or []:
        key = path.resolve()
        shown = str(key.relative_to(cwd)) if key.is_relative_to(cwd) else str(path)
        located.append((path, str(key), shown, key.relative_to(base).parts if key.is_relative_to(base) else None))
    seen: set[str] = set()
    for path, key, shown, parts in located:
        if key in seen:
            continue
        seen.add(key)
        if path.suffix == ".yml":
            result.add(Problem(shown, 1, 1, "catalog files end in '.yaml', not '.yml'", f"rename it to {path.stem}.yaml"))
            continue
        kind = kind_inside(parts) if parts is not None else kind_of(path, root)
        if kind is None:
            result.add(where_to_put(shown))
            continue
        result.files_checked += 1
        doc, problem = loader(path, shown)
        if problem:
            result.add(problem)
            continue
        catalog.entries.append(Entry(kind=kind, doc=doc))
    return catalog
