"""The example catalog that tests of code use, and the guard that keeps them off the real one:
editors may rename or remove any real model without breaking a test of code."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY
from kb.catalog import CATALOG, KINDS, Catalog
from kb.fields import resolve
from kb.schemas import resolvers
from kb.validate import validate

TESTS = Path(__file__).parent
# test modules about the real data, which may name real entries
REAL_DATA_TESTS = {
    "test_catalog.py": "checks the real entries themselves (validity, coverage targets)",
}
SCHEMAS = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (CATALOG / "schemas").glob("*.schema.json")}
HOMES = resolvers(SCHEMAS)


def test_the_example_catalog_validates_without_a_single_problem(example_root: Path):
    result, _ = validate(example_root, today=TODAY)
    assert [f"{p.path}:{p.line}: {p.message}" for p in result.problems] == []


def schema_paths(node: dict[str, Any], home: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every field a schema defines, '*' standing for any item of a list."""
    node, home = resolve(node, home)
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
    assert sorted(".".join(path) for path in set(schema_paths(schema, HOMES[f"{kind}.schema.json"])) - used) == []


def real_model_pattern(ids: Iterable[str]) -> re.Pattern[str]:
    """Any of the ids as a whole, in any case: "models/x-4.html" names x-4, "x-4.1" and "x-4o" do not."""
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])({alternatives})(?![\w-]|\.\d)", re.IGNORECASE)


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ('page.goto(f"{url}/models/acme-4.html")', ["acme-4"]),
        ('ids = ["ACME-4o", "acme-4"]', ["ACME-4o", "acme-4"]),
        ('"acme-4.1", "acme-4o-2024-08-06", "example-acme-4", "acme-4_b"', []),
    ],
)
def test_the_guard_finds_ids_as_tests_write_them(line: str, found: list[str]):
    assert [m[1] for m in real_model_pattern(["acme-4", "acme-4o"]).finditer(line)] == found


def test_tests_of_code_name_no_real_model():
    """Tests of code name entries of the example catalog (tests/fixtures/README.md), never real
    models; only the modules in REAL_DATA_TESTS may."""
    pattern = real_model_pattern(p.stem for p in (CATALOG / "models").rglob("*.yaml"))
    named = [
        f"tests/{path.name}:{number}: {match[1]}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name not in REAL_DATA_TESTS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in pattern.finditer(line)
    ]
    assert named == []
