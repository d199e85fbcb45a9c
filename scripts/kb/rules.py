"""Catalog-wide rules, one small function per rule.

Each rule takes the catalog (and today's date) and yields the Problems it finds,
placed in their files. Rules run only on entries that passed their
schema, so they can trust field types.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from kb.catalog import FOLDERS, RESERVED_IDS, Catalog, Entry
from kb.fields import find, values_at
from kb.loader import Document
from kb.problems import Problem
from kb.schema_check import suggest

STALE_AFTER_DAYS = 365
# a Markdown link target, an autolink, a script/data URL written bare ("Training data: ..." is prose,
# not a URL), or the target of a reference-style link definition ("[1]: http://...")
MARKDOWN_LINK = re.compile(
    r"\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>|\b((?:javascript|vbscript):|data:(?=\S))"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*<?([^\s>]+)",
    re.IGNORECASE | re.MULTILINE,
)


# C0/C1 control characters other than newline and tab, and the bidirectional embeddings,
# overrides and isolates that make text display in another order than it is stored
HIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


Rule = Callable[[Catalog, list[Entry], dt.date], Iterator[Problem]]


def parse_date(text: str) -> dt.date | None:
    """YYYY-MM-DD or YYYY-MM as the first day it could mean; None if not a real date."""
    try:
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 1)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def check_id_matches_file(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    for entry in entries:
        if entry.kind not in FOLDERS.values():  # the FAQ and the vocabularies have no id
            continue
        stem = entry.doc.path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".yaml")
        if entry.id in RESERVED_IDS:
            yield entry.doc.problem(
                ("id",),
                f"'{entry.id}' is reserved for a page the site generates",
                "choose another id (and file name), e.g. one that names the entry more fully",
            )
        elif entry.id != stem:
            yield entry.doc.problem(
                ("id",),
                f"id '{entry.id}' does not match the file name '{stem}.yaml'",
                f"rename the file to {entry.id}.yaml, or set id: {stem}",
            )


def check_unique_ids(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    first: dict[str, Entry] = {}
    checked = {id(entry) for entry in entries}
    for entry in catalog.entries:
        if entry.kind == "faq" or not entry.id:
            continue
        if entry.id in first and id(entry) in checked:
            other = first[entry.id]
            yield entry.doc.problem(
                ("id",),
                f"id '{entry.id}' is already used by {other.doc.path}",
                "ids are unique across the whole catalog: choose another id and rename the file to match",
            )
        first.setdefault(entry.id, entry)
    for entry in entries:
        if entry.kind != "faq":
            continue
        seen: set[str] = set()
        for index, item in enumerate(entry.data.get("questions", [])):
            if item["id"] in seen:
                yield entry.doc.problem(
                    ("questions", index, "id"), f"question id '{item['id']}' is used twice", "give each question its own id"
                )
            seen.add(item["id"])


def _references(catalog: Catalog, entry: Entry) -> Iterator[tuple[tuple[Any, ...], str, str | None]]:
    """(path, referenced id, required kind or None for any kind), for every field whose schema
    says it holds an id (x-ref)."""
    for known in catalog.fields.get(entry.kind, []):
        if known.ref:
            for path, value in values_at(entry.data, known.path):
                if isinstance(value, str):
                    yield path, value, None if known.ref == "any" else known.ref


FOLDER_OF = {kind: folder for folder, kind in FOLDERS.items()}
# "did you mean" compares a missing id with every id: searched for this many missing ids at most
MAX_SUGGESTIONS = 50


def check_references(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    kinds: dict[str, str] = {}
    for e in catalog.entries:  # a duplicated id resolves to its first file, as check_unique_ids reports the later ones
        if e.id and e.kind != "faq":
            kinds.setdefault(e.id, e.kind)
    pools: dict[str | None, list[str]] = {}
    hints: dict[tuple[str, str | None], str] = {}  # many references to one missing id cost one search
    for entry in entries:
        for path, ref, kind in _references(catalog, entry):
            found = kinds.get(ref)
            if found is None:
                if (ref, kind) not in hints:
                    pool = pools.setdefault(kind, [i for i, k in kinds.items() if kind is None or k == kind])
                    close = suggest(ref, pool) if len(hints) < MAX_SUGGESTIONS else ""
                    hints[ref, kind] = close + f"use an existing id, or add the {kind or 'entry'} first"
                where = f"catalog/{FOLDER_OF[kind]}/" if kind else "the catalog"
                yield entry.doc.problem(path, f"'{ref}' is not the id of any {kind or 'entry'} in {where}", hints[ref, kind])
            elif kind and found != kind:
                yield entry.doc.problem(path, f"'{ref}' is a {found}, but a {kind} is needed here", f"write the id of a {kind}")
            elif path[0] in ("base_model", "superseded_by") and ref == entry.id:
                yield entry.doc.problem(path, f"a model cannot name itself as its {path[0]}", f"remove {path[0]}, or name another model")


def check_characters(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """Control and bidirectional-override characters (typed as YAML escapes such as "\\u202e")
    would reach the CSV, page titles and file names, and can make one text read as another."""
    for entry in entries:
        for path, value in entry.doc.strings():
            found = HIDDEN_CHARACTERS.search(value)
            if found:
                yield entry.doc.problem(
                    path,
                    f"the text holds the invisible control character U+{ord(found.group()):04X} at position {found.start() + 1}",
                    "remove it: only visible characters, spaces, tabs and line breaks are allowed",
                )


def check_model_folder(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    for entry in entries:
        if entry.kind != "model":
            continue
        folder = entry.doc.path.replace("\\", "/").split("/")[-2:-1]
        if folder and folder[0] != entry.data["provider"]:
            yield entry.doc.problem(
                ("provider",),
                f"the model is filed under models/{folder[0]}/ but its provider is '{entry.data['provider']}'",
                f"move the file to catalog/models/{entry.data['provider']}/, or correct provider",
            )


def check_dates(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """Every field whose schema says it is a date (x-kind: date) holds a real day, not in the
    future unless the schema allows it (x-future). A document's findings depend only on it, the
    schemas and today, so they are kept with the document (make serve re-reads changed files only)."""
    for entry in entries:
        fields = catalog.fields.get(entry.kind, [])
        key = ("dates", catalog.schemas_digest, today)
        if key not in entry.doc.derived:
            entry.doc.derived[key] = list(date_problems(entry.doc, fields, today))
        yield from entry.doc.derived[key]


def date_problems(doc: Document, fields: list[Any], today: dt.date) -> Iterator[Problem]:
    for path, value in doc.strings():
        known = find(fields, path)
        if known is None or not known.date:
            continue
        day = parse_date(value)
        if day is None:
            yield doc.problem(path, f"{path[-1]} '{value}' is not a real date", "write an existing date as YYYY-MM-DD (or YYYY-MM)")
        elif day > today and not known.future:
            yield doc.problem(
                path, f"{path[-1]} '{value}' is in the future", "write the date the fact was true or checked, today at the latest"
            )
        elif path[-1] == "last_verified" and (today - day).days > STALE_AFTER_DAYS:
            message = f"last verified on {value}, more than 12 months ago"
            yield doc.problem(path, message, "check the entry against its sources and update last_verified", severity="warning")


def check_date_order(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    for entry in entries:
        if entry.kind != "model":
            continue
        release = parse_date(entry.data["release_date"])
        verified = parse_date(entry.data["last_verified"])
        cutoff = parse_date(entry.data.get("knowledge_cutoff", "")) if "knowledge_cutoff" in entry.data else None
        if release and verified and verified < release:
            yield entry.doc.problem(
                ("last_verified",), "last_verified is before the release date", "a model can only be verified after it was released"
            )
        if release and cutoff and cutoff > release:
            yield entry.doc.problem(
                ("knowledge_cutoff",), "knowledge_cutoff is after the release date", "check both dates against the model card"
            )


def check_lifecycle_dates(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """Release, deprecation, retirement and the successor's release come in that order, with a source."""
    models = catalog.by_id("model")
    for entry in entries:
        if entry.kind != "model":
            continue
        data = entry.data
        release = parse_date(data["release_date"])
        deprecated = parse_date(data.get("api_deprecation_date", ""))
        retired = parse_date(data.get("api_retirement_date", ""))
        if release and deprecated and deprecated < release:
            yield entry.doc.problem(("api_deprecation_date",), "api_deprecation_date is before the release date", "check both dates")
        if release and retired and retired < release:
            yield entry.doc.problem(("api_retirement_date",), "api_retirement_date is before the release date", "check both dates")
        if deprecated and retired and retired < deprecated:
            yield entry.doc.problem(
                ("api_retirement_date",),
                "api_retirement_date is before api_deprecation_date",
                "a retirement is announced (deprecation) before it happens: check both dates",
            )
        if (deprecated or retired) and "lifecycle_source" not in data:
            field = "api_deprecation_date" if deprecated else "api_retirement_date"
            yield entry.doc.problem(
                (field,),
                "lifecycle dates need lifecycle_source, the maker's page that states them",
                "add lifecycle_source: https://... (the maker's deprecations page)",
                severity="warning",
            )
        successor = models.get(data["superseded_by"]) if "superseded_by" in data else None
        released = successor.get("release_date") if isinstance(successor, dict) else None
        if isinstance(released, str) and successor is not data:  # the successor may itself be invalid
            later = parse_date(released)
            if release and later and later < release:
                yield entry.doc.problem(
                    ("superseded_by",),
                    f"the successor '{data['superseded_by']}' was released on {released}, before this model",
                    "superseded_by names a newer model: check the id and both release dates",
                )


def check_lifecycle_availability(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """What availability lists agrees with the model's retirement and its weights."""
    for entry, data in models(entries):
        retired = parse_date(data.get("api_retirement_date", ""))
        channels = [a["channel"] for a in data["availability"]]
        if not channels and not (retired and retired <= today):
            yield entry.doc.problem(
                ("availability",),
                "availability is empty, but the model is not retired",
                "list at least one way to get the model; only a model whose api_retirement_date has passed may have none",
            )
        if retired and retired <= today and "api" in channels:
            yield entry.doc.problem(
                ("availability", channels.index("api"), "channel"),
                f"the maker's API retired the model on {data['api_retirement_date']}, but availability still lists it",
                "remove the api item from availability (cloud platforms may still serve the model: list those as cloud)",
            )
        if data.get("weights_downloadable") and not data["open_weights"]:
            yield entry.doc.problem(
                ("weights_downloadable",),
                "weights_downloadable is true but open_weights is false",
                "set open_weights: true, or remove weights_downloadable",
            )


CHAINS = ("superseded_by", "base_model")


def check_chains(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """superseded_by and base_model lead to older or newer models, never back in a circle."""
    models = catalog.by_id("model")
    for entry in entries:
        if entry.kind != "model":
            continue
        for field in CHAINS:
            seen = [entry.id]
            current = entry.data.get(field)
            while isinstance(current, str) and current in models and current not in seen:
                seen.append(current)
                current = models[current].get(field)
            if current == entry.id and len(seen) > 1:  # naming itself is reported with the references
                circle = " -> ".join([*seen, entry.id])
                yield entry.doc.problem(
                    (field,), f"{field} leads in a circle: {circle}", f"break the circle: one of these {field} is wrong"
                )


# A link whose host name is plainly fine (letters, digits and hyphens, with a dot),
# recognised without the cost of urlsplit; anything else gets the full check.
PLAIN_HTTPS = re.compile(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]|$)")


def check_links(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    for entry in entries:
        if "links" not in entry.doc.derived:
            entry.doc.derived["links"] = list(link_problems(entry.doc))
        yield from entry.doc.derived["links"]


def link_problems(doc: Document) -> Iterator[Problem]:
    for path, value in doc.strings():
        if value.startswith("https://"):
            if PLAIN_HTTPS.match(value):
                continue
            parts = urlsplit(value)
            if not parts.hostname or "." not in parts.hostname:
                yield doc.problem(path, f"'{value[:80]}' has no valid host name", "write a full link such as https://example.org/page")
            continue
        for match in MARKDOWN_LINK.finditer(value):
            target = next(g for g in match.groups() if g is not None)
            if not target.lower().startswith(("https://", "#")) and target:
                yield doc.problem(path, f"link '{target[:80]}' is not an https link", "only https:// links are allowed in text")


def check_vocabulary_tags(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    tags = catalog.vocab.get("license-tags", {})
    for entry in entries:
        if entry.kind != "license":
            continue
        for section in ("permissions", "conditions", "limitations"):
            allowed = tags.get(section, {})
            for index, tag in enumerate(entry.data[section]):
                if tag in allowed:
                    continue
                other = next((s for s in ("permissions", "conditions", "limitations") if tag in tags.get(s, {})), None)
                hint = (
                    f"'{tag}' is a {other[:-1]} tag: move it to {other}"
                    if other
                    else suggest(tag, allowed) + "use a tag defined in catalog/vocabulary/license-tags.yaml"
                )
                yield entry.doc.problem((section, index), f"'{tag}' is not a {section[:-1]} tag", hint)


def models(entries: list[Entry]) -> Iterator[tuple[Entry, dict[str, Any]]]:
    return ((entry, entry.data) for entry in entries if entry.kind == "model")


def check_model_size(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """Active parameters are a part of the total, and only mixture-of-experts models have them."""
    for entry, data in models(entries):
        total, active = data.get("parameters_b"), data.get("active_parameters_b")
        if active is not None and total is not None and active > total:
            yield entry.doc.problem(
                ("active_parameters_b",),
                f"active_parameters_b ({active}) is more than parameters_b ({total})",
                "active parameters are a part of the total: check both figures",
            )
        if active is not None and data.get("architecture") == "dense":
            yield entry.doc.problem(
                ("architecture",),
                "a dense model has no separate active parameter count",
                "set architecture: moe, or remove active_parameters_b",
            )


def check_model_channels(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """Open weights have a download, closed ones none, and a price needs the maker's API."""
    for entry, data in models(entries):
        channels = [a["channel"] for a in data["availability"]]
        if data["open_weights"] and "weights" not in channels:
            yield entry.doc.problem(
                ("availability",),
                "open_weights is true but availability has no weights channel",
                "add an item with channel: weights and the download URL",
            )
        if not data["open_weights"] and "weights" in channels:
            yield entry.doc.problem(
                ("open_weights",),
                "availability lists a weights download but open_weights is false",
                "set open_weights: true, or remove the weights channel",
            )
        if "pricing" in data and "api" not in channels:
            yield entry.doc.problem(
                ("pricing",),
                "pricing is the maker's API price, but availability has no api channel",
                "add the maker's API to availability, or remove pricing",
            )


def check_model_licence(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """Closed models point to terms, open weights to a licence, and the weights grade agrees."""
    licenses = catalog.by_id("license")
    for entry, data in models(entries):
        licence = licenses.get(data["license"])
        kind = licence.get("kind") if isinstance(licence, dict) else None
        if kind and not data["open_weights"] and kind != "proprietary":
            yield entry.doc.problem(
                ("license",),
                f"a closed model's licence must be a provider's terms (kind proprietary), but '{data['license']}' is {kind}",
                "point license to the provider's terms, e.g. openai-terms",
            )
        if kind == "proprietary" and data["open_weights"]:
            yield entry.doc.problem(
                ("license",),
                f"open weights are released under a licence, but '{data['license']}' is a provider's proprietary terms",
                "use the licence the weights are published under",
            )
        grade = data.get("openness", {}).get("weights", {}).get("status")
        if grade and (grade == "closed") == data["open_weights"]:
            yield entry.doc.problem(
                ("openness", "weights", "status"),
                f"openness.weights is '{grade}' but open_weights is {str(data['open_weights']).lower()}",
                "grade weights closed exactly when the weights cannot be downloaded",
            )


def check_license_fields(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    for entry in entries:
        if entry.kind != "license":
            continue
        data = entry.data
        tags = set(data["permissions"]) | set(data["conditions"]) | set(data["limitations"])
        has_cap = "mau_threshold" in data or "revenue_threshold_usd" in data
        if "scale-cap" in tags and not has_cap:
            yield entry.doc.problem(
                ("limitations",),
                "the scale-cap tag needs mau_threshold or revenue_threshold_usd",
                "add the user or revenue threshold the licence names",
            )
        if has_cap and "scale-cap" not in tags:
            field = "mau_threshold" if "mau_threshold" in data else "revenue_threshold_usd"
            yield entry.doc.problem((field,), f"{field} is set but limitations lack the scale-cap tag", "add scale-cap to limitations")
        if "territory_exclusions" in data and "territory-restriction" not in tags:
            yield entry.doc.problem(
                ("territory_exclusions",),
                "territory_exclusions is set but limitations lack the territory-restriction tag",
                "add territory-restriction to limitations",
            )
        if "aup_url" in data and "acceptable-use-policy" not in tags:
            yield entry.doc.problem(
                ("aup_url",),
                "aup_url is set but conditions lack the acceptable-use-policy tag",
                "add acceptable-use-policy to conditions",
            )
        if "commercial-use" in tags and tags & {"non-commercial", "research-only"}:
            yield entry.doc.problem(
                ("permissions",),
                "commercial-use is granted but a non-commercial or research-only limit is tagged too",
                "keep only the tags the licence text supports",
            )
        if data["kind"] in ("non-commercial", "research-only") and data["kind"] not in tags:
            yield entry.doc.problem(
                ("limitations",),
                f"a {data['kind']} licence needs the {data['kind']} limitation tag",
                f"add {data['kind']} to limitations",
            )
        if data["osi_approved"] and data["kind"] not in ("permissive", "copyleft"):
            yield entry.doc.problem(
                ("osi_approved",),
                f"an OSI-approved licence is permissive or copyleft, not {data['kind']}",
                "check osi_approved and kind against the OSI list",
            )


def check_scores(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    """Each score lies on its evaluation's scale, each model is scored once per set, and one
    version of an evaluation is published in one set only (versions are never mixed)."""
    evaluations = catalog.by_id("evaluation")
    versions: dict[tuple[str, str], str] = {}
    for entry in catalog.of("scores"):
        key = (str(entry.data.get("evaluation")), str(entry.data.get("version")))
        versions.setdefault(key, entry.id)
    for entry in entries:
        if entry.kind != "scores":
            continue
        data = entry.data
        first = versions.get((data["evaluation"], data["version"]))
        if first and first != entry.id:
            yield entry.doc.problem(
                ("version",),
                f"version '{data['version']}' of {data['evaluation']} is already published in scores/{first}.yaml",
                "add these results to that file, or correct the version",
            )
        scale = evaluations.get(data["evaluation"], {}).get("scale", {})
        low, high = scale.get("min"), scale.get("max")
        seen: set[str] = set()
        for index, result in enumerate(data["results"]):
            if result["model"] in seen:
                yield entry.doc.problem(
                    ("results", index, "model"), f"{result['model']} is scored twice in this set", "keep one score per model"
                )
            seen.add(result["model"])
            value = result["value"]
            if isinstance(low, (int, float)) and isinstance(high, (int, float)) and not low <= value <= high:
                yield entry.doc.problem(
                    ("results", index, "value"),
                    f"{value} is outside the scale of {data['evaluation']} ({low} to {high})",
                    "check the number against the source, or the evaluation's scale",
                )
        if (
            parse_date(data["as_of"])
            and parse_date(data["last_verified"])
            and parse_date(data["last_verified"]) < parse_date(data["as_of"])
        ):
            yield entry.doc.problem(
                ("last_verified",), "last_verified is before as_of", "the scores can only be checked after they were read"
            )


def check_evaluation_scale(catalog: Catalog, entries: list[Entry], today: dt.date) -> Iterator[Problem]:
    for entry in entries:
        scale = entry.data.get("scale", {}) if entry.kind == "evaluation" else {}
        if scale and scale["min"] >= scale["max"]:
            yield entry.doc.problem(("scale", "max"), "scale.max must be more than scale.min", "check both ends of the scale")


RULES: tuple[Rule, ...] = (
    check_id_matches_file,
    check_unique_ids,
    check_references,
    check_characters,
    check_model_folder,
    check_dates,
    check_date_order,
    check_lifecycle_dates,
    check_lifecycle_availability,
    check_chains,
    check_links,
    check_vocabulary_tags,
    check_model_size,
    check_model_channels,
    check_model_licence,
    check_license_fields,
    check_scores,
    check_evaluation_scale,
)
