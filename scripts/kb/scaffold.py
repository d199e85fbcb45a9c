"""New-entry skeletons, generated from the JSON Schemas (the single source of truth).

A skeleton lists every field of its kind in schema order. Each field is preceded by
comments saying what it holds, whether it is required, and which values are allowed.
The fields a contributor must fill hold placeholders that the schema rejects, so
validating a fresh skeleton fails with one error on each line still to fill:

- text with a form (dates, links, ids, codes) and enums get a "TODO: ..." string;
- numbers get TODO, and true/false fields get "TODO: true or false";
- free text, which accepts any string, is left empty with a "# TODO: ..." comment.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from jsonschema import Draft202012Validator

from kb.catalog import FOLDERS, catalog_files, display_path
from kb.fields import resolve
from kb.schemas import resolvers

if TYPE_CHECKING:
    from kb.schemas import Resolver

# entry kinds a skeleton can be made for, with the folder each lives in
KIND_FOLDERS = {kind: folder for folder, kind in FOLDERS.items()}
KIND_NAMES = {"model": "model", "license": "licence", "deployment": "deployment option", "provider": "provider", "comparison": "comparison"}
WIDTH = 100
OPTIONAL_LINE = "Optional: delete this line if you cannot confirm it from a source."
OPTIONAL_BLOCK = "Optional: delete this field and the lines under it if you cannot confirm it from a source."
VOCABULARY = re.compile(r"catalog/vocabulary/([a-z-]+)\.yaml")


class ScaffoldError(Exception):
    """A reason not to write the skeleton, worded for the contributor."""


# ---- checking the name ----------------------------------------------------------


def _id_schema(schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return schemas["common.schema.json"]["$defs"]["id"]


def _suggest_id(text: str, schema: dict[str, Any]) -> str:
    guess = re.sub(r"[^a-z0-9.-]+", "-", text.strip().lower().removesuffix(".yaml"))
    guess = re.sub(r"[.-]{2,}", "-", guess).strip(".-")
    return f" (did you mean '{guess}'?)" if guess and guess != text and Draft202012Validator(schema).is_valid(guess) else ""


def check_id(text: str, what: str, schemas: dict[str, dict[str, Any]]) -> None:
    """Raise ScaffoldError unless text is a valid id by common.schema.json."""
    schema = _id_schema(schemas)
    if text.endswith((".yaml", ".yml")):
        raise ScaffoldError(f"the {what} '{text}' ends in '{Path(text).suffix}': give the id alone{_suggest_id(text, schema)}")
    if not Draft202012Validator(schema).is_valid(text):
        rule = schema.get("x-hint", "see catalog/schemas/common.schema.json")
        limit = f", at most {schema['maxLength']} characters" if "maxLength" in schema else ""
        raise ScaffoldError(f"'{text}' is not a valid {what}: {rule}{limit}{_suggest_id(text, schema)}")


def parse_name(kind: str, name: str, schemas: dict[str, dict[str, Any]]) -> tuple[str | None, str]:
    """(provider, id) from NAME: '<provider>/<id>' for models, '<id>' otherwise."""
    if kind not in KIND_FOLDERS:
        raise ScaffoldError(f"unknown kind '{kind}': use one of {', '.join(KIND_FOLDERS)}")
    parts = name.split("/")
    if kind == "model":
        if len(parts) != 2:
            raise ScaffoldError(f"a model is named '<provider>/<id>', e.g. meta/llama-3.1-8b, not '{name}'")
        check_id(parts[0], "provider folder name", schemas)
        check_id(parts[1], "id", schemas)
        return parts[0], parts[1]
    if len(parts) != 1:
        raise ScaffoldError(f"a {KIND_NAMES[kind]} is named by its id alone, without '/', not '{name}'")
    check_id(name, "id", schemas)
    return None, name


def target(root: Path, kind: str, provider: str | None, entry_id: str) -> Path:
    folder = root / KIND_FOLDERS[kind]
    return (folder / provider if provider else folder) / f"{entry_id}.yaml"


def check_free(root: Path, path: Path, entry_id: str) -> None:
    """Refuse when the file exists, or when another entry already uses the id."""
    if path.exists():
        raise ScaffoldError(f"{display_path(path)} already exists; edit it instead (new_entry.py never overwrites a file)")
    for other in catalog_files(root):
        if other.stem == entry_id and other.name != "faq.yaml":
            raise ScaffoldError(
                f"the id '{entry_id}' is already used by {display_path(other)}; ids are unique across the whole catalog, so choose another"
            )


# ---- the skeleton -------------------------------------------------------------


def _words(values: list[Any]) -> str:
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _strip_verb(hint: str) -> str:
    for verb in ("write ", "use "):
        if hint.startswith(verb):
            return hint[len(verb) :]
    return hint


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain(text: str) -> str:
    """text as a YAML scalar: bare when YAML reads it back as the same text, else quoted (ids like 2024 or on)."""
    try:
        same = yaml.safe_load(f"value: {text}") == {"value": text}
    except yaml.YAMLError:
        same = False
    return text if same else _quote(text)


def _rejects(schema: dict[str, Any], value: Any) -> bool:
    return not Draft202012Validator(schema).is_valid(value)


def placeholder(schema: dict[str, Any], number: int = 0) -> tuple[str, str]:
    """(YAML value, trailing comment) for a scalar field, rejected by the schema where possible."""
    hint = schema.get("x-hint", "")
    kind = schema.get("type")
    pattern = schema.get("pattern", "")
    suffix = f" ({number})" if number else ""
    comment = ""
    if "enum" in schema:
        text = f"TODO: {_words(schema['enum'])}"
    elif kind == "boolean":
        text = "TODO: true or false"
    elif kind in ("integer", "number"):
        text, comment = "TODO", hint
    elif pattern.startswith("^https://"):
        text = "TODO: https link"
    elif "[0-9]{4}-[0-9]{2}" in pattern:
        text = "TODO: YYYY-MM-DD"
    else:
        text = "TODO: " + (_strip_verb(hint) if hint else "see the comment above")
    text += suffix
    if _rejects(schema, text):
        return (_quote(text) if text != "TODO" else text), comment
    # free text accepts any string: leave it empty, which the schema rejects as "not text"
    return "", "TODO: " + (hint or "fill in") + suffix


def _wrap(text: str, indent: int) -> list[str]:
    pad = " " * indent + "# "
    return textwrap.wrap(text, WIDTH, initial_indent=pad, subsequent_indent=pad, break_on_hyphens=False, break_long_words=False)


class Builder:
    """Writes the lines of one skeleton."""

    def __init__(self, vocab: dict[str, Any], fixed: dict[str, tuple[str, str]]) -> None:
        self.vocab, self.fixed = vocab, fixed
        self.lines: list[str] = []

    def _notes(self, name: str, schema: dict[str, Any], required: str, block: bool, items: dict[str, Any] | None) -> list[str]:
        notes = []
        if schema.get("description"):
            notes.append(schema["description"])
        notes.append(required or (OPTIONAL_BLOCK if block else OPTIONAL_LINE))
        if "enum" in schema:
            notes.append("Allowed values: " + ", ".join(str(v) for v in schema["enum"]) + ".")
        if items is not None:
            low, high = schema.get("minItems"), schema.get("maxItems")
            if low:
                count = f"{low} to {high} items" if high else f"at least {low} item{'s' * (low > 1)}"
                notes.append(f"A list of {count}: one '- ' line per item; add lines as needed.")
            else:
                notes.append("A list: one '- ' line per item; add lines as needed, or write [] when none applies.")
            if "enum" in items:
                notes.append("Allowed values for each item: " + ", ".join(str(v) for v in items["enum"]) + ".")
            match = VOCABULARY.search(schema.get("description", ""))
            terms = self.vocab.get(match.group(1), {}) if match else {}
            if isinstance(terms, dict) and isinstance(terms.get(name), dict):
                notes.append(f"Tags defined for {name}: " + ", ".join(terms[name]) + ".")
        return notes

    def field(self, name: str, schema: dict[str, Any], home: Resolver, required: str, indent: int, lead: str = "") -> None:
        """Comments and value lines of one field; required is its note, empty when optional; lead ('- ') starts a list item."""
        schema, home = resolve(schema, home)
        items, items_home = None, home
        if schema.get("type") == "array":
            items, items_home = resolve(schema.get("items", {}), home)
        nested = schema.get("type") == "object" and "properties" in schema
        block = nested or items is not None
        notes = self._notes(name, schema, required, block, items)
        fixed = self.fixed.get(name) if indent == 0 else None
        if fixed:
            notes.append(fixed[1])
        for note in notes:
            self.lines.extend(_wrap(note, indent))
        key = " " * (indent - len(lead)) + lead + name + ":"
        if fixed:
            self.lines.append(f"{key} {fixed[0]}")
        elif nested:
            self.lines.append(key)
            self.mapping(schema, home, indent + 2, owner="" if required else name)
        elif items is not None and items.get("type") == "object":
            self.lines.append(key)
            self.mapping(items, items_home, indent + 4, lead="- ", owner="" if required else name)
        elif items is not None:
            self.lines.append(key)
            count = max(1, schema.get("minItems", 1))
            for n in range(1, count + 1):
                value, comment = placeholder(items, n if count > 1 else 0)
                self.lines.append(self._line(" " * (indent + 2) + "-", value, comment))
        else:
            value, comment = placeholder(schema)
            self.lines.append(self._line(key, value, comment))

    @staticmethod
    def _line(start: str, value: str, comment: str) -> str:
        line = f"{start} {value}" if value else start
        return f"{line}  # {comment}" if comment else line

    def mapping(self, schema: dict[str, Any], home: Resolver, indent: int, lead: str = "", top: bool = False, owner: str = "") -> None:
        """The fields of an object; owner names the optional field that holds them, if any."""
        required = set(schema.get("required", []))
        note = f"Required if you keep {owner}." if owner else "Required."
        for index, (name, prop) in enumerate(schema.get("properties", {}).items()):
            if top and index:
                self.lines.append("")
            self.field(name, prop, home, note if name in required else "", indent, lead if index == 0 else "")


def build(
    kind: str,
    entry_id: str,
    schemas: dict[str, dict[str, Any]],
    *,
    today: dt.date,
    provider: str | None = None,
    schema_ref: str | None = None,
    shown_path: str = "",
    vocab: dict[str, Any] | None = None,
) -> str:
    """The skeleton's text for a new entry of kind (a key of KIND_FOLDERS)."""
    schema_name = f"{kind}.schema.json"
    schema = schemas[schema_name]
    fixed = {
        "id": (_plain(entry_id), "Filled in from the name you gave; it must equal the file name."),
        "last_verified": (_quote(today.isoformat()), "Set to today: change it to the day you check the sources, if that is another day."),
    }
    if provider is not None:
        fixed["provider"] = (_plain(provider), "Filled in from the folder the file is in.")
    shown = shown_path or f"catalog/{KIND_FOLDERS[kind]}/{entry_id}.yaml"
    head = [f"# yaml-language-server: $schema={schema_ref or '../schemas/' + schema_name}"]
    intro = [
        f"New {KIND_NAMES[kind]}, generated by scripts/new_entry.py from catalog/schemas/{schema_name}. {schema.get('description', '')}",
        "Replace every TODO with a fact you confirmed from a primary source (the comment above each field says what it needs), "
        "and delete the optional fields you cannot confirm. Comments may stay or go.",
    ]
    if schema.get("x-hint") and "anyOf" in schema:
        intro.append(f"Of the optional fields, keep at least one: {schema['x-hint']}.")
    intro.append("Then check it, and repeat until it prints OK:")
    for text in intro:
        head.extend(_wrap(text, 0))
    head.append(f"#   python scripts/validate.py {shown}")
    builder = Builder(vocab or {}, fixed)
    builder.mapping(schema, resolvers(schemas)[schema_name], 0, top=True)
    return "\n".join([*head, "", *builder.lines, ""])


def placeholder_lines(text: str) -> list[int]:
    """1-based numbers of the lines still holding a TODO (comment lines excluded)."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if "TODO" in line and not line.lstrip().startswith("#")]


def schema_ref(path: Path, root: Path, kind: str) -> str:
    """The schema's path relative to the entry's folder, for the yaml-language-server comment."""
    return Path(os.path.relpath(root / "schemas" / f"{kind}.schema.json", path.parent)).as_posix()
