"""The JSON Schemas' addresses, and the one registry every $ref is resolved through.

Each schema's `$id` is the URL the site publishes it at, so its relative `$ref`s
("common.schema.json#/$defs/id") mean the same to any standard validator. Here each local
file is registered under its `$id` and nothing else can be looked up: resolving never
touches the network.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from kb.catalog import REPO, SchemaFileError
from kb.problems import Problem

if TYPE_CHECKING:  # what Registry.resolver returns; referencing does not export the name
    from referencing._core import Resolver

# where the site publishes the schemas (kb.exports), under its site_url
PUBLISHED_AT = "api/schemas/"


@functools.cache
def site_url() -> str:
    """The site's address, from mkdocs.yml, its one definition; ends in '/'."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return str(config["site_url"]).rstrip("/") + "/"


def schema_url(name: str) -> str:
    """The `$id` a schema file must have: the URL the site publishes it at."""
    return site_url() + PUBLISHED_AT + name


def by_id(schemas: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """{$id: schema}; raises SchemaFileError, naming the file, when a `$id` is missing or wrong."""
    found = {}
    for name, schema in schemas.items():
        expected = schema_url(name)
        actual = schema.get("$id") if isinstance(schema, dict) else None
        if actual != expected:
            message = (
                "the schema has no $id" if actual is None else f"the schema's $id is {str(actual)[:120]!r}, not where the site publishes it"
            )
            raise SchemaFileError(Problem(f"schemas/{name}", 1, 1, message, f'set "$id": "{expected}"'))
        found[expected] = schema
    return found


def registry(schemas: dict[str, dict[str, Any]]) -> Registry:
    """Every schema under its `$id`, and nothing more: a `$ref` elsewhere does not resolve."""
    return Registry().with_resources((url, DRAFT202012.create_resource(schema)) for url, schema in by_id(schemas).items())


def resolvers(schemas: dict[str, dict[str, Any]]) -> dict[str, Resolver]:
    """{file name: the resolver of that schema's $refs}, all sharing one registry."""
    shared = registry(schemas)
    return {name: shared.resolver(base_uri=schema_url(name)) for name in schemas}


def check_refs(schemas: dict[str, dict[str, Any]]) -> None:
    """Raises SchemaFileError, naming the file, for the first $ref that no schema answers."""
    for name, resolver in resolvers(schemas).items():
        for ref in refs(schemas[name]):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                message = f"a $ref does not resolve: {ref[:200]}"
                raise SchemaFileError(Problem(f"schemas/{name}", 1, 1, message, "point every $ref at a definition that exists")) from None


def refs(node: Any) -> Iterator[str]:
    """Every $ref in a schema (they all resolve against its $id: the schemas nest no other)."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
