"""CI and pre-commit configuration: the safety properties the project relies on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", re.MULTILINE)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_the_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "pages.yml", "links.yml", "crosscheck.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commit_shas_with_a_version_comment(path):
    uses = USES.findall(path.read_text(encoding="utf-8"))
    assert uses
    for action, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.match(r"\s*# v\d+(\.\d+)*\s*$", rest), f"{action}: add '# vX.Y.Z'"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_default_to_read_only_and_never_run_fork_code_with_secrets(path):
    data = load(path)
    assert "pull_request_target" not in data["on"] and "workflow_run" not in data["on"]
    assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        extra = job.get("permissions", {})
        if path.name == "pages.yml" and name == "deploy":
            assert extra == {"pages": "write", "id-token": "write"}
        else:
            assert extra in ({}, {"contents": "read"}), (path.name, name)


def test_pr_gate_steps():
    data = load(REPO / ".github" / "workflows" / "pr.yml")
    assert set(data["on"]) == {"pull_request"}
    assert data["concurrency"]["cancel-in-progress"] is True
    assert "pull_request.number" in data["concurrency"]["group"]
    runs = "\n".join(step.get("run", "") for step in data["jobs"]["check"]["steps"])
    for command in ("apt-get install -y -qq chromium", "make validate", "scripts/validate.py --format github", "make test", "make site"):
        assert command in runs, command
    upload = [s for s in data["jobs"]["check"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert upload and upload[0]["with"]["path"].rstrip("/") == "site"


@pytest.mark.parametrize(("workflow", "script"), [("links.yml", "scripts/check_links.py"), ("crosscheck.yml", "scripts/crosscheck.py")])
def test_network_checks_run_on_a_schedule_only_and_report_in_the_summary(workflow, script):
    data = load(REPO / ".github" / "workflows" / workflow)
    assert set(data["on"]) <= {"schedule", "workflow_dispatch"} and "schedule" in data["on"]
    runs = [step.get("run", "") for job in data["jobs"].values() for step in job["steps"]]
    assert any(script in run and "GITHUB_STEP_SUMMARY" in run for run in runs)


def test_pre_commit_hooks_are_local_and_validate_catalog_files():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
    assert all(h["language"] == "system" and h["entry"].startswith(".venv/bin/") for h in hooks.values())
    validate = hooks["validate-catalog"]
    assert "scripts/validate.py" in validate["entry"] and validate["pass_filenames"] is True
    assert re.search(validate["files"], "catalog/models/meta/x.yaml") and not re.search(validate["files"], "docs/x.yaml")
    assert re.search(validate["exclude"], "catalog/vocabulary/license-tags.yaml")
    assert {"ruff-check", "ruff-format"} <= set(hooks)


def test_protected_files_check_runs_with_the_pinned_environment():
    """The script imports kb, which needs the pinned dependencies: the job sets them up first."""
    steps = load(REPO / ".github" / "workflows" / "pr.yml")["jobs"]["protected-files"]["steps"]
    runs = [step.get("run", "") for step in steps]
    setup = next(i for i, run in enumerate(runs) if "make validate" in run)
    check = next(i for i, run in enumerate(runs) if "scripts/protected_changes.py" in run)
    assert setup < check and ".venv/bin/python scripts/protected_changes.py" in runs[check]
