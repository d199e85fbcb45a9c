"""The field reference page, generated from the JSON Schemas (the single source of truth)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from kb.fields import resolve
from kb.schemas import resolvers
from kb.templating import page

if TYPE_CHECKING:
    from kb.schemas import Resolver

KIND_TITLES = (
    ("model", "Model", "catalog/models/<provider>/<id>.yaml"),
    ("license", "Licence", "catalog/licenses/<id>.yaml"),
    ("deployment", "Deployment option", "catalog/deployments/<id>.yaml"),
    ("provider", "Provider", "catalog/providers/<id>.yaml"),
    ("comparison", "Comparison", "catalog/comparisons/<id>.yaml"),
    ("faq", "FAQ", "catalog/faq.yaml"),
)
TYPE_WORDS = {"object": "mapping", "integer": "whole number", "string": "text", "boolean": "true / false"}


class FieldType(NamedTuple):
    """A field's type in words, then for an enum the values it may take (shown as code), each
    with its label where the schema gives one."""

    words: str
    choices: tuple[tuple[Any, str | None], ...] = ()


class Field(NamedTuple):
    name: str
    required: bool
    type: FieldType
    description: str


def describe_type(schema: dict[str, Any], home: Resolver) -> FieldType:
    kind = schema.get("type", "")
    if "enum" in schema:
        labels = schema.get("x-labels", {})
        return FieldType("one of: ", tuple((v, labels.get(v)) for v in schema["enum"]))
    if "x-ref" in schema:
        return FieldType("id of " + ("any entry" if schema["x-ref"] == "any" else f"a {schema['x-ref']}"))
    if kind == "array":
        items, items_home = resolve(schema.get("items", {}), home)
        inner = describe_type(items, items_home)
        return FieldType("list of " + (inner.words or "values"), inner.choices)
    extra = []
    if schema.get("x-kind") == "date":
        extra.append("YYYY-MM-DD or YYYY-MM" + (", may be in the future" if schema.get("x-future") else ""))
    elif schema.get("pattern", "").startswith("^https://"):
        extra.append("https URL")
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("exclusiveMinimum", ">")):
        if key in schema:
            extra.append(f"{word} {schema[key]}")
    if "maxLength" in schema:
        extra.append(f"≤ {schema['maxLength']} characters")
    return FieldType(TYPE_WORDS.get(kind, kind) + (f" ({', '.join(extra)})" if extra else ""))


def fields_of(schema: dict[str, Any], home: Resolver, prefix: str = "") -> list[Field]:
    schema, home = resolve(schema, home)
    fields = []
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        resolved, sub_home = resolve(prop, home)
        full = f"{prefix}{name}"
        fields.append(Field(full, name in required, describe_type(resolved, sub_home), resolved.get("description", "")))
        if resolved.get("type") == "object" and "properties" in resolved:
            fields += fields_of(resolved, sub_home, full + ".")
        if resolved.get("type") == "array":
            items, item_home = resolve(resolved.get("items", {}), sub_home)
            if items.get("type") == "object":
                fields += fields_of(items, item_home, full + "[].")
    return fields


def fields_page(schemas: dict[str, dict[str, Any]]) -> tuple[str, str]:
    kinds = []
    homes = resolvers(schemas)
    for kind, title, where in KIND_TITLES:
        schema = schemas[f"{kind}.schema.json"]
        kinds.append((kind, title, where, schema.get("description", ""), fields_of(schema, homes[f"{kind}.schema.json"])))
    return page("reference/fields.md", "Field reference", "reference.html", kinds=kinds)
