"""The example catalog that tests of code use instead of the real one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY
from kb.catalog import CATALOG, KINDS, Catalog
from kb.fields import resolve
from kb.validate import validate

SCHEMAS = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (CATALOG / "schemas").glob("*.schema.json")}


def test_the_example_catalog_validates_without_a_single_problem(example_root: Path):
    result, _ = validate(example_root, today=TODAY)
    assert [f"{p.path}:{p.line}: {p.message}" for p in result.problems] == []


def schema_paths(node: dict[str, Any], home: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every field a schema defines, '*' standing for any item of a list."""
    node, home = resolve(node, SCHEMAS, home)
    for name, child in node.get("properties", {}).items():
        yield (*path, name)
        yield from schema_paths(child, home, (*path, name))
    if isinstance(node.get("items"), dict):
        yield from schema_paths(node["items"], home, (*path, "*"))


def data_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*path, key)
            yield from data_paths(child, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from data_paths(item, (*path, "*"))


@pytest.mark.parametrize("kind", KINDS)
def test_the_example_catalog_uses_every_field_of_the_schema(example_catalog: Catalog, kind: str):
    """So that tests of code meet every field: extend tests/fixtures/catalog/ with each new one."""
    schema = SCHEMAS[f"{kind}.schema.json"]
    used = {path for entry in example_catalog.of(kind) for path in data_paths(entry.data)}
    assert sorted(".".join(path) for path in set(schema_paths(schema, schema)) - used) == []
