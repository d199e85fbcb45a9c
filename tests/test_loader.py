"""The loader: safe, bounded, and every problem placed at a line and column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import TODAY
from kb.fastpath import load as fast_load
from kb.loader import LoadError, decode, parse, read_entry
from kb.loader import load as kb_load
from kb.validate import validate


def test_values_and_positions_are_kept():
    doc = parse("id: x\nlist:\n  - 1\n  - {a: true}\nday: 2024-01-02\n", "f.yaml")
    assert doc.data == {"id": "x", "list": [1, {"a": True}], "day": "2024-01-02"}
    assert doc.positions[("list", 1, "a")] == (4, 9)
    assert doc.key_positions[("day",)] == (5, 1)
    assert doc.where(("list", 1, "missing")) == (4, 5)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("id: a\nname: b\nid: c\n", 3, 1, "duplicate key 'id' (first written at line 1)"),
        ("id: a\nnested:\n  k: 1\n  k: 2\n", 4, 3, "duplicate key 'k'"),
        ("a: &anchor 1\nb: *anchor\n", 1, 4, "anchors and aliases"),
        ("a: [1]\nb: *nothing\n", 2, 4, "anchors and aliases"),
        ("<<: {a: 1}\n", 1, 1, "merge keys"),
        ("a: !!python/object:os.system {}\n", 1, 4, "YAML tag"),
        ("a: !!binary aGVsbG8=\n", 1, 4, "YAML tag"),
        ("a: !custom x\n", 1, 4, "YAML tag"),
        ("", 1, 1, "the file is empty"),
        ("# only a comment\n", 1, 1, "the file is empty"),
        ("null\n", 1, 1, "not a mapping"),
        ("- a\n- b\n", 1, 1, "holds a list"),
        ("just text\n", 1, 1, "a single value"),
        ("id: a\n---\nid: b\n", 2, 1, "more than one YAML document"),
        ("id: a\n\tname: b\n", 2, 1, "tab character"),
        ("id: [a, b\nname: c\n", 2, 5, "YAML syntax error"),
        ("id: 'open\n", 2, 1, "YAML syntax error"),
        ("yes: 1\n", 1, 1, "read as a true/false value"),
        ("1: one\n", 1, 1, "read as a int"),
        ("~: x\n", 1, 1, "read as null"),
        ("? [a, b]\n: 1\n", 1, 3, "key must be plain text"),
        ("a: .inf\n", 1, 4, "not a finite number"),
        ("a: " + "[" * 40 + "]" * 40 + "\n", 1, 35, "nested more than"),
    ],
)
def test_broken_yaml_is_placed(text, line, column, words):
    with pytest.raises(LoadError) as caught:
        parse(text, "f.yaml")
    assert words in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.hint


def test_deep_nesting_does_not_crash_the_interpreter():
    with pytest.raises(LoadError, match="nested"):
        parse("[" * 200_000 + "]" * 200_000, "f.yaml")


def test_alias_bomb_is_refused_at_the_first_anchor():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(LoadError, match="anchors and aliases") as caught:
        parse(bomb, "f.yaml")
    assert caught.value.line == 1


def test_too_many_values_are_refused():
    with pytest.raises(LoadError, match="more than"):
        parse("a: [" + ", ".join(["1"] * 60_000) + "]\n", "f.yaml")


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        (b"id: x\nname: \xff\xfe\n", 2, 7, "not valid UTF-8"),
        (b"id: x\n\x00\x01\x02", 2, 1, "binary"),
    ],
)
def test_bad_bytes_are_placed(raw, line, column, words):
    with pytest.raises(LoadError) as caught:
        decode(raw)
    assert words in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


def test_byte_order_mark_is_accepted():
    assert parse(decode("\ufeffid: x\n".encode()), "f.yaml").data == {"id": "x"}


def test_huge_integer_is_a_clear_error():
    with pytest.raises(LoadError, match="too long"):
        parse("a: " + "9" * 5000 + "\n", "f.yaml")


# ---- files that are not plain files: links, pipes, devices, giant files -----------------


def special_files(folder):
    """What a pull request (links) or a careless checkout could put where an entry belongs."""
    outside = folder.parent / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("id: secret-token-123\n", encoding="utf-8")
    models = folder / "models" / "acme"
    models.mkdir(parents=True)
    (models / "to-secret.yaml").symlink_to(outside / "secret.yaml")
    (models / "to-zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(models / "pipe.yaml")
    (folder / "models" / "linked").symlink_to(outside, target_is_directory=True)
    return models


@pytest.mark.parametrize("load", [kb_load, fast_load], ids=["event loader", "fast loader"])
@pytest.mark.parametrize(
    ("name", "words"),
    [("to-secret.yaml", "symbolic link"), ("to-zero.yaml", "symbolic link"), ("pipe.yaml", "not a regular file")],
)
def test_links_pipes_and_devices_are_refused_without_being_read(tmp_path, load, name, words):
    models = special_files(tmp_path / "catalog")
    doc, problem = load(models / name, name)
    assert doc is None and words in problem.message and (problem.line, problem.column) == (1, 1) and problem.hint


def test_a_catalog_with_links_reports_them_and_reads_nothing_outside(tmp_path):
    special_files(tmp_path / "catalog")
    result, catalog = validate(tmp_path / "catalog", today=TODAY)
    report = "\n".join(map(str, result.problems))
    assert "secret-token" not in report
    named = {Path(p.path).name: p.message for p in result.problems}
    assert named["linked"] == "this is a link to a folder, and the catalog does not follow links"  # reported, not entered
    assert "symbolic link" in named["to-secret.yaml"] and "symbolic link" in named["to-zero.yaml"]
    assert "not a regular file" in named["pipe.yaml"]
    assert all(e.id != "secret-token-123" for e in catalog.entries)


def test_a_giant_file_is_refused_after_reading_only_past_the_limit(tmp_path):
    giant = tmp_path / "giant.yaml"
    with giant.open("wb") as handle:  # sparse: 20 GB on paper, nothing on disk
        handle.truncate(20 * 1024**3)
    with pytest.raises(LoadError, match="more than the limit"):
        read_entry(giant)  # reads at most MAX_BYTES + 1 bytes
    doc, problem = fast_load(giant, "giant.yaml")
    assert doc is None and f"{20 * 1024**3:,} bytes" in problem.message and "limit" in problem.message
