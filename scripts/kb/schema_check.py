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

    def check(self, entry: Entry) -> list[tuple[tuple[Any, ...], bool, str, str]]:
        """(path, point at key?, message, hint) for every schema failure of the entry."""
        validator = self.validators[entry.kind]
        found = []
        for error in validator.iter_errors(entry.data):
            found.extend(self._explain(error))
        return found

    def _explain(self, error: ValidationError) -> list[tuple[tuple[Any, ...], bool, str, str]]:
        path = tuple(error.absolute_path)
        name = field_name(path)
        schema = error.schema if isinstance(error.schema, dict) else {}
        hint = schema.get("x-hint", "")
        value = error.instance
        if error.validator == "additionalProperties":
            allowed = list(schema.get("properties", {}))
            extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
            return [
                (
                    path + (k,),
                    True,
                    f"unknown field '{k}' in {name}",
                    suggest(k, allowed) + "remove it, or see the field reference for the allowed fields",
                )
                for k in extras
            ]
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            prop = schema.get("properties", {}).get(missing, {})
            described = prop.get("description", "")
            return [
                (
                    path,
                    False,
                    f"missing required field '{missing}' in {name}",
                    f"add '{missing}:' — {described}" if described else f"add '{missing}:'",
                )
            ]
        if error.validator == "type":
            wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
            words = " or ".join(TYPE_NAMES.get(w, w) for w in wanted)
            return [(path, False, f"{name} must be {words}, not {type_of(value)} ({short(value)})", hint or f"write {words}")]
        if error.validator == "enum":
            options = ", ".join(str(o) for o in error.validator_value)
            return [
                (
                    path,
                    False,
                    f"{name} is {short(value)}, which is not one of: {options}",
                    suggest(value, error.validator_value) + (hint or f"use one of: {options}"),
                )
            ]
        if error.validator == "pattern":
            return [(path, False, f"{name} has the wrong form: {short(value)}", hint or "see the field reference")]
        if error.validator in (
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
        ):
            limit = error.validator_value
            what = {
                "minLength": f"is shorter than {limit} characters",
                "maxLength": f"is longer than {limit} characters",
                "minItems": f"has fewer than {limit} items",
                "maxItems": f"has more than {limit} items",
                "minimum": f"is less than {limit}",
                "maximum": f"is more than {limit}",
                "exclusiveMinimum": f"must be more than {limit}",
                "exclusiveMaximum": f"must be less than {limit}",
            }[error.validator]
            shown = f" ({short(value)})" if error.validator.endswith("imum") else ""
            return [(path, False, f"{name} {what}{shown}", hint or "see the field reference")]
        if error.validator == "uniqueItems":
            return [(path, False, f"{name} lists the same item twice", "remove the repeated item")]
        if error.validator == "anyOf" and schema.get("x-hint"):
            return [(path, False, f"{name} is incomplete", schema["x-hint"])]
        return [(path, False, f"{name}: {error.message[:200]}", hint or "see the field reference")]
