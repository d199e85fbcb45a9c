"""Checks each entry against its JSON Schema and turns failures into placed problems."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema_rs
import regress
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import SchemaError, ValidationError

from kb.catalog import FOLDERS, KINDS, VOCABULARIES, Entry, SchemaFileError
from kb.loader import Document
from kb.problems import Problem
from kb.schemas import by_id, check_refs, registry

TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}


def suggest(word: Any, choices: Any) -> str:
    """A "did you mean" phrase, or an empty string when nothing is close."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [c for c in choices if isinstance(c, str)], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def field_name(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the entry"


def short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "a mapping"}.get(type(value), "a value")


@functools.cache
def ecma_search(pattern: str) -> Callable[[str], bool]:
    """A schema pattern as JSON Schema means it, an ECMA-262 regular expression. Python's re
    differs where it matters: its '$' also matches before a final newline, so 'apache-2.0\\n'
    would pass '^[a-z0-9.-]+$'."""
    regex = regress.Regex(pattern)
    return lambda text: regex.find(text) is not None


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not ecma_search(pattern)(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


EcmaValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


def schema_error(schema: Any) -> str | None:
    """Why a schema is not a usable draft 2020-12 schema with ECMA-262 patterns, or None."""
    try:
        EcmaValidator.check_schema(schema)
    except SchemaError as error:
        return error.message[:200]
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "x-ref" in node and node["x-ref"] not in (*FOLDERS.values(), "any"):
                return f"x-ref {node['x-ref']!r} is not an entry kind ({', '.join(FOLDERS.values())} or any)"
            if "x-kind" in node and node["x-kind"] != "date":
                return f"x-kind {node['x-kind']!r} is not known (only date is)"
            if isinstance(node.get("pattern"), str):
                try:
                    ecma_search(node["pattern"])
                except regress.RegressError as error:
                    return f"pattern {node['pattern']!r}: {error}"
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def fast_checks(schemas: dict[str, dict[str, Any]]) -> dict[str, Callable[[Any], bool]]:
    """{kind: is_valid} from jsonschema-rs (draft 2020-12 in Rust, ECMA-262 patterns, no network).

    It only answers yes or no, many times faster than jsonschema; an entry it says no to goes
    to SchemaChecker, whose jsonschema errors are the ones reported. The x- annotations are
    keywords it does not know, and it ignores them as the standard says. A differential
    property test (tests/test_fast_checks.py) keeps the two in agreement. Its registry holds
    the same schemas under the same $ids as kb.schemas.registry, jsonschema's."""
    try:
        shared = jsonschema_rs.Registry(list(by_id(schemas).items()))
    except (ValueError, jsonschema_rs.ReferencingError) as error:
        raise SchemaFileError(unresolved_ref("schemas/", error)) from None
    checks = {}
    for name, schema in schemas.items():
        if name == "common.schema.json":
            continue
        try:
            validator = jsonschema_rs.validator_for(schema, registry=shared, offline=True)
        except (ValueError, jsonschema_rs.ReferencingError, jsonschema_rs.ValidationError) as error:
            raise SchemaFileError(unresolved_ref(f"schemas/{name}", error)) from None
        checks[name.removesuffix(".schema.json")] = validator.is_valid
    return checks


def unresolved_ref(path: str, error: Exception) -> Problem:
    return Problem(path, 1, 1, f"a $ref does not resolve: {str(error)[:200]}", "point every $ref at a definition that exists")


class SchemaChecker:
    """One compiled validator per entry kind."""

    def __init__(self, schemas: dict[str, dict[str, Any]]) -> None:
        """Raises SchemaFileError for a missing or unusable schema, or a $ref that leads nowhere, naming the file."""
        missing = sorted({f"{kind}.schema.json" for kind in (*KINDS, *VOCABULARIES, "common")} - set(schemas))
        if missing:
            raise SchemaFileError(
                Problem(f"schemas/{missing[0]}", 1, 1, "this schema is missing", "restore the file: every kind of entry needs one")
            )
        for name, schema in schemas.items():
            problem = schema_error(schema)
            if problem:
                raise SchemaFileError(Problem(f"schemas/{name}", 1, 1, f"the schema is not usable: {problem}", "fix the schema"))
        check_refs(schemas)
        shared = registry(schemas)
        self.validators = {
            name.removesuffix(".schema.json"): EcmaValidator(schema, registry=shared)
            for name, schema in schemas.items()
            if name != "common.schema.json"
        }

    def check(self, entry: Entry) -> list[Problem]:
        """Every schema failure of the entry, explained and placed in its file."""
        found: list[Problem] = []
        for error in self.validators[entry.kind].iter_errors(entry.data):
            found.extend(explain(error, entry.doc))
        return list(dict.fromkeys(found))  # each missing field of an object is explained once


# ---- explaining a jsonschema error to a contributor: one function per kind of failure ----------

Explainer = Callable[[ValidationError, Document], Iterator[Problem]]


def _where(error: ValidationError) -> tuple[tuple[Any, ...], str]:
    """The failing value's path in the entry, and the name a contributor knows it by."""
    path = tuple(error.absolute_path)
    return path, field_name(path)


def _schema(error: ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def _unknown_fields(error: ValidationError, doc: Document) -> Iterator[Problem]:
    path, name = _where(error)
    allowed = list(_schema(error).get("properties", {}))
    extras = [key for key in error.instance if key not in allowed] if isinstance(error.instance, dict) else []
    for key in extras:
        hint = suggest(key, allowed) + "remove it, or see the field reference for the allowed fields"
        yield doc.problem((*path, key), f"unknown field '{key}' in {name}", hint, at_key=True)


def _missing_fields(error: ValidationError, doc: Document) -> Iterator[Problem]:
    """Every field the object lacks (jsonschema reports each in its own error, by message only)."""
    path, name = _where(error)
    properties = _schema(error).get("properties", {})
    present = error.instance if isinstance(error.instance, dict) else {}
    for missing in [field for field in error.validator_value if field not in present]:
        described = properties.get(missing, {}).get("description", "")
        hint = f"add '{missing}:' — {described}" if described else f"add '{missing}:'"
        yield doc.problem(path, f"missing required field '{missing}' in {name}", hint)


def _wrong_type(error: ValidationError, doc: Document) -> Iterator[Problem]:
    path, name = _where(error)
    wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    words = " or ".join(TYPE_NAMES.get(w, w) for w in wanted)
    message = f"{name} must be {words}, not {type_of(error.instance)} ({short(error.instance)})"
    yield doc.problem(path, message, _schema(error).get("x-hint") or f"write {words}")


def _not_allowed(error: ValidationError, doc: Document) -> Iterator[Problem]:
    path, name = _where(error)
    options = ", ".join(str(o) for o in error.validator_value)
    hint = suggest(error.instance, error.validator_value) + (_schema(error).get("x-hint") or f"use one of: {options}")
    yield doc.problem(path, f"{name} is {short(error.instance)}, which is not one of: {options}", hint)


def _wrong_form(error: ValidationError, doc: Document) -> Iterator[Problem]:
    path, name = _where(error)
    yield doc.problem(
        path, f"{name} has the wrong form: {short(error.instance)}", _schema(error).get("x-hint") or "see the field reference"
    )


# limit keyword -> what breaking it means; the numeric ones also show the value
LIMITS = {
    "minLength": "is shorter than {} characters",
    "maxLength": "is longer than {} characters",
    "minItems": "has fewer than {} items",
    "maxItems": "has more than {} items",
    "minimum": "is less than {}",
    "maximum": "is more than {}",
    "exclusiveMinimum": "must be more than {}",
    "exclusiveMaximum": "must be less than {}",
}


def _beyond_limit(error: ValidationError, doc: Document) -> Iterator[Problem]:
    path, name = _where(error)
    shown = f" ({short(error.instance)})" if error.validator.endswith("imum") else ""
    message = f"{name} {LIMITS[error.validator].format(error.validator_value)}{shown}"
    yield doc.problem(path, message, _schema(error).get("x-hint") or "see the field reference")


def _repeated_item(error: ValidationError, doc: Document) -> Iterator[Problem]:
    path, name = _where(error)
    yield doc.problem(path, f"{name} lists the same item twice", "remove the repeated item")


def _incomplete(error: ValidationError, doc: Document) -> Iterator[Problem]:
    """anyOf of required fields: the schema's x-hint says which; without one, jsonschema's words."""
    hint = _schema(error).get("x-hint")
    if not hint:
        yield from _as_jsonschema_says(error, doc)
        return
    path, name = _where(error)
    yield doc.problem(path, f"{name} is incomplete", hint)


def _as_jsonschema_says(error: ValidationError, doc: Document) -> Iterator[Problem]:
    path, name = _where(error)
    yield doc.problem(path, f"{name}: {error.message[:200]}", _schema(error).get("x-hint") or "see the field reference")


EXPLAINERS: dict[str, Explainer] = {
    "additionalProperties": _unknown_fields,
    "required": _missing_fields,
    "type": _wrong_type,
    "enum": _not_allowed,
    "pattern": _wrong_form,
    "uniqueItems": _repeated_item,
    "anyOf": _incomplete,
    **dict.fromkeys(LIMITS, _beyond_limit),
}


def explain(error: ValidationError, doc: Document) -> Iterator[Problem]:
    """Problems a contributor can act on, for one jsonschema error in doc."""
    return EXPLAINERS.get(str(error.validator), _as_jsonschema_says)(error, doc)
