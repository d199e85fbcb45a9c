"""The real catalog: every file passes, one test per file so a failure names the entry."""

from __future__ import annotations

import pytest

from kb.catalog import CATALOG, catalog_files, display_path, utc_today
from kb.validate import validate

FILES = [display_path(p) for p in catalog_files(CATALOG)]


@pytest.fixture(scope="module")
def problems_by_file() -> dict[str, list[str]]:
    result, _ = validate(CATALOG, today=utc_today())
    out: dict[str, list[str]] = {}
    for p in result.errors:
        out.setdefault(p.path, []).append(f"{p.line}:{p.column}: {p.message} ({p.hint})")
    return out


@pytest.mark.parametrize("path", FILES)
def test_entry_is_valid(path, problems_by_file):
    assert problems_by_file.get(path, []) == []


def test_vocabularies_load_cleanly(problems_by_file):
    assert not [p for p in problems_by_file if "vocabulary" in p]


def test_coverage_meets_the_knowledge_targets():
    """The catalog answers the open-versus-closed question broadly: guard against shrinking."""
    result, catalog = validate(CATALOG, today=utc_today())
    assert result.ok
    models = [e.data for e in catalog.of("model")]
    assert len(models) >= 80
    assert len({m["provider"] for m in models}) >= 15
    assert sum(m["open_weights"] for m in models) >= 35
    assert sum(not m["open_weights"] for m in models) >= 25
    assert len(catalog.of("license")) >= 25
    assert len(catalog.of("deployment")) >= 8
    assert len(catalog.of("faq")[0].data["questions"]) >= 25
    years = {m["release_date"][:4] for m in models}
    assert {"2022", "2023", "2024", "2025"} <= years
