"""Lifecycle facts: the rules that catch contradictions, and the labels derived from the dates."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import MiniCatalog, line_of
from kb.derive import lifecycle

TODAY = dt.date(2026, 11, 25)
NOTICE = "https://acme.example.org/deprecations"


def errors_of(mini: MiniCatalog, path) -> list:
    return [p for p in mini.validate(path).problems if p.path.endswith(path.name)]


# ---- rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "words", "at"),
    [
        ({"api_deprecation_date": "2025-01-01"}, "api_deprecation_date is before the release date", "api_deprecation_date"),
        ({"api_retirement_date": "2025-05-31"}, "api_retirement_date is before the release date", "api_retirement_date"),
        (
            {"api_deprecation_date": "2026-03-01", "api_retirement_date": "2026-02-01"},
            "api_retirement_date is before api_deprecation_date",
            "api_retirement_date",
        ),
        ({"api_retirement_date": "2026-06-30"}, "retired the model on 2026-06-30, but availability still lists it", "channel: api"),
        ({"api_deprecation_date": "2026-12-24"}, "api_deprecation_date '2026-12-24' is in the future", "api_deprecation_date"),
        ({"api_retirement_date": "2026-02-30"}, "api_retirement_date '2026-02-30' is not a real date", "api_retirement_date"),
        ({"weights_downloadable": True}, "weights_downloadable is true but open_weights is false", "weights_downloadable"),
        ({"availability": []}, "availability is empty, but the model is not retired", "availability"),
        ({"superseded_by": "acme-open-70b"}, "was released on 2025-03-01, before this model", "superseded_by"),
        ({"superseded_by": "acme-pro"}, "cannot name itself as its superseded_by", "superseded_by"),
        ({"superseded_by": "acme-prro"}, "not the id of any model", "superseded_by"),
        ({"superseded_by": "acme"}, "is a provider, but a model is needed", "superseded_by"),
    ],
)
def test_contradictions_are_errors_placed_on_the_field(mini: MiniCatalog, fields, words, at):
    path = mini.change("model", "acme-pro", lifecycle_source=NOTICE, **fields)
    errors = [p for p in errors_of(mini, path) if p.severity == "error"]
    matching = [e for e in errors if words in e.message]
    assert matching, [e.message for e in errors]
    assert matching[0].line == line_of(path, at)
    assert matching[0].hint


def test_a_future_retirement_is_allowed_and_the_api_may_stay_listed(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", api_deprecation_date="2026-09-01", api_retirement_date="2027-03-01", lifecycle_source=NOTICE)
    assert errors_of(mini, path) == []


def test_a_retired_model_may_have_no_channel_left(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", availability=[], pricing=None, api_retirement_date="2026-06-30", lifecycle_source=NOTICE)
    assert errors_of(mini, path) == []


def test_lifecycle_dates_without_their_source_are_a_warning(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", api_deprecation_date="2026-09-01")
    (warning,) = errors_of(mini, path)
    assert warning.severity == "warning" and "lifecycle_source" in warning.message


def test_a_circle_of_successors_is_refused(mini: MiniCatalog):
    mini.change("model", "acme-open-70b", superseded_by="acme-pro")
    path = mini.change("model", "acme-pro", superseded_by="lab-7b")
    mini.change("model", "lab-7b", superseded_by="acme-open-70b")
    messages = [p.message for p in mini.validate().errors]
    assert any("superseded_by leads in a circle: acme-pro -> lab-7b -> acme-open-70b -> acme-pro" in m for m in messages), messages
    assert any(line_of(path, "superseded_by") == p.line for p in errors_of(mini, path))


def test_a_circle_of_base_models_is_refused(mini: MiniCatalog):
    mini.change("model", "acme-open-70b", base_model="lab-7b")
    mini.change("model", "lab-7b", base_model="acme-open-70b")
    messages = [p.message for p in mini.validate().errors]
    assert sum("base_model leads in a circle" in m for m in messages) == 2, messages


def test_a_valid_successor_chain_passes(mini: MiniCatalog):
    mini.change("model", "lab-7b", superseded_by="acme-open-70b")
    mini.change("model", "acme-open-70b", superseded_by="acme-pro")
    assert mini.validate().ok


# ---- derived labels ----------------------------------------------------------

BASE = {"name": "Old", "release_date": "2024-01-01", "open_weights": False}
NEW = {"id": "new", "name": "New One"}


@pytest.mark.parametrize(
    ("fields", "successor", "status", "label"),
    [
        ({}, None, "active", "Current"),
        ({}, NEW, "deprecated", "Superseded by New One"),
        ({"api_deprecation_date": "2026-10-01"}, None, "deprecated", "API deprecated on 2026-10-01"),
        ({"api_retirement_date": "2027-01-15"}, NEW, "deprecated", "API retires on 2027-01-15; superseded by New One"),
        ({"api_retirement_date": "2026-11-25"}, None, "retired", "API retired on 2026-11-25"),
        (
            {"api_retirement_date": "2025-07-01", "open_weights": True},
            NEW,
            "deprecated",
            "API retired on 2025-07-01; superseded by New One; weights still downloadable",
        ),
        ({"open_weights": True}, None, "active", "Current"),
        ({"open_weights": True, "weights_downloadable": False}, None, "deprecated", "Weights withdrawn"),
        (
            {"open_weights": True, "weights_downloadable": False, "api_retirement_date": "2025-01"},
            None,
            "retired",
            "API retired on 2025-01; weights withdrawn",
        ),
    ],
)
def test_labels_and_status_are_derived_from_the_dates_and_today(fields, successor, status, label):
    derived = lifecycle({**BASE, **fields}, successor, TODAY)
    assert (derived["status"], derived["label"]) == (status, label)


def test_the_same_model_changes_label_when_its_retirement_day_passes():
    model = {**BASE, "api_retirement_date": "2026-12-01"}
    assert lifecycle(model, None, dt.date(2026, 11, 30))["status"] == "deprecated"
    assert lifecycle(model, None, dt.date(2026, 12, 1))["status"] == "retired"
