"""Each validation rule: the valid mini catalog passes, and each break is reported where it is."""

from __future__ import annotations

import pytest

from conftest import MiniCatalog, line_of
from kb.problems import Problem


def only(result, path) -> list[Problem]:
    return [p for p in result.errors if p.path.endswith(str(path.name))]


def one_error(result, path) -> Problem:
    errors = only(result, path)
    assert len(errors) == 1, [f"{p.path}:{p.line}: {p.message}" for p in result.errors]
    assert errors[0].hint
    return errors[0]


def test_the_valid_mini_catalog_passes(mini: MiniCatalog):
    result = mini.validate()
    assert result.ok, [f"{p.path}:{p.line}: {p.message}" for p in result.errors]
    assert result.files_checked == 11


# ---- schema -----------------------------------------------------------------


def test_unknown_field_points_at_the_key_and_suggests(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", contxt_window=5)
    error = one_error(mini.validate(path), path)
    assert "unknown field 'contxt_window'" in error.message
    assert "did you mean 'context_window'" in error.hint
    assert (error.line, error.column) == (line_of(path, "contxt_window"), 1)


def test_missing_required_field(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", summary=None)
    error = one_error(mini.validate(path), path)
    assert "missing required field 'summary'" in error.message
    assert error.line == 1


def test_wrong_type_is_placed_on_the_value(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", context_window="lots")
    error = one_error(mini.validate(path), path)
    assert "context_window must be a whole number" in error.message
    assert (error.line, error.column) == (line_of(path, "context_window"), 17)


def test_enum_value_suggests_the_closest(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", architecture="dens")
    error = one_error(mini.validate(path), path)
    assert "not one of" in error.message
    assert "did you mean 'dense'" in error.hint


def test_nested_enum_is_placed_deep(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", availability=[{"channel": "download", "vendor": "X", "url": "https://x.example.org"}])
    error = one_error(mini.validate(path), path)
    assert error.message.startswith("availability[0].channel")
    assert error.line == line_of(path, "channel: download")


@pytest.mark.parametrize("bad_id", ["Acme-Pro", "acme pro", "acme_pro", "-acme", "acme..pro"])
def test_odd_ids_are_rejected(mini: MiniCatalog, bad_id):
    path = mini.change("provider", "openlab", id=bad_id)
    errors = only(mini.validate(path), path)
    assert any("id has the wrong form" in e.message for e in errors)


@pytest.mark.parametrize("url", ["http://acme.example.org", "javascript:alert(1)", "ftp://x.example.org", "https://"])
def test_non_https_urls_are_rejected(mini: MiniCatalog, url):
    path = mini.change("provider", "openlab", url=url)
    error = one_error(mini.validate(path), path)
    assert "url has the wrong form" in error.message
    assert "https" in error.hint


# ---- catalog-wide rules --------------------------------------------------------


def test_id_must_match_the_file_name(mini: MiniCatalog):
    path = mini.change("provider", "openlab", id="open-lab")
    error = one_error(mini.validate(path), path)
    assert "does not match the file name 'openlab.yaml'" in error.message
    assert error.line == line_of(path, "id: open-lab")


def test_ids_are_unique_across_folders(mini: MiniCatalog):
    clash = dict(mini.data["provider"]["openlab"], id="apache-2.0")
    path = mini.write_text("providers/apache-2.0.yaml", __import__("yaml").safe_dump(clash))
    error = one_error(mini.validate(path), path)
    assert "already used by" in error.message and "licenses/apache-2.0.yaml" in error.message


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("provider", "acmee", "not the id of any provider"),
        ("license", "apache-2", "not the id of any license"),
        ("base_model", "nothing-here", "not the id of any model"),
        ("license", "acme", "is a provider, but a license is needed"),
        ("base_model", "acme-pro", "cannot name itself as its base_model"),
    ],
)
def test_references_resolve_to_the_right_kind(mini: MiniCatalog, field, value, words):
    path = mini.change("model", "acme-pro", **{field: value})
    errors = only(mini.validate(path), path)
    matching = [e for e in errors if words in e.message]
    assert matching, [e.message for e in errors]
    assert matching[0].line == line_of(path, f"{field}: {value}")


def test_reference_suggestion(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", provider="acmee")
    errors = only(mini.validate(path), path)
    assert any("did you mean 'acme'" in e.hint for e in errors)


def test_faq_and_comparison_references(mini: MiniCatalog):
    path = mini.change("comparison", "open-vs-closed", models=["acme-pro", "ghost-model"])
    error = one_error(mini.validate(path), path)
    assert "'ghost-model' is not the id of any model" in error.message
    faq = mini.write_text(
        "faq.yaml",
        "questions:\n  - id: q\n    question: Why is that?\n    answer: Because.\n    related: [nowhere]\n    last_verified: 2026-01-01\n",
    )
    error = one_error(mini.validate(faq), faq)
    assert (error.line, "nowhere" in error.message) == (5, True)


def test_model_must_sit_in_its_providers_folder(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", provider="openlab")
    error = one_error(mini.validate(path), path)
    assert "filed under models/acme/" in error.message


@pytest.mark.parametrize(
    ("value", "words"),
    [("2025-02-30", "not a real date"), ("2025-13", "not a real date"), ("2027-01-01", "in the future"), ("2026-12", "in the future")],
)
def test_dates_are_real_and_not_in_the_future(mini: MiniCatalog, value, words):
    path = mini.change("model", "acme-pro", release_date=value)
    errors = only(mini.validate(path), path)
    assert any(words in e.message and e.line == line_of(path, "release_date") for e in errors), [e.message for e in errors]


def test_date_form_is_checked_by_the_schema(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", release_date="March 2025")
    assert "release_date has the wrong form" in one_error(mini.validate(path), path).message


def test_stale_entries_warn_but_pass(mini: MiniCatalog):
    path = mini.change("provider", "openlab", last_verified="2024-01-01")
    result = mini.validate(path)
    assert result.ok
    assert any("more than 12 months ago" in w.message for w in result.warnings)


def test_links_in_markdown_must_be_https(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", summary="See [docs](http://acme.example.org) or [x](javascript:alert(1)).")
    errors = only(mini.validate(path), path)
    assert len(errors) == 2 and all("not an https link" in e.message for e in errors)


def test_license_tags_come_from_the_vocabulary(mini: MiniCatalog):
    path = mini.change("license", "apache-2.0", permissions=["commercial-use", "comercial-use", "liability"])
    errors = only(mini.validate(path), path)
    hints = sorted(e.hint for e in errors)
    assert len(errors) == 2
    assert any("did you mean 'commercial-use'" in h for h in hints)
    assert any("'liability' is a limitation tag: move it to limitations" in h for h in hints)


@pytest.mark.parametrize(
    ("model", "changes", "words"),
    [
        ("lab-7b", {"active_parameters_b": 9}, "more than parameters_b"),
        ("lab-7b", {"architecture": "dense"}, "dense model has no separate active"),
        ("acme-open-70b", {"availability": [{"channel": "api", "vendor": "A", "url": "https://a.example.org"}]}, "no weights channel"),
        (
            "acme-pro",
            {"availability": [{"channel": "weights", "vendor": "A", "url": "https://a.example.org"}], "pricing": None},
            "open_weights is false",
        ),
        ("acme-pro", {"license": "apache-2.0"}, "closed model's licence must be"),
        ("acme-open-70b", {"license": "acme-terms"}, "proprietary terms"),
        (
            "acme-open-70b",
            {"openness": {"weights": {"status": "closed", "evidence": "https://e.example.org"}}},
            "openness.weights is 'closed'",
        ),
        ("acme-open-70b", {"pricing": {"input_usd_per_mtok": 1, "output_usd_per_mtok": 2, "as_of": "2026-01-01"}}, "no api channel"),
        ("acme-pro", {"knowledge_cutoff": "2025-09"}, "knowledge_cutoff is after the release date"),
        ("acme-pro", {"last_verified": "2025-01-01"}, "before the release date"),
    ],
)
def test_model_cross_field_rules(mini: MiniCatalog, model, changes, words):
    path = mini.change("model", model, **changes)
    errors = only(mini.validate(path), path)
    assert any(words in e.message for e in errors), [e.message for e in errors]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"mau_threshold": None}, "scale-cap tag needs"),
        ({"limitations": ["no-output-training"]}, "limitations lack the scale-cap tag"),
        ({"conditions": ["attribution-display"]}, "aup_url is set"),
        ({"limitations": ["scale-cap", "non-commercial"]}, "commercial-use is granted"),
        ({"kind": "non-commercial", "permissions": ["modification"]}, "needs the non-commercial limitation"),
        ({"osi_approved": True}, "OSI-approved licence is permissive or copyleft"),
    ],
)
def test_license_cross_field_rules(mini: MiniCatalog, changes, words):
    path = mini.change("license", "acme-community", **changes)
    errors = only(mini.validate(path), path)
    assert any(words in e.message for e in errors), [e.message for e in errors]


# ---- files and folders ------------------------------------------------------------


def test_file_outside_a_catalog_folder(mini: MiniCatalog):
    path = mini.write_text("misc/thing.yaml", "id: thing\n")
    assert "not in a catalog folder" in one_error(mini.validate(path), path).message


def test_yml_extension(mini: MiniCatalog):
    path = mini.write_text("providers/other.yml", "id: other\n")
    assert "end in '.yaml'" in one_error(mini.validate(path), path).message


def test_missing_path(mini: MiniCatalog):
    result = mini.validate(mini.root / "providers" / "nope.yaml")
    assert [e.message for e in result.errors] == ["no such file or folder"]


def test_only_the_named_files_are_reported(mini: MiniCatalog):
    broken = mini.change("provider", "openlab", kind="club")
    clean = mini.path("provider", "acme")
    assert mini.validate(clean).ok
    assert not mini.validate().ok
    assert len(mini.validate(broken).errors) == 1


def test_syntax_errors_do_not_hide_other_files(mini: MiniCatalog):
    mini.write_text("providers/bad.yaml", "id: [\n")
    other = mini.change("provider", "openlab", kind="club")
    result = mini.validate()
    assert {p.path.rsplit("/", 1)[-1] for p in result.errors} == {"bad.yaml", other.name}


# ---- what a hostile or careless pull request could slip past -----------------------


def messages_for(result, name: str) -> list[str]:
    return [p.message for p in result.errors if p.path.endswith(name)]


def test_a_link_to_a_folder_is_refused_not_skipped(mini: MiniCatalog, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "ghost.yaml").write_text("id: ghost\n", encoding="utf-8")
    (mini.root / "models" / "linked").symlink_to(outside, target_is_directory=True)
    assert messages_for(mini.validate(), "linked") == ["this is a link to a folder, and the catalog does not follow links"]


@pytest.mark.parametrize("relative", ["models/acme/notes.txt", "providers/acme.json", "README.md", "schemas/extra.json", ".hidden"])
def test_files_that_are_not_entries_are_refused(mini: MiniCatalog, relative):
    mini.write_text(relative, "anything")
    (message,) = messages_for(mini.validate(), relative.rsplit("/", 1)[-1])
    assert "not a catalog entry" in message


def test_a_nested_folder_named_vocabulary_is_checked_like_any_other(mini: MiniCatalog):
    path = mini.write_text("models/vocabulary/sneaky.yaml", "id: sneaky\nname: [\n")
    assert messages_for(mini.validate(), "sneaky.yaml"), "the file was skipped"
    assert path.exists()


def test_reference_style_links_follow_the_https_rule(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", summary="See [the card][1].\n\n[1]: http://acme.example.org/card\n")
    error = one_error(mini.validate(path), path)
    assert "'http://acme.example.org/card' is not an https link" in error.message


def test_vocabulary_files_are_checked_against_their_schemas(mini: MiniCatalog):
    path = mini.root / "vocabulary" / "tradeoff-axes.yaml"
    text = path.read_text(encoding="utf-8").replace("  higher_is_better: true\n", "  higher_is_better: yes please\n", 1)
    path.write_text(text + "Bad_Axis:\n  label: Bad\n  description: Not a field name.\n  higher_is_better: true\n", encoding="utf-8")
    errors = [p for p in mini.validate().errors if p.path.endswith("tradeoff-axes.yaml")]
    messages = [e.message for e in errors]
    assert any("higher_is_better must be true or false" in m for m in messages), messages
    assert any("Bad_Axis" in m for m in messages), messages
    assert all(e.line > 1 for e in errors if "higher_is_better" in e.message)


def test_a_vocabulary_term_must_match_its_schema_field(mini: MiniCatalog):
    path = mini.root / "vocabulary" / "openness-components.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "benchmarks:\n  label: Benchmarks\n  description: Results.\n  weight: 1\n", encoding="utf-8"
    )
    (error,) = [p for p in mini.validate().errors if p.path.endswith("openness-components.yaml")]
    assert "'benchmarks' is not a field of model.schema.json" in error.message and error.line > 1


def test_validation_uses_the_utc_date_whatever_the_time_zone(mini: MiniCatalog):
    """A file dated today in UTC passes on a machine eleven hours behind, where it is still yesterday."""
    import datetime as dt
    import os
    import subprocess
    import sys

    from conftest import REPO

    today = dt.datetime.now(dt.UTC).date().isoformat()
    mini.change("model", "acme-pro", last_verified=today)
    for zone in ("Etc/GMT+11", "Etc/GMT-14"):
        run = subprocess.run(
            [sys.executable, str(REPO / "scripts" / "validate.py"), "--catalog", str(mini.root)],
            capture_output=True,
            text=True,
            env={**os.environ, "TZ": zone},
            timeout=60,
            check=False,
        )
        assert run.returncode == 0, (zone, run.stdout)


@pytest.mark.parametrize(
    ("name", "change", "words", "line"),
    [
        ("provider.schema.json", lambda text: text.replace('"title"', '"title" "', 1), "the schema is not valid JSON", 4),
        (
            "common.schema.json",
            lambda text: text.replace('"^[a-z0-9]+([.-][a-z0-9]+)*$"', '"^[a-z(+$"', 1),
            "is not a 'regex'",
            1,
        ),
        ("faq.schema.json", lambda text: text.replace('"type": "object"', '"type": "thing"', 1), "the schema is not usable", 1),
        ("tradeoff-axes.schema.json", None, "this schema is missing", 1),
    ],
)
def test_a_broken_schema_is_reported_not_a_crash(mini: MiniCatalog, name, change, words, line):
    path = mini.root / "schemas" / name
    if change is None:
        path.unlink()
    else:
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    (error,) = mini.validate().errors
    assert error.path.endswith(name) and words in error.message and error.line == line and error.hint


def test_many_dangling_references_stay_cheap_and_still_get_a_hint(mini: MiniCatalog, monkeypatch):
    import kb.rules

    calls = []
    real = kb.rules.suggest
    monkeypatch.setattr(kb.rules, "suggest", lambda word, pool: calls.append(word) or real(word, pool))
    ghosts = [f"ghost-{i}" for i in range(60)]
    mini.change("comparison", "open-vs-closed", models=["acme-pro", *ghosts[:6]])
    for i in range(10):
        mini.write_text(
            f"comparisons/extra-{i}.yaml",
            f"id: extra-{i}\ntitle: T\nsummary: S.\nmodels: [acme-pro, {', '.join(ghosts[i * 6 : i * 6 + 6])}]\nsources: [https://example.org/s]\nlast_verified: 2026-11-01\n",
        )
    errors = [p for p in mini.validate().errors if "is not the id of any model" in p.message]
    assert len(errors) == 66 and all("use an existing id" in p.hint for p in errors)  # 60 distinct ids, six used twice
    assert len(calls) == kb.rules.MAX_SUGGESTIONS  # one search per missing id, and no more than the cap


def add_model_field(mini: MiniCatalog, name: str, definition: str) -> None:
    """Extend model.schema.json with one property, as a contributor would: no Python edit."""
    path = mini.root / "schemas" / "model.schema.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('  "properties": {\n', f'  "properties": {{\n    "{name}": {definition},\n', 1), encoding="utf-8")


def test_a_date_field_declared_only_in_the_schema_is_checked_as_a_date(mini: MiniCatalog):
    add_model_field(mini, "announced_date", '{"$ref": "common.schema.json#/$defs/date", "description": "When it was announced."}')
    path = mini.change("model", "acme-pro", announced_date="2026-02-30")
    error = one_error(mini.validate(path), path)
    assert error.message == "announced_date '2026-02-30' is not a real date" and error.line == line_of(path, "announced_date")
    path = mini.change("model", "acme-pro", announced_date="2031-01-01")
    assert "is in the future" in one_error(mini.validate(path), path).message


def test_a_reference_field_declared_only_in_the_schema_is_resolved(mini: MiniCatalog):
    add_model_field(mini, "distilled_from", '{"$ref": "common.schema.json#/$defs/reference", "x-ref": "model", "description": "Teacher."}')
    path = mini.change("model", "acme-pro", distilled_from="acme-open-7b")
    error = one_error(mini.validate(path), path)
    assert "'acme-open-7b' is not the id of any model" in error.message and "did you mean 'acme-open-70b'" in error.hint
    path = mini.change("model", "acme-pro", distilled_from="acme")
    assert "is a provider, but a model is needed" in one_error(mini.validate(path), path).message
    path = mini.change("model", "acme-pro", distilled_from="acme-open-70b")
    assert mini.validate(path).ok


def test_an_unknown_annotation_value_in_a_schema_is_reported(mini: MiniCatalog):
    add_model_field(mini, "teacher", '{"$ref": "common.schema.json#/$defs/reference", "x-ref": "modle"}')
    (error,) = mini.validate().errors
    assert error.path.endswith("model.schema.json") and "x-ref 'modle' is not an entry kind" in error.message


def test_territory_exclusions_need_the_territory_tag(mini: MiniCatalog):
    path = mini.change("license", "acme-community", territory_exclusions=[{"regions": ["EU"], "applies_to": "multimodal"}])
    error = one_error(mini.validate(path), path)
    assert "territory_exclusions is set but limitations lack the territory-restriction tag" in error.message
    path = mini.change("license", "acme-community", territory_exclusions=[{"regions": ["Europe"], "applies_to": "all"}])
    assert "has the wrong form" in one_error(mini.validate(path), path).message


def test_a_dangling_schema_ref_is_reported_not_a_crash(mini: MiniCatalog):
    path = mini.root / "schemas" / "provider.schema.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("common.schema.json#/$defs/name", "common.schema.json#/$defs/nome", 1), encoding="utf-8"
    )
    (error,) = mini.validate().errors
    assert "a $ref does not resolve" in error.message and error.hint
