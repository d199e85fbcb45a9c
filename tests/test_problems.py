"""One shape for a problem: schema failures and catalog rules both give placed Problems, and
which ones are shown never depends on the words of a message or a path."""

from __future__ import annotations

from conftest import TODAY, MiniCatalog, line_of
from kb.catalog import load_catalog, load_schemas
from kb.loader import parse
from kb.problems import Problem, Result
from kb.rules import RULES
from kb.schema_check import SchemaChecker
from kb.validate import validate


def test_schema_failures_are_placed_problems_each_said_once(mini: MiniCatalog):
    path = mini.change("model", "acme-pro", summary=None, license=None, contxt_window=5)
    catalog = load_catalog(mini.root, Result())
    (entry,) = [e for e in catalog.entries if e.id == "acme-pro"]
    problems = SchemaChecker(load_schemas(mini.root)).check(entry)
    assert all(isinstance(p, Problem) and p.path == entry.doc.path for p in problems)
    assert sorted(p.message for p in problems) == [
        "missing required field 'license' in the entry",
        "missing required field 'summary' in the entry",
        "unknown field 'contxt_window' in the entry",
    ]
    (unknown,) = [p for p in problems if "contxt_window" in p.message]
    assert (unknown.line, unknown.column) == (line_of(path, "contxt_window"), 1)


def test_every_rule_yields_placed_problems(mini: MiniCatalog):
    mini.change("model", "acme-pro", last_verified="2026-02-30", superseded_by="acme-pro")
    mini.change("license", "apache-2.0", permissions=["commercial-use", "no-such-tag"])
    _, catalog = validate(mini.root, today=TODAY)  # every entry still passes its schema
    found = [(rule.__name__, problem) for rule in RULES for problem in rule(catalog, catalog.entries, TODAY)]
    assert {name for name, _ in found} >= {"check_dates", "check_references", "check_vocabulary_tags"}
    assert all(isinstance(p, Problem) and p.path.endswith(".yaml") and p.line > 1 and p.hint for _, p in found)


def test_named_files_show_the_vocabularies_but_not_files_that_merely_sound_like_them(mini: MiniCatalog):
    vocabulary = mini.root / "vocabulary" / "openness-components.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "benchmarks:\n  label: B\n  description: R.\n  weight: 1\n")
    mini.write_text("models/acme/vocabulary-bot.yaml", "id: vocabulary-bot\nname: [\n")
    named = mini.path("model", "acme-pro")
    shown = {p.path.rsplit("/", 1)[-1] for p in mini.validate(named).errors}
    assert shown == {"openness-components.yaml"}
    everything = {p.path.rsplit("/", 1)[-1] for p in mini.validate().errors}
    assert everything == {"openness-components.yaml", "vocabulary-bot.yaml"}


def test_a_document_places_a_problem_at_a_value_or_its_key():
    doc = parse("# a comment\nid: m\nname: Model\n", "m.yaml")
    assert doc.problem(("name",), "a message", "a hint", at_key=True, severity="warning") == Problem(
        "m.yaml", 3, 1, "a message", "a hint", "warning"
    )
    assert doc.problem(("name",), "m", "h") == Problem("m.yaml", 3, 7, "m", "h", "error")
    assert doc.problem(("no", "such", "field"), "m", "h").line == 2  # the nearest place there is
