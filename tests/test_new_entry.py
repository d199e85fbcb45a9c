"""scripts/new_entry.py: skeletons generated from the schemas, whose placeholders fail validation where they stand."""

from __future__ import annotations

import fnmatch
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from new_entry import create

from conftest import REPO, TODAY, MiniCatalog, write_yaml
from kb.catalog import load_schemas
from kb.fields import resolve
from kb.loader import parse
from kb.scaffold import ScaffoldError, placeholder_lines
from kb.schemas import resolvers

if TYPE_CHECKING:
    from kb.schemas import Resolver

SCRIPT = REPO / "scripts" / "new_entry.py"
NAMES = {
    "model": "acme/acme-nine",
    "license": "acme-open-1.0",
    "deployment": "private-gpu",
    "provider": "newlab",
    "comparison": "nine-vs-pro",
}
URL = "https://example.org/page"

# valid values for every placeholder, by field path ('#' stands for a list index); first match wins
FILL: dict[str, dict[str, Any]] = {
    "provider": {
        "name": "New Lab",
        "url": URL,
        "country": "FR",
        "kind": "academic",
        "summary": "A research lab.",
        "models_dev": "new-lab",
        "sources.#": URL,
    },
    "license": {
        "spdx_id": "LicenseRef-Acme-Open",
        "name": "Acme Open Licence 1.0",
        "url": URL,
        "kind": "open-weights-restricted",
        "osi_approved": False,
        "summary": "Weights with a user cap.",
        "permissions.#": "commercial-use",
        "conditions.#": "acceptable-use-policy",
        "limitations.#": ("scale-cap", "territory-restriction"),  # a tuple fills one placeholder item with several
        "territory_exclusions.#.regions.#": "EU",
        "territory_exclusions.#.applies_to": "multimodal",
        "territory_exclusions.#.who": "Companies based there.",
        "mau_threshold": 700000000,
        "revenue_threshold_usd": 1000000,
        "governing_law": "California, USA",
        "aup_url": URL,
        "aup_updatable": True,
        "sources.#": URL,
    },
    "model": {
        "name": "Acme Nine",
        "family": "Acme",
        "release_date": "2025-01-15",
        "superseded_by": "acme-pro",
        "api_deprecation_date": "2025-05-01",
        "api_retirement_date": "2027-06-01",
        "weights_downloadable": True,
        "lifecycle_source": URL,
        "summary": "An open mixture-of-experts model.",
        "open_weights": True,
        "license": "apache-2.0",
        "parameters_b": 9,
        "active_parameters_b": 3,
        "architecture": "moe",
        "context_window": 128000,
        "max_output_tokens": 8192,
        "knowledge_cutoff": "2024-06",
        "modalities.*.#": "text",
        "openness.*.status": "open",
        "openness.*.evidence": URL,
        "openness.*.note": "Published openly.",
        "availability.#.channel": "weights",
        "availability.#.vendor": "Hugging Face",
        "availability.#.url": URL,
        "pricing.*_usd_per_mtok": 1.5,
        "pricing.as_of": "2026-11-01",
        "pricing.note": "Standard tier.",
        "base_model": "acme-open-70b",
        "sources.#": URL,
    },
    "deployment": {
        "name": "Private GPU cluster",
        "summary": "Run open weights on your own GPUs.",
        "model_access": "open-weights",
        "ratings.*": 3,
        "pros.#": "Full control.",
        "cons.#": "Heavy operations.",
        "best_for.#": "Regulated data.",
        "avoid_when.#": "Small teams.",
        "examples.#.name": "Example Cloud",
        "examples.#.url": URL,
        "sources.#": URL,
    },
    "comparison": {
        "title": "Nine versus Pro",
        "summary": "Two models side by side.",
        "models.#": ["acme-open-70b", "acme-pro"],
        "licenses.#": ["apache-2.0", "acme-terms"],
        "as_of": "2026-10",
        "takeaways.#": "Open weights cost less to run at scale.",
        "sources.#": URL,
    },
}


def make(mini: MiniCatalog, kind: str, name: str | None = None) -> Path:
    path, _, _ = create(mini.root, kind, name or NAMES[kind], today=TODAY)
    return path


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def is_placeholder(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.startswith("TODO"))


def fill(kind: str, value: Any, path: tuple[Any, ...] = ()) -> Any:
    """The skeleton's data with every placeholder replaced by a valid value from FILL."""
    if isinstance(value, dict):
        return {k: fill(kind, v, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for i, v in enumerate(value):
            filled = fill(kind, v, (*path, i))
            out.extend(filled) if isinstance(filled, tuple) else out.append(filled)
        return out
    if not is_placeholder(value):
        return value
    where = ".".join("#" if isinstance(p, int) else p for p in path)
    pattern = next((p for p in FILL[kind] if fnmatch.fnmatchcase(where, p)), None)
    assert pattern, f"no value to fill {where} of a {kind}: add one to FILL"
    chosen = FILL[kind][pattern]
    return chosen[path[-1]] if isinstance(chosen, list) else chosen


def errors_at(result, path: Path) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for problem in result.errors:
        assert problem.path.endswith(path.name), problem
        found.setdefault(problem.line, []).append(problem.message)
    return found


# ---- the skeleton -------------------------------------------------------------


@pytest.mark.parametrize("kind", list(NAMES))
def test_every_placeholder_fails_validation_at_its_own_line(mini: MiniCatalog, kind: str):
    path = make(mini, kind)
    lines = placeholder_lines(path.read_text(encoding="utf-8"))
    assert lines
    result = mini.validate(path)
    assert not result.ok
    errors = errors_at(result, path)
    assert sorted(errors) == lines, "errors must sit on the placeholder lines, one line each at least"
    for problem in result.errors:
        assert problem.hint, problem


@pytest.mark.parametrize("kind", list(NAMES))
def test_filling_the_placeholders_makes_the_entry_pass(mini: MiniCatalog, kind: str):
    path = make(mini, kind)
    doc = parse(path.read_text(encoding="utf-8"), str(path))
    data = fill(kind, doc.data)
    if kind == "model":  # pricing is the maker's API price, so the model needs an api channel too
        data["availability"].append({"channel": "api", "vendor": "Acme API", "url": URL})
    write_yaml(path, data)
    result = mini.validate(path)
    assert result.ok, [f"{p.line}: {p.message}" for p in result.errors]


def test_filling_in_place_keeps_comments_and_passes(mini: MiniCatalog):
    path = make(mini, "provider")
    values = {"name": "New Lab", "url": URL, "country": "FR", "kind": "academic", "summary": "A research lab.", "models_dev": "new-lab"}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0].strip()
        if "TODO" in line and not line.lstrip().startswith("#"):
            line = f"  - {URL}" if key.startswith("-") else f"{key}: {values[key]}"
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    assert mini.validate(path).ok


@pytest.mark.parametrize("kind", list(NAMES))
def test_every_schema_field_is_in_the_skeleton_in_order(mini: MiniCatalog, kind: str):
    schemas = load_schemas(mini.root)
    data = parse(make(mini, kind).read_text(encoding="utf-8"), "x").data

    def check(schema: dict[str, Any], home: Resolver, value: Any, where: str) -> None:
        schema, home = resolve(schema, home)
        if schema.get("type") == "object" and "properties" in schema:
            assert list(value) == list(schema["properties"]), where
            for name, prop in schema["properties"].items():
                check(prop, home, value[name], f"{where}.{name}")
        elif schema.get("type") == "array":
            items, items_home = resolve(schema["items"], home)
            assert len(value) == max(1, schema.get("minItems", 1)), where
            for item in value:
                check(items, items_home, item, where + "[]")

    check(schemas[f"{kind}.schema.json"], resolvers(schemas)[f"{kind}.schema.json"], data, kind)


@pytest.mark.parametrize("kind", list(NAMES))
def test_first_line_points_editors_at_the_schema(mini: MiniCatalog, kind: str):
    path = make(mini, kind)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    assert (path.parent / first.removeprefix(prefix)).resolve() == (mini.root / "schemas" / f"{kind}.schema.json").resolve()


def test_filled_in_values_and_comments(mini: MiniCatalog):
    path = make(mini, "model")
    text = path.read_text(encoding="utf-8")
    data = parse(text, "x").data
    assert path == mini.root / "models" / "acme" / "acme-nine.yaml"
    assert (data["id"], data["provider"], data["last_verified"]) == ("acme-nine", "acme", TODAY.isoformat())
    assert "# Optional: delete this line if you cannot confirm it from a source." in text
    assert "# Allowed values: dense, moe, hybrid." in text
    assert "# Allowed values: weights, api, cloud, app." in text  # inside the availability item
    assert "# Required if you keep pricing." in text
    lic = make(mini, "license").read_text(encoding="utf-8")
    assert "commercial-use" in lic  # the permission tags of the vocabulary are listed


@pytest.mark.parametrize("name", ["2024/on", "true/1.5", "null/2025-01-01"])
def test_ids_yaml_would_misread_are_quoted(mini: MiniCatalog, name: str):
    provider, entry_id = name.split("/")
    path, text, _ = create(mini.root, "model", name, today=TODAY)
    data = parse(text, "x").data
    assert (data["id"], data["provider"]) == (entry_id, provider)
    assert sorted(errors_at(mini.validate(path), path)) == placeholder_lines(text)


def test_model_under_a_new_provider_gets_a_note(mini: MiniCatalog):
    _, _, notes = create(mini.root, "model", "unknownlab/new-model", today=TODAY)
    assert notes and "unknownlab" in notes[0]
    _, _, notes = create(mini.root, "model", "acme/other-model", today=TODAY)
    assert notes == []


# ---- refusing -----------------------------------------------------------------


def test_never_overwrites(mini: MiniCatalog):
    existing = mini.path("provider", "acme")
    before = existing.read_bytes()
    with pytest.raises(ScaffoldError, match="already exists"):
        create(mini.root, "provider", "acme", today=TODAY)
    assert existing.read_bytes() == before
    path = make(mini, "license")
    path.write_text("# my work\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="already exists"):
        make(mini, "license")
    assert path.read_text(encoding="utf-8") == "# my work\n"


def test_an_id_used_by_another_entry_is_refused(mini: MiniCatalog):
    with pytest.raises(ScaffoldError, match="already used by"):
        create(mini.root, "license", "acme-pro", today=TODAY)  # a model's id
    with pytest.raises(ScaffoldError, match="already used by"):
        create(mini.root, "model", "openlab/acme-pro", today=TODAY)  # same model, other folder
    assert not (mini.root / "licenses" / "acme-pro.yaml").exists()
    assert not (mini.root / "models" / "openlab" / "acme-pro.yaml").exists()


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("provider", "New_Lab", "not a valid id"),
        ("provider", "New Lab", "did you mean 'new-lab'"),
        ("license", "-apache", "not a valid id"),
        ("license", "a..b", "not a valid id"),
        ("license", "x" * 81, "at most 80 characters"),
        ("license", "", "not a valid id"),
        ("license", "mit.yaml", "give the id alone"),
        ("license", "licenses/mit", "without '/'"),
        ("model", "llama-9b", "<provider>/<id>"),
        ("model", "a/b/c", "<provider>/<id>"),
        ("model", "Meta/llama-9b", "not a valid provider folder name"),
        ("model", "../llama-9b", "not a valid provider folder name"),
        ("model", "meta/Llama 9B", "not a valid id"),
    ],
)
def test_bad_names_are_refused(mini: MiniCatalog, kind: str, name: str, message: str):
    before = sorted(p for p in mini.root.rglob("*"))
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        create(mini.root, kind, name, today=TODAY)
    assert sorted(p for p in mini.root.rglob("*")) == before


# ---- the command line ---------------------------------------------------------


def test_cli_writes_and_prints_the_next_steps(mini: MiniCatalog):
    done = run("provider", "newlab", "--catalog", str(mini.root))
    assert done.returncode == 0, done.stderr
    path = mini.root / "providers" / "newlab.yaml"
    assert path.is_file()
    assert "newlab.yaml" in done.stdout and "TODO" in done.stdout
    assert "validate.py --catalog" in done.stdout
    check = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "validate.py"), "--catalog", str(mini.root), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 1
    assert "newlab.yaml:" in check.stdout and "FAILED" in check.stdout


def test_cli_refuses_an_existing_file_with_exit_1(mini: MiniCatalog):
    existing = mini.path("model", "acme-pro")
    before = existing.read_bytes()
    done = run("model", "acme/acme-pro", "--catalog", str(mini.root))
    assert done.returncode == 1
    assert "already exists" in done.stderr and "Traceback" not in done.stderr
    assert existing.read_bytes() == before


@pytest.mark.parametrize("name", ["Bad_Id", "acme/x", "x.yaml"])
def test_cli_refuses_a_bad_id_with_exit_1(mini: MiniCatalog, name: str):
    done = run("license", name, "--catalog", str(mini.root))
    assert done.returncode == 1
    assert done.stderr.startswith("new_entry.py: not written:") and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("args", [["dataset", "x"], ["faq", "x"], ["model"], []])
def test_cli_usage_errors_exit_2(mini: MiniCatalog, args: list[str]):
    done = run(*args, "--catalog", str(mini.root))
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr


def test_cli_refuses_a_folder_that_is_not_a_catalog(tmp_path: Path):
    done = run("provider", "newlab", "--catalog", str(tmp_path))
    assert done.returncode == 1
    assert "not a catalog folder" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_help():
    done = run("--help")
    assert done.returncode == 0
    assert "KIND" in done.stdout and "NAME" in done.stdout
