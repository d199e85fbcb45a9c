"""The fast schema check (jsonschema-rs) says yes exactly when jsonschema does.

The fast engine's "valid" is trusted without jsonschema, so a difference would let a bad entry
through in silence: the example catalog's entries (which use every field of every schema), and
entries with one value mutated by hypothesis, must get the same verdict from both."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.protocols import Validator

from conftest import EXAMPLE_CATALOG
from kb import loader
from kb.catalog import CATALOG, FOLDERS, KINDS, SchemaFileError, load_schemas
from kb.schema_check import SchemaChecker, fast_checks
from kb.schemas import schema_url


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    return load_schemas(CATALOG)


def reference_validators(schemas: dict[str, Any]) -> dict[str, Validator]:
    """jsonschema's validators, the engine whose errors are reported."""
    return SchemaChecker(schemas).validators


def test_every_kind_has_a_fast_check(schemas):
    assert set(fast_checks(schemas)) >= set(KINDS)


def test_a_ref_that_resolves_nowhere_is_a_schema_problem():
    with pytest.raises(SchemaFileError, match="a \\$ref does not resolve"):
        fast_checks({"x.schema.json": {"$id": schema_url("x.schema.json"), "properties": {"a": {"$ref": "missing.schema.json#/nothing"}}}})


def test_patterns_follow_ecma_262_in_both_engines(schemas):
    """'$' is the very end: an id with a trailing newline is refused by both."""
    fast, reference = fast_checks(schemas)["provider"], reference_validators(schemas)["provider"]
    good = {
        "id": "acme",
        "name": "Acme",
        "url": "https://acme.example.org",
        "kind": "company",
        "sources": ["https://acme.example.org"],
        "last_verified": "2026-01-01",
    }
    assert fast(good) and reference.is_valid(good)
    for bad in ({**good, "id": "acme\n"}, {**good, "url": "https://acme.example.org\n"}, {**good, "name": "Acme\n"}):
        assert not fast(bad) and not reference.is_valid(bad)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200_000_000),
    st.floats(-5, 200_000, allow_nan=False),
    st.sampled_from(["", "x", "active", "open", "text", "https://x.example.org", "http://x", "2025-01-01", "2025-13", "a b", "a\nb"]),
)


def mutations(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An entry with one value somewhere replaced, removed or added."""
    paths: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    walk(base, ())
    replacement = st.one_of(
        SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.sampled_from(["status", "x", "url"]), SCALARS, max_size=2)
    )

    @st.composite
    def mutate(draw) -> dict[str, Any]:
        data = copy.deepcopy(base)
        path = draw(st.sampled_from(paths[1:]))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "note", "status", "x-hint"]))] = draw(replacement)
        elif action == "add" and isinstance(parent, list):
            parent.append(draw(replacement))
        else:
            parent[path[-1]] = draw(replacement)
        return data

    return mutate()


FOLDER_OF = {kind: folder for folder, kind in FOLDERS.items()}


@pytest.mark.parametrize("kind", KINDS)
def test_fast_check_agrees_with_jsonschema(schemas, kind):
    fast = fast_checks(schemas)[kind]
    reference = reference_validators(schemas)[kind]
    files = [EXAMPLE_CATALOG / "faq.yaml"] if kind == "faq" else sorted((EXAMPLE_CATALOG / FOLDER_OF[kind]).rglob("*.yaml"))
    entries = [loader.parse(loader.decode(p.read_bytes()), str(p)).data for p in files]
    assert entries and all(fast(e) and reference.is_valid(e) for e in entries)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.sampled_from(entries).flatmap(mutations))
    def agree(entry: dict[str, Any]) -> None:
        assert fast(entry) == reference.is_valid(entry), entry

    agree()
