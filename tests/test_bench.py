"""The benchmark runs end to end at a tiny size, and the fast paths it measures agree with the careful code."""

from __future__ import annotations

import json
import math
from typing import Any

import bench
import pytest

from conftest import REPO, run_script
from kb import fastpath, loader
from kb.catalog import CATALOG


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = run_script("bench.py", "--models", "30", "--repeat", "1", "--json", str(out), "--quiet", timeout=600, cwd=REPO)
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


def test_bench_times_the_models_table_alone(tmp_path):
    out = tmp_path / "table.json"
    done = run_script("bench.py", "--table-sizes", "30", "--json", str(out), "--quiet", timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (figures,) = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert figures["models"] == 30 and set(bench.TABLE_KEYS) <= set(figures)
    assert figures["build_s"] >= figures["mkdocs_s"] > 0
    if figures["table_ready_ms"] is not None:  # chromium is installed
        assert figures["table_ready_ms"] > 0 and figures["table_dom_nodes"] > 100
    assert "table_ready_ms" in done.stdout


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
