"""The command-line entry points, run as a contributor runs them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO, MiniCatalog

VALIDATE = [sys.executable, str(REPO / "scripts" / "validate.py")]
GENERATE = [sys.executable, str(REPO / "scripts" / "generate.py")]


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False, **kwargs)


def test_clean_catalog_exits_zero(mini: MiniCatalog):
    done = run([*VALIDATE, "--catalog", str(mini.root)])
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().startswith("OK: 11 files checked")


def test_broken_file_exits_one_with_location_and_hint(mini: MiniCatalog):
    path = mini.change("provider", "openlab", kind="club")
    done = run([*VALIDATE, "--catalog", str(mini.root), str(path)])
    assert done.returncode == 1
    first, hint = done.stdout.splitlines()[:2]
    assert first.endswith("kind is 'club', which is not one of: company, nonprofit, academic, consortium")
    assert first.split(":")[1:3] == [str(path.read_text().splitlines().index("kind: club") + 1), "7"]
    assert hint.strip().startswith("hint:")
    assert done.stdout.strip().splitlines()[-1].startswith("FAILED: 1 error in 1 file")
    assert "Traceback" not in done.stdout + done.stderr


def test_github_format(mini: MiniCatalog):
    path = mini.change("provider", "openlab", kind="club")
    done = run([*VALIDATE, "--catalog", str(mini.root), "--format", "github", str(path)])
    line = done.stdout.splitlines()[0]
    assert line.startswith("::error file=") and ",line=" in line and ",col=7," in line and "::kind is 'club'" in line
    assert done.returncode == 1


def test_closed_output_pipe_is_not_a_traceback(mini: MiniCatalog):
    for n in range(30):
        mini.write_text(f"providers/bad-{n}.yaml", "id: [\n")
    process = subprocess.Popen([*VALIDATE, "--catalog", str(mini.root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    process.wait(timeout=60)
    assert b"Traceback" not in process.stderr.read()


def test_unknown_option_is_a_usage_error(mini: MiniCatalog):
    done = run([*VALIDATE, "--colour"])
    assert done.returncode == 2 and "usage:" in done.stderr and "Traceback" not in done.stderr


def test_generate_refuses_a_broken_catalog_and_writes_nothing(mini: MiniCatalog, tmp_path):
    mini.change("provider", "openlab", kind="club")
    docs = tmp_path / "docs"
    done = run([*GENERATE, "--catalog", str(mini.root), "--docs", str(docs)])
    assert done.returncode == 1 and "no pages were written" in done.stderr
    assert not docs.exists()


def test_generate_writes_only_changed_files(mini: MiniCatalog, tmp_path):
    docs = tmp_path / "docs"
    first = run([*GENERATE, "--catalog", str(mini.root), "--docs", str(docs)])
    assert first.returncode == 0 and " 0 unchanged" in first.stdout
    page = docs / "models" / "acme-pro.md"
    stamp = page.stat().st_mtime_ns
    other = docs / "models" / "lab-7b.md"
    other_stamp = other.stat().st_mtime_ns
    mini.change("model", "acme-pro", name="Acme Pro 2")
    second = run([*GENERATE, "--catalog", str(mini.root), "--docs", str(docs)])
    assert second.returncode == 0
    assert page.stat().st_mtime_ns != stamp and "Acme Pro 2" in page.read_text()
    assert other.stat().st_mtime_ns == other_stamp
    (docs / "models" / "ghost.md").write_text("old")
    (docs / "guides").mkdir()
    (docs / "guides" / "mine.md").write_text("hand-written")
    run([*GENERATE, "--catalog", str(mini.root), "--docs", str(docs)])
    assert not (docs / "models" / "ghost.md").exists()
    assert (docs / "guides" / "mine.md").read_text() == "hand-written"


def test_a_file_name_cannot_inject_workflow_commands(mini: MiniCatalog):
    """A line break in a file name (git allows it) must not start an output line of its own:
    in a CI log, a line beginning '::error::' or '::add-mask::' is run as a workflow command."""
    mini.write_text("providers/a\n::error::injected.yaml", "id: a\n")
    for fmt in ("text", "github"):
        done = run([*VALIDATE, "--catalog", str(mini.root), "--format", fmt])
        assert done.returncode == 1 and "injected" in done.stdout
        commands = [line for line in done.stdout.splitlines() if line.startswith("::")]
        assert all(line.startswith("::error file=") for line in commands), commands
        if fmt == "text":
            assert commands == [] and "a\\n::error::injected.yaml" in done.stdout


SCRIPTS = REPO / "scripts"
ENTRY_POINTS = sorted(p.name for p in SCRIPTS.glob("*.py") if 'if __name__ == "__main__":' in p.read_text(encoding="utf-8"))


def test_every_entry_point_is_found():
    assert {"validate.py", "generate.py", "serve.py", "new_entry.py", "protected_changes.py", "bench.py"} <= set(ENTRY_POINTS)


@pytest.mark.parametrize("script", ENTRY_POINTS)
def test_each_entry_point_runs_from_another_folder(script, tmp_path):
    """Python puts a script's own folder first on sys.path, which is how the scripts find kb."""
    done = run([sys.executable, str(SCRIPTS / script), "--help"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: {script}") and done.stderr == ""


def test_no_script_changes_sys_path():
    """Scripts find kb in their own folder, which Python puts first on sys.path; the tests through
    pyproject.toml's pythonpath; MkDocs hooks because MkDocs adds their folder while importing them."""
    changes = re.compile(r"sys\.path\s*(\.\s*(insert|append|extend)\b|\[|\+=|=[^=])")
    found = [
        f"{p.relative_to(REPO)}:{n}"
        for p in SCRIPTS.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if changes.search(line)
    ]
    assert found == []


def test_validate_and_generate_work_from_another_folder(mini: MiniCatalog, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run([*VALIDATE, "--catalog", str(mini.root)], cwd=elsewhere)
    assert done.returncode == 0 and done.stdout.startswith("OK:"), done.stdout + done.stderr
    done = run([*GENERATE, "--catalog", str(mini.root), "--docs", "docs"], cwd=elsewhere)
    assert done.returncode == 0 and (elsewhere / "docs" / "models" / "acme-pro.md").is_file(), done.stdout + done.stderr
