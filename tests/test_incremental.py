"""make serve's regeneration: after a change, only what it affects is redone and rewritten,
and the result is always exactly what a full generation gives."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import TODAY, MiniCatalog, write_yaml
from kb.build import CachingLoader, Regenerator, render, write
from kb.memo import Memo


def touch_later(path: Path) -> None:
    """Make sure a rewritten file's modification time moves even on coarse clocks."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*") if p.is_file()}


def full_generation(mini: MiniCatalog, docs: Path) -> dict[str, bytes]:
    result, outputs = render(mini.root, TODAY)
    assert result.ok, result.problems
    write(outputs, docs)
    return {relative: data for relative, (data, _) in snapshot(docs).items()}


EDITS = {
    "model summary": ("model", "acme-open-70b", {"summary": "A changed summary."}),
    "model licence": ("model", "acme-open-70b", {"license": "apache-2.0"}),
    # listed by name on its licence's, provider's and deployment options' pages
    "model name": ("model", "acme-open-70b", {"name": "Acme Open 70B v2"}),
    "licence name": ("license", "acme-community", {"name": "Acme Community Licence v2"}),
    "licence tags": ("license", "apache-2.0", {"conditions": ["include-copyright"]}),
    "provider name": ("provider", "acme", {"name": "Acme Intelligence"}),
    "deployment": ("deployment", "managed-api", {"summary": "Rent it."}),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_regeneration_after_an_edit_equals_a_full_generation(mini, tmp_path, edit):
    kind, entry_id, fields = EDITS[edit]
    regenerate = Regenerator(mini.root, tmp_path / "docs")
    assert regenerate(TODAY)[0].ok
    touch_later(mini.change(kind, entry_id, **fields))
    result, written, removed = regenerate(TODAY)
    assert result.ok and written and not removed
    fresh = full_generation(mini, tmp_path / "fresh")
    assert {relative: data for relative, (data, _) in snapshot(tmp_path / "docs").items()} == fresh


def test_a_vocabulary_change_reaches_every_model_page(mini, tmp_path):
    regenerate = Regenerator(mini.root, tmp_path / "docs")
    regenerate(TODAY)
    path = mini.root / "vocabulary" / "openness-components.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: Weights", "label: Model weights", 1), encoding="utf-8")
    touch_later(path)
    _, written, _ = regenerate(TODAY)
    assert {"models/acme-open-70b.md", "models/lab-7b.md"} <= set(written)  # the models with openness grades
    assert "Model weights" in (tmp_path / "docs" / "models" / "lab-7b.md").read_text(encoding="utf-8")
    fresh = full_generation(mini, tmp_path / "fresh")
    assert {relative: data for relative, (data, _) in snapshot(tmp_path / "docs").items()} == fresh


def test_one_edit_rewrites_only_the_files_it_affects(mini, tmp_path):
    docs = tmp_path / "docs"
    regenerate = Regenerator(mini.root, docs)
    regenerate(TODAY)
    before = snapshot(docs)
    touch_later(mini.change("model", "lab-7b", summary="Edited."))
    _, written, _ = regenerate(TODAY)
    after = snapshot(docs)
    assert sorted(written) == ["api/catalog.json", "api/models.json", "models/lab-7b.md"]
    unchanged = [relative for relative in before if relative not in written]
    assert unchanged and all(after[relative] == before[relative] for relative in unchanged)


def test_a_broken_edit_writes_nothing_and_the_fix_recovers(mini, tmp_path):
    docs = tmp_path / "docs"
    regenerate = Regenerator(mini.root, docs)
    regenerate(TODAY)
    before = snapshot(docs)
    path = mini.change("model", "lab-7b", context_window="lots")
    touch_later(path)
    result, written, removed = regenerate(TODAY)
    assert not result.ok and (written, removed) == ([], [])
    assert snapshot(docs) == before
    touch_later(mini.change("model", "lab-7b", context_window=4096))
    result, written, _ = regenerate(TODAY)
    assert result.ok and "models/lab-7b.md" in written


def test_a_new_model_appears_and_a_deleted_one_disappears(mini, tmp_path):
    docs = tmp_path / "docs"
    regenerate = Regenerator(mini.root, docs)
    regenerate(TODAY)
    extra = write_yaml(mini.root / "models" / "openlab" / "lab-7b-extra.yaml", {**mini.data["model"]["lab-7b"], "id": "lab-7b-extra"})
    result, written, _ = regenerate(TODAY)
    assert result.ok and "models/lab-7b-extra.md" in written
    extra.unlink()
    result, _, removed = regenerate(TODAY)
    assert result.ok and removed == ["models/lab-7b-extra.md"]
    assert "lab-7b-extra" not in (docs / "api" / "models.json").read_text(encoding="utf-8")


def test_the_loader_reads_a_file_again_only_when_it_changed(tmp_path):
    calls = []

    def counting(path, shown):
        calls.append(path)
        return SimpleNamespace(path=shown), None

    load = CachingLoader(counting)
    path = write_yaml(tmp_path / "a.yaml", {"id": "a"})
    first = load(path, "a.yaml")
    assert load(path, "a.yaml")[0] is first[0]  # unchanged: the same document, not read again
    assert len(calls) == 1
    touch_later(write_yaml(path, {"id": "b"}))
    assert load(path, "a.yaml")[0] is not first[0] and len(calls) == 2


def test_the_memo_remakes_when_any_input_is_a_different_object():
    memo, made = Memo(), []

    def make(value):
        made.append(value)
        return value

    entry, other = {"id": "x"}, {"id": "x"}  # equal, but another object: a re-read file
    assert memo.get("k", (entry, "2026-11-25"), lambda: make(1)) == 1
    assert memo.get("k", (entry, "2026-11-25"), lambda: make(2)) == 1
    assert memo.get("k", (other, "2026-11-25"), lambda: make(3)) == 3
    assert memo.get("k", (other, "2026-11-26"), lambda: make(4)) == 4
    assert memo.get("k", (other,), lambda: make(5)) == 5
    assert made == [1, 3, 4, 5]


def test_a_schema_change_reaches_pages_that_were_remembered(mini, tmp_path):
    """Pages are remembered by what they are made from, and the schemas are among those inputs:
    a new label in a schema reaches the model pages at the next regeneration."""
    regenerate = Regenerator(mini.root, tmp_path / "docs")
    assert regenerate(TODAY)[0].ok
    path = mini.root / "schemas" / "model.schema.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"x-label": "Context window"', '"x-label": "Context length"'), encoding="utf-8"
    )
    touch_later(path)
    result, written, _ = regenerate(TODAY)
    assert result.ok and any(p.startswith("models/") for p in written)
    assert any("Context length" in (tmp_path / "docs" / p).read_text(encoding="utf-8") for p in written if p.endswith(".md"))
    assert {relative: data for relative, (data, _) in snapshot(tmp_path / "docs").items()} == full_generation(mini, tmp_path / "fresh")
