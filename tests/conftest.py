"""Shared fixtures: a small valid catalog built in a temporary folder, and ways to break it;
the fictional example catalog (tests/fixtures/catalog) and its site, for tests of code; the real
catalog's site, for tests of the data."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.build import owned
from kb.catalog import CATALOG, REPO, Catalog, utc_today
from kb.problems import Result
from kb.sitebuild import mkdocs_build, prepare_docs
from kb.validate import validate

TODAY = dt.date(2026, 11, 25)
SOURCE = ["https://example.org/source"]

PROVIDERS = {
    "acme": {
        "id": "acme",
        "name": "Acme AI",
        "url": "https://acme.example.org",
        "country": "US",
        "kind": "company",
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
    "openlab": {
        "id": "openlab",
        "name": "Open Lab",
        "url": "https://openlab.example.org",
        "kind": "nonprofit",
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
}
LICENSES = {
    "apache-2.0": {
        "id": "apache-2.0",
        "spdx_id": "Apache-2.0",
        "name": "Apache License 2.0",
        "url": "https://www.apache.org/licenses/LICENSE-2.0",
        "kind": "permissive",
        "osi_approved": True,
        "summary": "A permissive licence.",
        "permissions": ["commercial-use", "modification", "distribution", "patent-use"],
        "conditions": ["include-copyright", "document-changes"],
        "limitations": ["liability", "warranty", "trademark-use"],
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
    "acme-community": {
        "id": "acme-community",
        "spdx_id": "LicenseRef-Acme-Community",
        "name": "Acme Community Licence",
        "url": "https://acme.example.org/licence",
        "kind": "open-weights-restricted",
        "osi_approved": False,
        "summary": "Weights with a **user cap**.",
        "permissions": ["commercial-use", "modification", "distribution"],
        "conditions": ["acceptable-use-policy", "attribution-display"],
        "limitations": ["scale-cap", "no-output-training"],
        "mau_threshold": 700000000,
        "aup_url": "https://acme.example.org/aup",
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
    "acme-terms": {
        "id": "acme-terms",
        "spdx_id": "LicenseRef-Acme-Terms",
        "name": "Acme API Terms",
        "url": "https://acme.example.org/terms",
        "kind": "proprietary",
        "osi_approved": False,
        "summary": "The API terms.",
        "permissions": ["commercial-use"],
        "conditions": ["usage-policies"],
        "limitations": ["no-weights-access"],
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
}


def grade(status: str) -> dict[str, str]:
    return {"status": status, "evidence": "https://example.org/evidence"}


MODELS = {
    "acme-open-70b": {
        "id": "acme-open-70b",
        "name": "Acme Open 70B",
        "provider": "acme",
        "family": "Acme Open",
        "release_date": "2025-03-01",
        "summary": "An open-weight model.",
        "open_weights": True,
        "license": "acme-community",
        "parameters_b": 70,
        "architecture": "dense",
        "context_window": 128000,
        "modalities": {"input": ["text"], "output": ["text"]},
        "openness": {"weights": grade("partial"), "training_code": grade("closed")},
        "availability": [{"channel": "weights", "vendor": "Hugging Face", "url": "https://huggingface.co/acme/open-70b"}],
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
    "acme-pro": {
        "id": "acme-pro",
        "name": "Acme Pro",
        "provider": "acme",
        "release_date": "2025-06-01",
        "summary": "A closed model.",
        "open_weights": False,
        "license": "acme-terms",
        "context_window": 200000,
        "availability": [{"channel": "api", "vendor": "Acme API", "url": "https://acme.example.org/api"}],
        "pricing": {"input_usd_per_mtok": 3, "output_usd_per_mtok": 15, "as_of": "2026-11-01"},
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
    "lab-7b": {
        "id": "lab-7b",
        "name": "Lab 7B",
        "provider": "openlab",
        "release_date": "2024-02",
        "summary": "A fully open model.",
        "open_weights": True,
        "license": "apache-2.0",
        "parameters_b": 7,
        "active_parameters_b": 1,
        "architecture": "moe",
        "openness": {
            k: grade("open")
            for k in ("weights", "inference_code", "training_code", "training_data", "data_documentation", "paper", "model_card")
        },
        "availability": [{"channel": "weights", "vendor": "Hugging Face", "url": "https://huggingface.co/openlab/lab-7b"}],
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
}
DEPLOYMENTS = {
    "managed-api": {
        "id": "managed-api",
        "name": "Managed API",
        "summary": "Rent a model.",
        "model_access": "both",
        "ratings": {
            "control": 1,
            "convenience": 5,
            "data_privacy": 2,
            "customization": 1,
            "cost_predictability": 2,
            "lock_in_risk": 4,
            "ops_burden": 1,
            "time_to_value": 5,
        },
        "pros": ["Fast start."],
        "cons": ["Less control."],
        "best_for": ["Prototypes."],
        "avoid_when": ["Data must stay home."],
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
}
COMPARISONS = {
    "open-vs-closed": {
        "id": "open-vs-closed",
        "title": "Open versus closed",
        "summary": "Side by side.",
        "models": ["acme-open-70b", "acme-pro"],
        "sources": SOURCE,
        "last_verified": "2026-11-01",
    },
}
FAQ = {
    "questions": [
        {
            "id": "what-is-open",
            "question": "What is an open model?",
            "answer": "One whose weights you can download.",
            "related": ["lab-7b", "apache-2.0"],
            "last_verified": "2026-11-01",
        }
    ]
}


def entry_path(root: Path, kind: str, data: dict[str, Any]) -> Path:
    if kind == "model":
        return root / "models" / data["provider"] / f"{data['id']}.yaml"
    folder = {"license": "licenses", "provider": "providers", "deployment": "deployments", "comparison": "comparisons"}[kind]
    return root / folder / f"{data['id']}.yaml"


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


class MiniCatalog:
    """A small, valid catalog in a temporary folder that tests can change entry by entry."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(CATALOG / "schemas", root / "schemas")
        shutil.copytree(CATALOG / "vocabulary", root / "vocabulary")
        self.data = {
            "provider": copy.deepcopy(PROVIDERS),
            "license": copy.deepcopy(LICENSES),
            "model": copy.deepcopy(MODELS),
            "deployment": copy.deepcopy(DEPLOYMENTS),
            "comparison": copy.deepcopy(COMPARISONS),
        }
        for kind, entries in self.data.items():
            for entry in entries.values():
                write_yaml(entry_path(root, kind, entry), entry)
        write_yaml(root / "faq.yaml", copy.deepcopy(FAQ))

    def path(self, kind: str, entry_id: str) -> Path:
        return entry_path(self.root, kind, self.data[kind][entry_id])

    def change(self, kind: str, entry_id: str, /, **fields: Any) -> Path:
        """Rewrite one entry with fields set (a value of None removes the field)."""
        data = copy.deepcopy(self.data[kind][entry_id])
        for key, value in fields.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return write_yaml(self.path(kind, entry_id), data)

    def write_text(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def validate(self, *paths: Path) -> Result:
        result, _ = validate(self.root, list(paths) or None, today=TODAY)
        return result


@pytest.fixture
def mini(tmp_path: Path) -> MiniCatalog:
    return MiniCatalog(tmp_path / "catalog")


EXAMPLE_CATALOG = Path(__file__).parent / "fixtures" / "catalog"
BULK_MODELS = 100  # with the hand-written models, more than the models table shows at once


def bulk_model(number: int) -> dict[str, Any]:
    """A plain open-weight model with varied size, context and date, to make the tables long."""
    model_id = f"example-bulk-{number:03}"
    return {
        "id": model_id,
        "name": f"Example Bulk {number:03}",
        "provider": "example-bulk",
        "release_date": f"{2024 + number % 2}-{1 + number % 12:02}-{1 + number % 28:02}",
        "summary": "A generated model that fills the tables.",
        "open_weights": True,
        "license": "example-permissive-2.0",
        "parameters_b": 1 + number % 40,
        "context_window": 4096 * (1 + number % 8),
        "availability": [{"channel": "weights", "vendor": "Example Hub", "url": f"https://example.com/hub/{model_id}"}],
        "sources": [f"https://example.com/bulk/{model_id}"],
        "last_verified": "2026-11-01",
    }


def copy_example_catalog(root: Path) -> Path:
    """The example catalog in root, with the real schemas and vocabularies (so it always follows
    them) and the generated bulk models."""
    shutil.copytree(EXAMPLE_CATALOG, root)
    shutil.copytree(CATALOG / "schemas", root / "schemas")
    shutil.copytree(CATALOG / "vocabulary", root / "vocabulary")
    for number in range(1, BULK_MODELS + 1):
        model = bulk_model(number)
        write_yaml(root / "models" / model["provider"] / f"{model['id']}.yaml", model)
    return root


@pytest.fixture(scope="session")
def example_root(tmp_path_factory) -> Path:
    return copy_example_catalog(tmp_path_factory.mktemp("example") / "catalog")


@pytest.fixture(scope="session")
def example_catalog(example_root: Path) -> Catalog:
    result, catalog = validate(example_root, today=TODAY)
    assert result.ok, [f"{p.path}:{p.line}: {p.message}" for p in result.errors]
    return catalog


GUIDE_LINK = re.compile(
    r"Doc file '([^']+)' contains a link '[^']*\b(?:models|licenses|deployments|providers|compare)/[^']+', but the target"
)


def warnings_besides_guide_links(output: str) -> list[str]:
    """MkDocs warnings other than hand-written pages' links to real entries, which the example catalog lacks."""
    return [line for line in output.splitlines() if "WARNING" in line and not ((found := GUIDE_LINK.search(line)) and not owned(found[1]))]


@pytest.fixture(scope="session")
def example_site(tmp_path_factory, example_root: Path) -> Path:
    """The site built from the example catalog on TODAY (not strict: the guides link to real entries)."""
    work = tmp_path_factory.mktemp("example-site")
    result, docs = prepare_docs(example_root, work, TODAY)
    assert result.ok, [p.message for p in result.errors]
    built = mkdocs_build(docs, work / "site", work, strict=False)
    assert built.returncode == 0, built.stdout + built.stderr
    assert warnings_besides_guide_links(built.stdout + built.stderr) == []
    return work / "site"


@pytest.fixture(scope="session")
def real_catalog() -> Catalog:
    result, catalog = validate(CATALOG, today=utc_today())
    assert result.ok
    return catalog


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real catalog's site, built strict: a warning (say, a guide linking to a removed entry) fails."""
    work = tmp_path_factory.mktemp("real-site")
    result, docs = prepare_docs(CATALOG, work)
    assert result.ok
    built = mkdocs_build(docs, work / "site", work)
    assert built.returncode == 0, built.stdout + built.stderr
    return work / "site"


def run_script(name: str, *args: str, timeout: float = 120, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run scripts/<name> with this Python, as a contributor would, capturing its output."""
    command = [sys.executable, str(REPO / "scripts" / name), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, **options)


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line of a file that contains text."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


__all__ = ["EXAMPLE_CATALOG", "REPO", "TODAY", "MiniCatalog", "line_of", "write_yaml"]
