"""The bad-input corpus: every broken file is refused, placed at its line and column, with a hint.

Each case in tests/bad_inputs/ (listed with its expectation in expected.yaml) is copied into
its own small valid catalog and checked twice: in-process with kb.validate.validate, and
through the command line (scripts/validate.py) in a subprocess with a time and memory limit,
as a contributor would run it. Cases too big to commit are generated here.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, TODAY, MiniCatalog
from kb.loader import MAX_BYTES, MAX_DEPTH, MAX_ITEMS, MAX_NODES
from kb.validate import validate

CORPUS = Path(__file__).parent / "bad_inputs"
MANIFEST = CORPUS / "expected.yaml"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
CASES = sorted(EXPECTED)
TIMEOUT_S = 60
MEMORY_LIMIT = 512 * 1024 * 1024


def _model_head(case_id: str, summary: str = "A small model.") -> str:
    return (
        "# Bad input: generated at test time\n"
        f"id: {case_id}\nname: Acme Mini\nprovider: acme\nrelease_date: 2025-04-01\nfamily: Acme\nsummary: {summary}\n"
    )


def deep_block() -> str:
    """Block mappings nested far past the limit, as runaway indentation produces."""
    return (
        "# Bad input: generated at test time\nid: yaml-deep-block-nesting\n"
        + "".join("  " * i + "level:\n" for i in range(200))
        + "  " * 200
        + "end: 1\n"
    )


def deep_flow() -> str:
    """100,000 opening brackets: would crash a recursive parser."""
    return "# Bad input: generated at test time\nopenness: " + "[" * 100_000 + "]" * 100_000 + "\n"


def many_values() -> str:
    """More values than the limit, in lists each short enough to pass the per-list limit."""
    lists = MAX_NODES // (MAX_ITEMS - 1) + 1
    return "# Bad input: generated at test time\n" + "".join(f"x{i}: [" + "1, " * (MAX_ITEMS - 2) + "1]\n" for i in range(lists))


def long_list() -> str:
    """16,000 small mappings in one list: jsonschema's uniqueItems compares unhashable items
    pair by pair, so without a per-list limit this took minutes."""
    return "# Bad input: generated at test time\nid: yaml-long-list\nsources:\n" + "".join(f"- {{a: {i}}}\n" for i in range(16_000))


def many_keys() -> str:
    return "# Bad input: generated at test time\nid: yaml-many-keys\n" + "".join(f"field{i}: {i}\n" for i in range(5_000))


def huge_file() -> str:
    return _model_head("bytes-huge-file", "x" * (MAX_BYTES + 1000)) + "open_weights: true\n"


def huge_string() -> str:
    return _model_head("schema-huge-string", "lorem " * 150_000) + (
        "open_weights: true\nlicense: apache-2.0\n"
        "availability:\n  - channel: weights\n    vendor: Hugging Face\n    url: https://huggingface.co/acme/mini\n"
        "sources:\n  - https://acme.example.org/mini\nlast_verified: 2026-11-01\n"
    )


def long_base60() -> str:
    """A base-60 number of 900 kB: YAML 1.1 reads it as an integer, and converting it took 71 s."""
    return _model_head("number-long-base60") + "parameters_b: 1" + ":59" * 300_000 + "\n"


GENERATORS: dict[str, Callable[[], str]] = {
    f.__name__: f for f in (deep_block, deep_flow, many_values, long_list, many_keys, huge_file, huge_string, long_base60)
}


def case_bytes(case: str) -> bytes:
    spec = EXPECTED[case]
    data = GENERATORS[spec["generate"]]().encode("utf-8") if "generate" in spec else (CORPUS / case).read_bytes()
    if spec.get("crlf"):
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return data


def target_of(case: str) -> str:
    return EXPECTED[case].get("target", case)


def install(case: str, work: Path) -> tuple[MiniCatalog, Path]:
    """A fresh valid catalog under work/catalog with the case copied to its place."""
    mini = MiniCatalog(work / "catalog")
    dest = mini.root / target_of(case)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(case_bytes(case))
    return mini, dest


def _limits() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (TIMEOUT_S, TIMEOUT_S))


def run_cli(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """scripts/validate.py run from work/, as a contributor runs it, with time and memory limits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py"), "--catalog", "catalog", *args],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        preexec_fn=_limits,
        check=False,
    )


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every case through the command line, a few at a time (each is a cold Python start)."""
    works = {case: tmp_path_factory.mktemp("cli") for case in CASES}
    for case, work in works.items():
        install(case, work)

    def one(case: str) -> subprocess.CompletedProcess[str]:
        return run_cli(works[case], "catalog/" + target_of(case))

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(CASES, pool.map(one, CASES), strict=True))


# ---------------------------------------------------------------- the corpus itself


def test_corpus_is_big_and_every_file_has_an_expectation():
    committed = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p != MANIFEST}
    generated = {c for c in CASES if "generate" in EXPECTED[c]}
    assert committed == set(CASES) - generated
    assert len(CASES) >= 45
    assert generated and all(EXPECTED[c]["generate"] in GENERATORS for c in generated)
    for case, spec in EXPECTED.items():
        assert set(spec) <= {"line", "column", "contains", "target", "generate", "crlf"}, case
        assert isinstance(spec["line"], int) and isinstance(spec["column"], int) and spec["contains"], case


def test_committed_cases_stay_small():
    assert all(p.stat().st_size < 20_000 for p in CORPUS.rglob("*") if p.is_file())


def test_generated_cases_are_really_over_the_limits():
    assert len(huge_file().encode()) > MAX_BYTES
    assert deep_block().count("level:") > MAX_DEPTH and deep_flow().count("[") > MAX_DEPTH
    assert many_values().count(",") > MAX_NODES
    assert MAX_BYTES > len(huge_string().encode()) > 100 * 4000


def test_crlf_case_really_has_crlf_line_endings():
    data = case_bytes("models/acme/bytes-crlf-error.yaml")
    assert data.count(b"\r\n") == data.count(b"\n") > 10


# ---------------------------------------------------------------- in-process validator


@pytest.mark.parametrize("case", CASES)
def test_validator_places_the_problem(case, tmp_path):
    spec = EXPECTED[case]
    mini, dest = install(case, tmp_path)

    result, _ = validate(mini.root, [dest], today=TODAY)
    assert not result.ok and result.exit_code() == 1
    mine = [p for p in result.errors if Path(p.path).resolve() == dest.resolve()]
    placed = [(p.line, p.column, p.message) for p in mine]
    match = [p for p in mine if (p.line, p.column) == (spec["line"], spec["column"]) and spec["contains"] in p.message]
    assert match, f"expected {spec['line']}:{spec['column']} {spec['contains']!r}, got {placed}"
    assert all(p.hint for p in mine)
    assert all("\n" not in p.message for p in mine), "a message must stay on its line"

    # the whole catalog: the case is the only file with errors (it breaks nothing else)
    whole, _ = validate(mini.root, today=TODAY)
    assert {Path(p.path).resolve() for p in whole.errors} == {dest.resolve()}


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize("case", CASES)
def test_cli_reports_file_line_column_and_hint(case, cli_results):
    spec = EXPECTED[case]
    run = cli_results[case]
    output = run.stdout + run.stderr
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    assert run.returncode == 1, output[-2000:]
    shown = "catalog/" + target_of(case)
    lines = run.stdout.splitlines()
    wanted = f"{shown}:{spec['line']}:{spec['column']}: "
    found = [i for i, line in enumerate(lines) if line.startswith(wanted) and spec["contains"] in line]
    assert found, f"no line starting {wanted!r} with {spec['contains']!r} in:\n" + run.stdout[-3000:]
    assert lines[found[0] + 1].startswith("    hint: ") and len(lines[found[0] + 1]) > len("    hint: ")
    assert re.match(r"^FAILED: \d+ errors? in 1 file \(", lines[-1]), lines[-1]


@pytest.mark.parametrize(
    "case", ["models/acme/yaml-python-apply-tag.yaml", "models/acme/bytes-crlf-error.yaml", "models/acme/yaml-deep-flow-nesting.yaml"]
)
def test_github_annotations_point_at_the_line(case, tmp_path):
    spec = EXPECTED[case]
    install(case, tmp_path)
    run = run_cli(tmp_path, "--format", "github", "catalog/" + target_of(case))
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    annotation = f"::error file=catalog/{target_of(case)},line={spec['line']},col={spec['column']},title=catalog validation::"
    lines = [line for line in run.stdout.splitlines() if line.startswith(annotation)]
    assert lines, run.stdout[-2000:]
    assert "(hint: " in lines[0] and "\n" not in lines[0]


def test_memory_limit_is_really_applied(tmp_path):
    """The limit the CLI runs under is real: a child that allocates 1 GiB fails."""
    run = subprocess.run(
        [sys.executable, "-c", "b = bytearray(1024 ** 3)"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        preexec_fn=_limits,
        check=False,
    )
    assert run.returncode != 0 and "MemoryError" in run.stderr


# ---------------------------------------------------------------- near misses that are fine


@pytest.mark.parametrize(
    "summary",
    [
        "Training data: 15T tokens of public text.",  # 'data:' in prose is not a data: URL
        "Its metadata:describes the corpus.",
        "Links: [the card](https://acme.example.org/card) and <https://acme.example.org>.",
        "Read the [terms](#terms) below.",
    ],
)
def test_prose_that_looks_like_a_link_is_accepted(mini, summary):
    path = mini.change("model", "acme-pro", summary=summary)
    result = mini.validate(path)
    assert result.ok, [p.message for p in result.errors]


def test_a_duplicated_id_does_not_break_references_to_the_first(mini):
    """A provider re-using a model's id is one error in that file, not one in every file citing the model."""
    clash = dict(mini.data["provider"]["acme"], id="acme-pro")
    mini.write_text("providers/acme-pro.yaml", yaml.safe_dump(clash))
    result = mini.validate()
    assert [Path(p.path).parent.name + "/" + Path(p.path).name for p in result.errors] == ["providers/acme-pro.yaml"]
    assert "already used by" in result.errors[0].message
