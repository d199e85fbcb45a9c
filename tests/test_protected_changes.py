"""The pull-request check that reports changes to anything but catalog entries."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO

SCRIPT = REPO / "scripts" / "protected_changes.py"


def run(paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT)], input=paths, capture_output=True, text=True, timeout=30, check=False)


def test_entries_alone_pass():
    done = run("catalog/models/meta/llama-4-scout.yaml\ncatalog/licenses/mit.yaml\ncatalog/faq.yaml\ncatalog/providers/meta.yaml\n")
    assert done.returncode == 0 and done.stdout.strip() == "Only catalog entries changed."


@pytest.mark.parametrize(
    "path",
    [
        "catalog/schemas/model.schema.json",
        "catalog/vocabulary/license-tags.yaml",
        "scripts/kb/rules.py",
        ".github/workflows/pr.yml",
        "tests/conftest.py",
        "Makefile",
        "catalog/models/meta/notes.md",
        "catalog/models/extra/deeper/x.yaml",
    ],
)
def test_anything_else_fails_with_an_annotation(path):
    done = run(f"catalog/models/meta/llama-4-scout.yaml\n{path}\n")
    assert done.returncode == 1
    (annotation,) = [line for line in done.stdout.splitlines() if line.startswith("::warning")]
    assert annotation.startswith("::warning file=") and "a maintainer must review it" in annotation


def test_a_file_name_cannot_inject_a_workflow_command():
    done = run("scripts/a\r::error::pwned.py\n")
    assert done.returncode == 1
    assert all(line.startswith("::warning file=") or line.endswith("protected file(s) changed.") for line in done.stdout.splitlines())


def test_an_unknown_option_is_a_usage_error_not_a_pass():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--base", "main"], input="", capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 2 and "usage: protected_changes.py" in done.stderr and done.stdout == ""
