"""Field facts read from the JSON Schemas, so that a schema change alone is enforced and rendered.

JSON Schema has no keyword for "this text is a date", "this id points at a model" or "show
this enum value as ...", so the schemas say it with annotations that validators ignore:

- `x-kind: date` on the shared date definition: every field that refers to it is a date;
- `x-future: true`: a date that may lie ahead (an announced retirement);
- `x-ref: model | license | provider | any`: the field (or each item of the list) is the id of
  an entry of that kind;
- `x-labels: {value: label}` next to an `enum`: how pages show each value;
- `x-show: [facts, compare, csv]`: where the field appears by itself (the model page's facts
  table, the side-by-side comparison, the CSV export), with `x-label` as its name on pages and
  `x-unit` after its figures. A new field with these annotations is shown with no code change.

`field_registry` walks the schemas once and lists every such field by its path, with `*`
for "any item of a list" and "any key of a mapping".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from referencing.exceptions import Unresolvable

from kb.schemas import resolvers

if TYPE_CHECKING:
    from kb.schemas import Resolver

ANY = "*"


@dataclass(frozen=True)
class Field:
    path: tuple[str, ...]
    date: bool = False
    future: bool = False
    ref: str | None = None
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    show: tuple[str, ...] = ()
    title: str = ""
    unit: str = ""

    def matches(self, path: tuple[Any, ...]) -> bool:
        return len(path) == len(self.path) and all(p in (ANY, q) for p, q in zip(self.path, path, strict=True))


class Fields(list):
    """The annotated fields of one kind, remembering which field each concrete path (list
    positions read as *) belongs to: date checks and labels ask about every value of every entry."""

    def __init__(self, fields: list[Field]) -> None:
        super().__init__(fields)
        self.known: dict[tuple[Any, ...], Field | None] = {}


class UnknownSchemaRef(Exception):
    """A $ref that points nowhere: the schema checker reports those; here they end the walk."""


MAX_REF_HOPS = 50  # a $ref chain longer than this goes round in a circle


def resolve(node: dict[str, Any], resolver: Resolver) -> tuple[dict[str, Any], Resolver]:
    """Follow $ref through the schemas' registry (kb.schemas), the referring keywords winning
    over the target's; returns the node and the resolver for the $refs inside it."""
    for _ in range(MAX_REF_HOPS):
        if "$ref" not in node:
            return node, resolver
        try:
            found = resolver.lookup(str(node["$ref"]))
        except Unresolvable:
            raise UnknownSchemaRef(str(node["$ref"])) from None
        if not isinstance(found.contents, dict):
            raise UnknownSchemaRef(str(node["$ref"]))
        node, resolver = {**found.contents, **{k: v for k, v in node.items() if k != "$ref"}}, found.resolver
    raise UnknownSchemaRef(str(node["$ref"]))


def _walk(node: dict[str, Any], resolver: Resolver, path: tuple[str, ...]) -> Iterator[Field]:
    node, resolver = resolve(node, resolver)
    date, ref, labels = node.get("x-kind") == "date", node.get("x-ref"), node.get("x-labels") or {}
    show = tuple(node.get("x-show") or ())
    if date or ref or labels or show:
        yield Field(
            path,
            date=date,
            future=bool(node.get("x-future")),
            ref=ref,
            labels=dict(labels),
            show=show,
            title=str(node.get("x-label") or path[-1]),
            unit=str(node.get("x-unit") or ""),
        )
    for name, child in node.get("properties", {}).items():
        yield from _walk(child, resolver, (*path, name))
    if isinstance(node.get("items"), dict):
        yield from _walk(node["items"], resolver, (*path, ANY))
    if isinstance(node.get("additionalProperties"), dict):
        yield from _walk(node["additionalProperties"], resolver, (*path, ANY))


def field_registry(schemas: dict[str, dict[str, Any]]) -> dict[str, list[Field]]:
    """kind -> its annotated fields, for every schema but the shared definitions."""
    registry = {}
    for name, resolver in resolvers(schemas).items():
        if name == "common.schema.json":
            continue
        try:
            registry[name.removesuffix(".schema.json")] = Fields(list(_walk(schemas[name], resolver, ())))
        except UnknownSchemaRef:
            registry[name.removesuffix(".schema.json")] = Fields([])
    return registry


def find(fields: list[Field], path: tuple[Any, ...]) -> Field | None:
    if not isinstance(fields, Fields):
        return next((f for f in fields if f.matches(path)), None)
    key = tuple(ANY if isinstance(p, int) else p for p in path)  # a list position matches only *
    if key not in fields.known:
        fields.known[key] = next((f for f in fields if f.matches(path)), None)
    return fields.known[key]


def values_at(data: Any, path: tuple[str, ...], at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(concrete path, value) for every place in data that a field path with wildcards names."""
    if not path:
        yield at, data
        return
    head, rest = path[0], path[1:]
    if head == ANY:
        items = enumerate(data) if isinstance(data, list) else data.items() if isinstance(data, dict) else ()
        for key, value in items:
            yield from values_at(value, rest, (*at, key))
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, (*at, head))


def label(fields: list[Field], path: tuple[str, ...], value: str) -> str:
    """How pages show an enum value: its x-labels entry, else the value itself."""
    known = find(fields, path)
    return known.labels.get(value, value) if known else value


def figure(value: float | int, unit: str = "") -> str:
    """A number as pages write it: thousands separators, no trailing zeros, then the unit."""
    return (f"{value:,}" if isinstance(value, int) else f"{value:,g}") + (f" {unit}" if unit else "")


def shown(fields: list[Field], place: str) -> list[Field]:
    """The top-level fields the schema shows in `place` (facts, compare or csv), in schema order."""
    return [f for f in fields if place in f.show and len(f.path) == 1]


def display(known: Field, entry: dict[str, Any], unit: bool = True) -> str | None:
    """A shown field's value as text on a page, or None where the entry has none."""
    value = entry.get(known.path[0])
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return figure(value, known.unit if unit else "")
    return known.labels.get(value, str(value))
