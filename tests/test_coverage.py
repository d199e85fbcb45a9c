"""The coverage page: counts per maker and year, the newest entry, and what is due for review."""

from __future__ import annotations

import datetime as dt

from conftest import TODAY, MiniCatalog
from kb.context import Context
from kb.coverage import coverage_page, due_for_review
from kb.validate import validate


def context(mini: MiniCatalog, today: dt.date = TODAY) -> Context:
    result, catalog = validate(mini.root, today=TODAY)
    assert result.ok, [p.message for p in result.errors]
    return Context.build(catalog, today)


def test_each_maker_row_counts_open_and_closed_by_year_and_names_the_newest(mini: MiniCatalog):
    path, text = coverage_page(context(mini))
    assert path == "coverage.md"
    acme = next(line for line in text.splitlines() if 'providers/acme.html"' in line)
    # Acme: Acme Open 70B (2025-03, open) and Acme Pro (2025-06, closed); no 2024 entry
    assert acme.count("<td>") == 6 and "<td>2</td>" in acme and 'models/acme-pro.html">Acme Pro</a>' in acme
    assert acme.endswith("<td></td><td>1 · 1</td></tr>")
    lab = next(line for line in text.splitlines() if 'providers/openlab.html"' in line)
    assert lab.endswith("<td>1 · 0</td><td></td></tr>")
    assert "3 model releases from 2 providers" in text and "Acme Pro</a>, released on <time>2025-06-01</time>" in text


def test_nothing_is_due_right_after_a_check(mini: MiniCatalog):
    assert due_for_review(context(mini)) == []
    assert "0 entries to check again" in coverage_page(context(mini))[1]


def test_old_checks_are_due_oldest_first(mini: MiniCatalog):
    mini.change("model", "lab-7b", last_verified="2026-01-10")
    due = due_for_review(context(mini, dt.date(2026, 11, 1)))
    assert [(m["id"], reason) for m, reason in due] == [("lab-7b", "last verified 295 days ago")]


def test_a_newer_family_member_released_after_the_check_makes_an_entry_due(mini: MiniCatalog):
    mini.change("model", "acme-open-70b", last_verified="2025-04-01")
    mini.change("model", "acme-pro", family="Acme Open")  # same maker and family, released 2025-06-01
    due = dict((m["id"], reason) for m, reason in due_for_review(context(mini)))
    assert due["acme-open-70b"].endswith("Acme Pro (2025-06-01) came out after the last check")
    assert "acme-pro" not in due


def test_naming_the_successor_settles_it(mini: MiniCatalog):
    mini.change("model", "acme-open-70b", last_verified="2025-04-01", superseded_by="acme-pro")
    mini.change("model", "acme-pro", family="Acme Open")
    assert due_for_review(context(mini, dt.date(2025, 9, 1))) == []
