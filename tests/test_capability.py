"""Capability data: the evaluation and score rules, and the frontier page built from them."""

from __future__ import annotations

import pytest

from conftest import TODAY, MiniCatalog, line_of, write_yaml
from kb.build import render

EVALUATION = {
    "id": "test-index",
    "name": "Test Index",
    "kind": "aggregate-index",
    "summary": "A made-up index.",
    "evaluator": "Test Lab",
    "url": "https://lab.example.org/index",
    "scale": {"min": 0, "max": 100, "unit": "points"},
    "higher_is_better": True,
    "versioned": True,
    "published_gaps": [{"months": 3, "from": "2025-01-01", "to": "2025-12-31", "source": "https://lab.example.org/gap"}],
    "sources": ["https://lab.example.org/index"],
    "last_verified": "2026-11-01",
}


def scores(**changes):
    data = {
        "id": "test-index-v2",
        "evaluation": "test-index",
        "version": "v2",
        "as_of": "2026-11-01",
        "self_reported": False,
        "source": "https://lab.example.org/data.csv",
        # acme-open-70b (open, 2025-03-01), acme-pro (closed, 2025-06-01), lab-7b (open, 2024-02)
        "results": [{"model": "acme-pro", "value": 60}, {"model": "acme-open-70b", "value": 40}, {"model": "lab-7b", "value": 20}],
        "last_verified": "2026-11-01",
    }
    data.update(changes)
    return data


@pytest.fixture
def scored(mini: MiniCatalog) -> MiniCatalog:
    write_yaml(mini.root / "evaluations" / "test-index.yaml", EVALUATION)
    write_yaml(mini.root / "scores" / "test-index-v2.yaml", scores())
    return mini


def errors_in(mini: MiniCatalog, name: str) -> list:
    return [p for p in mini.validate().errors if p.path.endswith(name)]


def test_valid_scores_pass(scored):
    assert scored.validate().ok


@pytest.mark.parametrize(
    ("changes", "words", "at"),
    [
        ({"results": [{"model": "acme-pro", "value": 120}]}, "120 is outside the scale of test-index (0 to 100)", "value: 120"),
        ({"results": [{"model": "acme-pro", "value": 1}, {"model": "acme-pro", "value": 2}]}, "acme-pro is scored twice", "value: 2"),
        ({"evaluation": "tset-index"}, "'tset-index' is not the id of any evaluation", "evaluation:"),
        ({"results": [{"model": "acme-prro", "value": 1}]}, "'acme-prro' is not the id of any model", "acme-prro"),
        ({"as_of": "2031-01-01"}, "as_of '2031-01-01' is in the future", "as_of"),
    ],
)
def test_score_rules(scored, changes, words, at):
    path = write_yaml(scored.root / "scores" / "test-index-v2.yaml", scores(**changes))
    errors = errors_in(scored, "test-index-v2.yaml")
    matching = [e for e in errors if words in e.message]
    assert matching, [e.message for e in errors]
    line = line_of(path, at) - (1 if at == "value: 2" else 0)  # the repeated model, on the line above its value
    assert matching[0].line == line


def test_one_version_is_published_once(scored):
    write_yaml(scored.root / "scores" / "test-index-v2-again.yaml", scores(id="test-index-v2-again"))
    (error,) = scored.validate().errors
    assert "version 'v2' of test-index is already published in scores/" in error.message


def test_a_scale_must_have_room(scored):
    write_yaml(scored.root / "evaluations" / "test-index.yaml", {**EVALUATION, "scale": {"min": 5, "max": 5}})
    assert any("scale.max must be more than scale.min" in e.message for e in errors_in(scored, "test-index.yaml"))


def test_the_frontier_page_computes_the_lag_from_the_scores(scored):
    result, outputs = render(scored.root, TODAY)
    assert result.ok
    text = outputs["frontier.md"]
    assert "3 models scored (2 open-weight, 1 closed), version <strong>v2</strong>" in text
    assert text.count('<g data-model="') == 3 and 'class="kb-closed-line"' in text and 'class="kb-open-line"' in text
    # open models lead at every step (lab-7b in 2024, Acme Open before Acme Pro): the lag is zero
    assert "<tr><td>Today</td><td>0.0 months</td><td>—</td></tr>" in text
    assert "2025-01-01 to 2025-12-31</td><td>0.0 months</td><td>3.0 months (" in text
    records = text.split("Frontier records")[1]
    assert records.index("Lab 7B") < records.index("Acme Open 70B") < records.index("Acme Pro")


def test_a_closed_lead_shows_as_a_lag(scored):
    write_yaml(
        scored.root / "scores" / "test-index-v2.yaml",
        scores(results=[{"model": "acme-pro", "value": 30}, {"model": "acme-open-70b", "value": 40}, {"model": "lab-7b", "value": 10}]),
    )
    scored.change("model", "acme-open-70b", release_date="2025-09-01")  # open reaches 30+ three months after Acme Pro
    result, outputs = render(scored.root, TODAY)
    assert result.ok, [p.message for p in result.errors]
    assert "<tr><td>Today</td><td>0.0 months</td>" in outputs["frontier.md"]  # 40 beats every closed score: open leads now
    write_yaml(
        scored.root / "scores" / "test-index-v2.yaml",
        scores(results=[{"model": "acme-pro", "value": 50}, {"model": "acme-open-70b", "value": 40}]),
    )
    outputs = render(scored.root, TODAY)[1]
    assert "<tr><td>Today</td><td>3.0 months</td>" in outputs["frontier.md"]  # 92 days: 1 June to 1 September


def test_self_reported_scores_never_reach_the_frontier(scored):
    write_yaml(scored.root / "scores" / "test-index-v2.yaml", scores(self_reported=True))
    assert "No independent scores are in the catalog yet." in render(scored.root, TODAY)[1]["frontier.md"]


def test_model_pages_list_their_scores_with_version_and_source(scored):
    outputs = render(scored.root, TODAY)[1]
    page = outputs["models/acme-pro.md"]
    assert "Capability scores" in page and "<td>60 points</td><td>v2</td>" in page and "independent" in page
    assert 'href="../frontier.html#test-index"' in page and 'href="https://lab.example.org/data.csv"' in page
    write_yaml(scored.root / "scores" / "test-index-v2.yaml", scores(results=[{"model": "lab-7b", "value": 20}]))
    assert "Capability scores" not in render(scored.root, TODAY)[1]["models/acme-pro.md"]
