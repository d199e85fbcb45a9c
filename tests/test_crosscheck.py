"""The models.dev cross-check: what it finds missing and what disagrees, from a hand-made fixture."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, TODAY, MiniCatalog
from kb.crosscheck import DatasetError, cell, crosscheck, key, markdown
from kb.validate import validate

FIXTURE = Path(__file__).parent / "fixtures" / "models-dev"
EXPECTED_DISAGREEMENTS = {
    ("acme-pro", "context_window", 200000, 100000),
    ("acme-pro", "output_usd_per_mtok", 15, 18),
    ("acme-open-70b", "release_date", "2025-03-01", "2025-03-02"),
}


@pytest.fixture
def linked(mini: MiniCatalog) -> MiniCatalog:
    """The mini catalog with its maker Acme linked to the fixture's provider acme-md."""
    mini.change("provider", "acme", models_dev="acme-md")
    return mini


def run(mini: MiniCatalog, source: Path):
    result, catalog = validate(mini.root, today=TODAY)
    assert result.ok, [p.message for p in result.errors]
    return crosscheck(catalog, source)


@pytest.mark.parametrize("source", [FIXTURE, FIXTURE / "api.json"], ids=["checkout", "api.json"])
def test_missing_models_newest_first_and_disagreements_with_both_values(linked, source):
    report = run(linked, source)
    assert [r.id for _, r in report.missing] == ["acme-ultra", "acme-mini"]
    assert all(maker == "acme" for maker, _ in report.missing)
    found = {(model, name, mine, theirs) for model, name, mine, theirs, _ in report.disagreements}
    assert found == EXPECTED_DISAGREEMENTS
    assert report.matched == 2  # acme-pro and acme-open-70b (the dated snapshot of acme-pro adds nothing)


def test_only_linked_makers_and_their_own_files_are_read(mini: MiniCatalog):
    report = run(mini, FIXTURE)  # no provider names a models.dev id: nothing to compare
    assert (report.matched, report.missing, report.disagreements, report.providers) == (0, [], [], [])


def test_an_id_match_wins_over_a_name_match_and_snapshots_are_folded(linked):
    report = run(linked, FIXTURE)
    assert "acme-pro-20250601" not in {r.id for _, r in report.missing}
    assert not any(r.id == "acme-pro-20250601" for *_, r in report.disagreements)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("example-pro-4-5-20251101", "Example Pro 4.5"),
        ("example-4o-2024-08-06", "example-4o"),
        ("Sample A+", "sample-a-plus"),
        ("sample-r-08-2024", "sample-r"),
    ],
)
def test_spellings_of_one_model_share_a_key(left, right):
    assert key(left) == key(right)


def test_versions_are_not_mistaken_for_dates():
    assert key("example-large-2411") != key("example-large-2407")


def test_outside_text_cannot_break_the_markdown_table(linked):
    text = markdown(run(linked, FIXTURE))
    row = next(line for line in text.splitlines() if "acme-ultra" in line)
    assert row.count("|") == 6 and "<script>" not in row
    assert cell("a|b\nc") == "a b c"


def test_the_report_says_what_it_compared(linked):
    text = markdown(run(linked, FIXTURE))
    assert "Makers compared: 1 (acme-md)" in text and "Missing from the catalog: 2. Disagreements: 3." in text
    assert "| acme-pro | context_window | 200000 | 100000 | acme-md/acme-pro |" in text


def test_broken_dataset_files_are_named(linked, tmp_path):
    broken = tmp_path / "md"
    (broken / "providers" / "acme-md" / "models").mkdir(parents=True)
    (broken / "providers" / "acme-md" / "models" / "bad.toml").write_text('name = "unclosed\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad\.toml: cannot read it as TOML"):
        run(linked, broken)
    with pytest.raises(DatasetError, match="no providers/ folder"):
        run(linked, tmp_path)
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DatasetError, match="expected an object of providers"):
        run(linked, tmp_path / "list.json")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "crosscheck.py"), *args], capture_output=True, text=True, timeout=120, check=False
    )


def digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())).hexdigest()


def test_cli_reports_and_never_writes_the_catalog(linked):
    before = digest(linked.root)
    run_ = cli(str(FIXTURE), "--catalog", str(linked.root))
    assert run_.returncode == 0, run_.stderr
    assert run_.stdout.startswith("# Cross-check against models.dev") and "acme-ultra" in run_.stdout
    assert digest(linked.root) == before


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (lambda tmp: tmp / "nowhere", 2, "no such file or folder"),
        (lambda tmp: (tmp / "x.json").write_text("{", encoding="utf-8") and tmp / "x.json", 2, "cannot read it as JSON"),
    ],
)
def test_cli_bad_dataset_gets_a_message_and_no_traceback(linked, tmp_path, make, code, words):
    run_ = cli(str(make(tmp_path)), "--catalog", str(linked.root))
    assert run_.returncode == code and words in run_.stderr and "Traceback" not in run_.stderr


def test_cli_refuses_an_invalid_catalog(linked):
    linked.change("model", "acme-pro", release_date="soon")
    run_ = cli(str(FIXTURE), "--catalog", str(linked.root))
    assert run_.returncode == 1 and "fix the catalog first" in run_.stderr and "release_date" in run_.stdout
