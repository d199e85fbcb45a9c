"""Cross-check the catalog against models.dev, a community dataset of model records (MIT licence).

models.dev keeps one TOML file per model a provider serves (providers/<provider>/models/<id>.toml,
optionally inheriting from models/<lab>/<id>.toml through base_model) and publishes the same data
as one JSON file (api.json). For the makers whose provider entry names their models.dev id
(`models_dev`), this lists the models it has that the catalog lacks, newest first, and the facts
on which the two disagree. It only reports: a person checks the maker's own pages and edits.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.catalog import Catalog

# our field -> how to read the same fact from a models.dev record
FACTS = {
    "release_date": ("release_date",),
    "context_window": ("limit", "context"),
    "max_output_tokens": ("limit", "output"),
    "input_usd_per_mtok": ("cost", "input"),
    "output_usd_per_mtok": ("cost", "output"),
    "open_weights": ("open_weights",),
}
# a dated snapshot of a model ("-20251101", "-2024-08-06", "-08-2024"); "-2411" style suffixes
# are versions of their own (Mistral Large 2407 and 2411 are different releases)
DATE_SUFFIX = re.compile(r"-(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{2}-\d{4})$")


class DatasetError(Exception):
    """The models.dev input cannot be read; the message says why."""


@dataclass(frozen=True)
class Record:
    provider: str  # the models.dev provider id
    id: str
    data: dict[str, Any]

    def fact(self, name: str) -> Any:
        value: Any = self.data
        for part in FACTS[name]:
            value = value.get(part) if isinstance(value, dict) else None
        return value


@dataclass
class Report:
    missing: list[tuple[str, Record]] = field(default_factory=list)  # (our maker id, record), newest first
    disagreements: list[tuple[str, str, Any, Any, Record]] = field(default_factory=list)  # (model id, field, ours, theirs, record)
    matched: int = 0
    providers: list[str] = field(default_factory=list)


def key(text: str) -> str:
    """What two spellings of one model id or name share: 'claude-opus-4-5-20251101' and
    'Claude Opus 4.5' both become 'claudeopus45'."""
    return re.sub(r"[^a-z0-9]", "", DATE_SUFFIX.sub("", text.lower().replace("_", "-").replace("+", "plus")))


def is_snapshot(record_id: str) -> bool:
    return DATE_SUFFIX.search(record_id.lower()) is not None


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DatasetError(f"{path}: cannot read it as TOML ({error})") from None


def read_checkout(root: Path, providers: set[str]) -> list[Record]:
    """Records of a models.dev checkout, for the given provider ids: the provider's own files
    (not its nested folders, which hold other labs' models), each merged over its base_model."""
    if not (root / "providers").is_dir():
        raise DatasetError(f"{root}: no providers/ folder here; point to a models.dev checkout or its api.json")
    records = []
    for provider in sorted(providers):
        for path in sorted((root / "providers" / provider / "models").glob("*.toml")):
            data = _toml(path)
            base = data.get("base_model")
            if isinstance(base, str):
                base_path = root / "models" / f"{base}.toml"
                data = {**(_toml(base_path) if base_path.is_file() else {}), **data}
            records.append(Record(provider, path.stem, data))
    return records


def read_api_json(path: Path, providers: set[str]) -> list[Record]:
    """Records of models.dev's published api.json: {provider: {"models": {id: record}}}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetError(f"{path}: cannot read it as JSON ({error})") from None
    if not isinstance(data, dict):
        raise DatasetError(f"{path}: expected an object of providers at the top level")
    records = []
    for provider in sorted(providers & set(data)):
        models = data[provider].get("models", {}) if isinstance(data[provider], dict) else {}
        records += [Record(provider, model_id, m) for model_id, m in sorted(models.items()) if isinstance(m, dict)]
    return records


def read_dataset(source: Path, providers: set[str]) -> list[Record]:
    if source.is_dir():
        return read_checkout(source, providers)
    if source.is_file():
        return read_api_json(source, providers)
    raise DatasetError(f"{source}: no such file or folder")


def ours(model: dict[str, Any], name: str) -> Any:
    return model.get("pricing", {}).get(name) if name.endswith("_per_mtok") else model.get(name)


def differs(name: str, mine: Any, theirs: Any) -> bool:
    if mine is None or theirs is None:
        return False
    if name == "release_date":
        shorter = min(len(mine), len(str(theirs)))  # a month-only date agrees with any day of that month
        return str(theirs)[:shorter] != mine[:shorter]
    if isinstance(mine, bool) or isinstance(theirs, bool):
        return bool(mine) != bool(theirs)
    try:
        return abs(float(mine) - float(theirs)) > 1e-9
    except (TypeError, ValueError):
        return True


def crosscheck(catalog: Catalog, source: Path) -> Report:
    makers = {p["models_dev"]: p["id"] for p in catalog.by_id("provider").values() if isinstance(p.get("models_dev"), str)}
    report = Report(providers=sorted(makers))
    index: dict[tuple[str, str], dict[str, Any]] = {}
    models = list(catalog.by_id("model").values())
    for field_name in ("id", "name"):  # an id match wins over a name match
        for model in models:
            index.setdefault((str(model.get("provider", "")), key(str(model.get(field_name, "")))), model)
    matched: set[str] = set()
    # undated records first: a dated snapshot of a model already compared adds only noise
    for record in sorted(read_dataset(source, set(makers)), key=lambda r: (is_snapshot(r.id), r.provider, r.id)):
        maker = makers[record.provider]
        match = index.get((maker, key(record.id))) or index.get((maker, key(str(record.data.get("name", "")))))
        if match is None:
            report.missing.append((maker, record))
            continue
        if is_snapshot(record.id) and match["id"] in matched:
            continue
        matched.add(match["id"])
        report.matched += 1
        for name in FACTS:
            mine, theirs = ours(match, name), record.fact(name)
            if differs(name, mine, theirs):
                report.disagreements.append((match["id"], name, mine, theirs, record))
    report.missing.sort(key=lambda item: (str(item[1].data.get("release_date", "")), item[1].id), reverse=True)
    return report


def cell(value: Any) -> str:
    """A value for a Markdown table cell: the dataset is outside text, so no pipes or markup."""
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return re.sub(r"[|<>`\[\]\\*_]", " ", text).replace("\n", " ")[:80]


def markdown(report: Report, limit: int = 200) -> str:
    """The report as Markdown: readable in a terminal and in a CI job summary."""
    lines = [
        "# Cross-check against models.dev",
        "",
        f"Makers compared: {len(report.providers)} ({', '.join(report.providers)}). "
        f"Records matched to a catalog entry: {report.matched}. "
        f"Missing from the catalog: {len(report.missing)}. Disagreements: {len(report.disagreements)}.",
        "",
        "Nothing here is a fact until a person has checked it against the maker's own pages.",
        "",
        "## Models the catalog lacks, newest first",
        "",
    ]
    if report.missing:
        lines += ["| maker | models.dev id | name | released | models.dev status |", "|---|---|---|---|---|"]
        for maker, r in report.missing[:limit]:
            lines.append(
                f"| {cell(maker)} | {cell(r.provider)}/{cell(r.id)} | {cell(r.data.get('name'))} | {cell(r.data.get('release_date'))} | {cell(r.data.get('status'))} |"
            )
        if len(report.missing) > limit:
            lines.append(f"\n… and {len(report.missing) - limit} more.")
    else:
        lines.append("None.")
    lines += ["", "## Facts that disagree", ""]
    if report.disagreements:
        lines += ["| catalog entry | field | catalog | models.dev | models.dev record |", "|---|---|---|---|---|"]
        for model_id, name, mine, theirs, r in report.disagreements[:limit]:
            lines.append(f"| {cell(model_id)} | {name} | {cell(mine)} | {cell(theirs)} | {cell(r.provider)}/{cell(r.id)} |")
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"
