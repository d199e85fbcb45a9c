"""The models table: its page carries one page of rows, its export every row, both from the same cells."""

from __future__ import annotations

import json
import re

import pytest

import kb.models_table
from conftest import TODAY
from kb.build import render
from kb.models_table import COLUMNS, FILTERS


def table_of(outputs: dict[str, str]) -> dict:
    return json.loads(outputs["api/models-table.json"])


def test_the_export_is_deterministic_and_in_the_tables_order(mini):
    result, first = render(mini.root, TODAY)
    assert result.ok
    assert first["api/models-table.json"] == render(mini.root, TODAY)[1]["api/models-table.json"]
    table = table_of(first)
    assert [{k: c[k] for k in ("key", "label", "type")} for c in table["columns"]] == [c._asdict() for c in COLUMNS]
    assert table["filters"] == list(FILTERS)
    by_name = sorted(mini.data["model"].values(), key=lambda m: (m["name"].lower(), m["id"]))
    assert [row[0] for row in table["rows"]] == [m["id"] for m in by_name]


@pytest.mark.parametrize(
    ("model_id", "cells", "values"),
    [
        (
            "acme-pro",
            [
                ["Acme Pro", "acme-pro.html"],
                "acme",
                "No",
                "closed",
                "acme-terms",
                ["—", None],
                ["200,000", 200000],
                ["$3", 3],
                ["$15", 15],
                ["—", None],
                "2025-06-01",
            ],
            ["no", "closed", "proprietary", "yes", "acme", "no", [], [], "2025"],
        ),
        (
            "acme-open-70b",
            [
                ["Acme Open 70B", "acme-open-70b.html"],
                "acme",
                "Yes",
                "open-weights-restricted",
                "acme-community",
                ["70", 70],
                ["128,000", 128000],
                ["—", None],
                ["—", None],
                ["—", None],
                "2025-03-01",
            ],
            ["yes", "open-weights-restricted", "open-weights-restricted", "yes", "acme", "no", ["text"], ["text"], "2025"],
        ),
    ],
)
def test_each_row_holds_what_the_table_shows_and_filters_on(mini, model_id, cells, values):
    table = table_of(render(mini.root, TODAY)[1])
    rows = {row[0]: row for row in table["rows"]}
    assert rows[model_id] == [model_id, False, cells, values]


def test_cells_that_repeat_are_listed_once_by_id(mini):
    """Rows name their provider, licence and openness level; the column lists each cell once."""
    shared = {c["key"]: c["cells"] for c in table_of(render(mini.root, TODAY)[1])["columns"] if "cells" in c}
    assert shared["provider"] == {"acme": ["Acme AI", "../providers/acme.html"], "openlab": ["Open Lab", "../providers/openlab.html"]}
    assert shared["license"]["acme-terms"] == ["Acme API Terms", "../licenses/acme-terms.html"] and len(shared["license"]) == 3
    assert shared["level"] == {
        "closed": ["Closed: API only", 0],
        "open-weights-restricted": ["Open weights, restricted licence", 1],
        "open-weights-osi": ["Open weights, OSI-approved licence", 2],
        "open-source": ["Open source: weights, code and data", 3],
    }


def test_the_page_carries_the_first_page_of_rows_and_a_link_to_every_model(mini, monkeypatch):
    monkeypatch.setattr(kb.models_table, "PAGE_ROWS", 2)
    outputs = render(mini.root, TODAY)[1]
    page = outputs["models/index.md"]
    shown = re.findall(r'<input type="checkbox" class="kb-pick" value="([^"]+)"', page)
    assert shown == [row[0] for row in table_of(outputs)["rows"][:2]]
    assert 'data-page="2"' in page and '<a href="all.html">all 3 models</a>' in page
    plain = outputs["models/all.md"]
    assert 'search: {"exclude": true}' in plain
    for model in mini.data["model"].values():
        provider = mini.data["provider"][model["provider"]]["name"]
        section = plain.split(f">{provider} (", 1)[1].split("<h2", 1)[0]
        assert f'<a href="{model["id"]}.html">{model["name"]}</a>' in section


def test_a_model_cannot_take_the_plain_lists_name(mini):
    mini.write_text("models/acme/all.yaml", mini.path("model", "acme-pro").read_text(encoding="utf-8").replace("id: acme-pro", "id: all"))
    assert "'all' is reserved for a page the site generates" in [p.message for p in mini.validate().errors]
