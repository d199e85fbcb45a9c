"""The field reference page, generated from the JSON Schemas (the single source of truth)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.fields import resolve
from kb.markup import esc
from kb.pages import page, section, table
from kb.schemas import resolvers

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


def describe_type(schema: dict[str, Any], home: Resolver) -> str:
    kind = schema.get("type", "")
    if "enum" in schema:
        labels = schema.get("x-labels", {})
        return "one of: " + ", ".join(f"<code>{esc(v)}</code>" + (f" ({esc(labels[v])})" if v in labels else "") for v in schema["enum"])
    if "x-ref" in schema:
        return "id of " + ("any entry" if schema["x-ref"] == "any" else f"a {esc(schema['x-ref'])}")
    if kind == "array":
        items, items_home = resolve(schema.get("items", {}), home)
        return "list of " + (describe_type(items, items_home) or "values")
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
    return esc({"object": "mapping", "integer": "whole number", "string": "text", "boolean": "true / false"}.get(kind, kind)) + (
        f" ({esc(', '.join(extra))})" if extra else ""
    )


def field_rows(schema: dict[str, Any], home: Resolver, prefix: str = "") -> list[list[str]]:
    schema, home = resolve(schema, home)
    rows = []
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        resolved, sub_home = resolve(prop, home)
        full = f"{prefix}{name}"
        rows.append(
            [
                f"<code>{esc(full)}</code>",
                "yes" if name in required else "no",
                describe_type(resolved, sub_home),
                esc(resolved.get("description", "")),
            ]
        )
        if resolved.get("type") == "object" and "properties" in resolved:
            rows += field_rows(resolved, sub_home, full + ".")
        if resolved.get("type") == "array":
            items, item_home = resolve(resolved.get("items", {}), sub_home)
            if items.get("type") == "object":
                rows += field_rows(items, item_home, full + "[].")
    return rows


def fields_page(schemas: dict[str, dict[str, Any]]) -> tuple[str, str]:
    parts = [
        "<p>Every field of every catalog entry, generated from the JSON Schemas in <code>catalog/schemas/</code>. "
        "Unknown fields are rejected. Dates are written YYYY-MM-DD (or YYYY-MM when only the month is known).</p>"
    ]
    homes = resolvers(schemas)
    for kind, title, where in KIND_TITLES:
        schema = schemas[f"{kind}.schema.json"]
        rows = field_rows(schema, homes[f"{kind}.schema.json"])
        parts.append(
            section(
                title,
                f"<p>File: <code>{esc(where)}</code>. {esc(schema.get('description', ''))}</p>\n"
                + table(["Field", "Required", "Type", "Description"], rows),
                kind,
            )
        )
    return page("reference/fields.md", "Field reference", parts)
