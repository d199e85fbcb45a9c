"""The home page's cards: each figure is computed from the catalog."""

from __future__ import annotations

from conftest import TODAY, MiniCatalog
from kb.build import render


def test_cards_carry_figures_from_the_catalog(mini: MiniCatalog):
    result, outputs = render(mini.root, TODAY)
    assert result.ok
    home = outputs["index.md"]
    assert "3 models from 2 makers: 2 open-weight, 1 closed" in home
    assert "3 licences and terms; 1 cap users or revenue, 0 withhold rights in some regions" in home
    assert "From $15.00 per million output tokens (Acme Pro)" in home  # the only priced model
    assert "Newest entry: Acme Pro, released 2025-06-01" in home
    for target in ("compare/index.html", "decide.html", "licenses/index.html", "frontier.html", "coverage.html"):
        assert f'href="{target}"' in home


def test_figures_follow_the_catalog(mini: MiniCatalog):
    mini.change("model", "acme-pro", pricing={"input_usd_per_mtok": 1, "output_usd_per_mtok": 4.5, "as_of": "2026-11-01"})
    mini.change(
        "model",
        "lab-7b",
        open_weights=False,
        license="acme-terms",
        availability=[{"channel": "api", "vendor": "Lab", "url": "https://lab.example.org"}],
        openness=None,
        parameters_b=None,
        active_parameters_b=None,
        architecture=None,
    )
    home = render(mini.root, TODAY)[1]["index.md"]
    assert "From $4.50 per million output tokens (Acme Pro)" in home and "1 open-weight, 2 closed" in home
