"""The benchmark runs end to end at a tiny size, and the fast paths it measures agree with the careful code."""

from __future__ import annotations

import copy
import json
import math
import subprocess
import sys
from typing import Any

import bench
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema.protocols import Validator
from referencing import Registry, Resource

from conftest import REPO
from kb import fastpath, loader
from kb.catalog import CATALOG, KINDS, load_schemas
from kb.schema_check import EcmaValidator

BENCH = REPO / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--models", "30", "--repeat", "1", "--json", str(out), "--quiet"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


def test_bench_json_has_every_figure(tiny_run):
    figures, _ = tiny_run
    assert set(bench.KEYS) <= set(figures)
    assert figures["models"] == 30
    for key in bench.TIMINGS:
        assert isinstance(figures[key], float) and math.isfinite(figures[key]) and figures[key] > 0, key
    assert figures["build_s"] >= figures["mkdocs_s"]
    assert 0 < figures["search_index_gz_bytes"] < figures["search_index_bytes"] < figures["site_bytes"]
    assert 10 < figures["peak_rss_mb"] < 4096


def test_bench_prints_the_table_and_the_targets(tiny_run):
    _, printed = tiny_run
    assert "parse_floor_s" in printed and "peer_validate_s" in printed
    assert "build_s <= 60" in printed


def test_synthetic_catalog_keeps_shapes_and_references(tmp_path):
    files = bench.make_catalog(tmp_path / "catalog", 250)
    real = sorted((CATALOG / "models").glob("*/*.yaml"))
    assert len(files) == 250 and len({p.stem for p in files}) == 250
    assert all(p.parent.name in {r.parent.name for r in real} for p in files)
    assert (tmp_path / "catalog" / "licenses").is_dir() and (tmp_path / "catalog" / "faq.yaml").is_file()


def test_growth_is_a_factor_per_doubling():
    runs = [dict.fromkeys(bench.KEYS, 1.0) | {"models": 500}, dict.fromkeys(bench.KEYS, 4.0) | {"models": 2000}]
    assert bench.growth(runs)["validate_s"] == [2.0]


# ---- the fast loader builds exactly what the event loader builds, or steps aside ----------------


def typed(value: Any) -> Any:
    """A form where 1, 1.0 and True differ, for exact comparison."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def same_as_event_loader(text: str) -> bool:
    data = fastpath.fast_parse(text)
    if data is None:
        return True
    return typed(data) == typed(loader.parse(text, "x").data)


def test_fast_loader_matches_on_the_real_catalog_and_the_bad_inputs():
    paths = [*sorted(CATALOG.rglob("*.yaml")), *sorted((REPO / "tests" / "bad_inputs").rglob("*.yaml"))]
    fast = 0
    for path in paths:
        try:
            text = loader.decode(path.read_bytes())
        except loader.LoadError:
            continue
        assert same_as_event_loader(text), path
        fast += fastpath.fast_parse(text) is not None
    assert fast > len(list(CATALOG.glob("models/*/*.yaml"))) // 2  # the real models take the fast path


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: 2\n",
        "a: [1, *x]\n",
        "a: 1\na: 2\n",
        "a:\n  b: 1\n  b: 1\n",
        "? [a]\n: 1\n",
        "1: one\n",
        "yes: no\n",
        "<<: {a: 1}\n",
        "a: !!binary aGk=\n",
        "a: !local x\n",
        "a: .inf\n",
        "a: 1\n---\nb: 2\n",
        "- 1\n",
        "a: " + "[" * 40 + "]" * 40 + "\n",
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "a: 2024-01-01\nb: 0x1F\nc: 1_000\nd: ~\ne: 'x'\nf: !!str 12\n",
    ],
)
def test_fast_loader_steps_aside_or_agrees(text):
    assert same_as_event_loader(text)


def test_fast_loader_refuses_what_the_event_loader_refuses():
    for text in ("a: &x 1\n", "a: 1\na: 2\n", "1: x\n", "<<: {a: 1}\n", "a: !t x\n", "a: .nan\n", "a: " + "[" * 40 + "]" * 40):
        assert fastpath.fast_parse(text) is None, text
    assert fastpath.fast_parse("a: R&D, 2*3 and x**2\n") == {"a": "R&D, 2*3 and x**2"}


# ---- the compiled schema predicates agree with jsonschema ----------------------------------------


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    return load_schemas(CATALOG)


def reference_validators(schemas: dict[str, Any]) -> dict[str, Validator]:
    registry = Registry().with_resources((n, Resource.from_contents(s)) for n, s in schemas.items())
    return {n.removesuffix(".schema.json"): EcmaValidator(s, registry=registry) for n, s in schemas.items()}


def test_every_catalog_schema_compiles(schemas):
    """Every entry kind has a fast path (vocabularies, three small files, go to jsonschema alone)."""
    assert set(fastpath.compile_schemas(schemas)) >= set(KINDS)


def test_compiler_refuses_unknown_keywords():
    assert fastpath.compile_schemas({"x.schema.json": {"type": "object", "patternProperties": {"a": {}}}}) == {}


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


@pytest.mark.parametrize("kind", ["model", "license", "deployment", "provider", "comparison", "faq"])
def test_compiled_schema_agrees_with_jsonschema(schemas, kind):
    fast = fastpath.compile_schemas(schemas)[kind]
    reference = reference_validators(schemas)[kind]
    files = [CATALOG / "faq.yaml"] if kind == "faq" else sorted((CATALOG / f"{kind}s").rglob("*.yaml"))
    entries = [loader.parse(loader.decode(p.read_bytes()), str(p)).data for p in files[:12]]
    assert all(fast(e) and reference.is_valid(e) for e in entries)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.sampled_from(entries).flatmap(mutations))
    def agree(entry: dict[str, Any]) -> None:
        assert fast(entry) == reference.is_valid(entry), entry

    agree()
