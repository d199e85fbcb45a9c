"""Fast paths for validating a big catalog, each falling back to the careful code on any doubt.

Loading: `load` composes plain files with libyaml's C composer and builds the data
iteratively, refusing (and so handing the file to kb.loader) anything the event loader
would reject or that could hurt the composer: anchors and aliases, tags outside the
core schema, non-text or repeated keys, too many values or too deep nesting, big files.
The data is the same as kb.loader.parse builds; positions are found (by kb.loader) only
when a problem in that file has to be placed.

Schemas: `compile_schemas` turns the catalog's JSON Schemas into plain Python predicates that
answer exactly what `Draft202012Validator(...).is_valid(instance)` would, for the
keywords these schemas use. A schema with any other keyword raises `Unsupported`, and
the caller then keeps using jsonschema for that kind. A predicate only says yes or no:
when it says no, jsonschema runs on the entry and its errors are reported as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema._utils import equal, uniq
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode

from kb.loader import MAX_DEPTH, MAX_NODES, Document, LoadError, Path_, decode, parse
from kb.loader import load as kb_load
from kb.problems import Problem

CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_COLLECTIONS = frozenset({CORE + "seq", CORE + "map"})
_CONSTRUCTOR = SafeConstructor()

Check = Callable[[Any], bool]

# Keywords that never change whether an instance is valid (annotations, containers).
ANNOTATIONS = frozenset(
    {"$schema", "$comment", "$defs", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly", "x-hint"}
)
SUPPORTED = frozenset(
    {
        "type",
        "enum",
        "const",
        "pattern",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "anyOf",
        "allOf",
        "$ref",
    }
)


class Unsupported(Exception):
    """The schema uses something this compiler does not handle; use jsonschema instead."""


def _is_integer(x: Any) -> bool:
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


TYPES: dict[str, Check] = {
    "string": lambda x: isinstance(x, str),
    "integer": _is_integer,
    "number": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    "boolean": lambda x: isinstance(x, bool),
    "array": lambda x: isinstance(x, list),
    "object": lambda x: isinstance(x, dict),
    "null": lambda x: x is None,
}


def _unique(items: list[Any]) -> bool:
    if len(items) < 2:
        return True
    if all(isinstance(i, str) for i in items):
        return len(set(items)) == len(items)
    return uniq(items)


def _pointer(document: Any, fragment: str) -> Any:
    if fragment in ("", "/"):
        return document
    if not fragment.startswith("/"):
        raise Unsupported(f"anchor reference #{fragment}")
    node = document
    for part in fragment[1:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise Unsupported(f"unresolvable reference #{fragment}")
    return node


class _Compiler:
    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.done: dict[tuple[str, str], Check] = {}

    def ref(self, resource: str, target: str) -> Check:
        name, _, fragment = target.partition("#")
        name = name or resource
        if name not in self.schemas:
            raise Unsupported(f"reference to an unknown schema {target}")
        key = (name, fragment)
        if key not in self.done:
            slot: list[Check] = []
            self.done[key] = lambda x: slot[0](x)  # allows recursive references
            try:
                slot.append(self.compile(_pointer(self.schemas[name], fragment), name))
            except Exception:
                del self.done[key]
                raise
            self.done[key] = slot[0]
        return self.done[key]

    def compile(self, schema: Any, resource: str) -> Check:
        if schema is True:
            return lambda x: True
        if schema is False:
            return lambda x: False
        if not isinstance(schema, dict):
            raise Unsupported("a schema that is not an object")
        unknown = set(schema) - SUPPORTED - ANNOTATIONS
        if unknown or "$id" in schema or "$anchor" in schema:
            raise Unsupported(f"keywords {sorted(unknown)}")
        checks: list[Check] = []
        add = checks.append
        if "$ref" in schema:
            add(self.ref(resource, schema["$ref"]))
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            tests = [TYPES[n] for n in names]
            add(tests[0] if len(tests) == 1 else (lambda x, t=tuple(tests): any(f(x) for f in t)))
        if "enum" in schema:
            options = schema["enum"]
            if all(isinstance(o, str) for o in options):
                allowed = frozenset(options)
                add(lambda x: isinstance(x, str) and x in allowed)
            else:
                add(lambda x: any(equal(o, x) for o in options))
        if "const" in schema:
            add(lambda x, c=schema["const"]: equal(x, c))
        string_checks: list[Check] = []
        if "pattern" in schema:
            search = re.compile(schema["pattern"]).search
            string_checks.append(lambda x: search(x) is not None)
        if "minLength" in schema:
            string_checks.append(lambda x, n=schema["minLength"]: len(x) >= n)
        if "maxLength" in schema:
            string_checks.append(lambda x, n=schema["maxLength"]: len(x) <= n)
        if string_checks:
            add(lambda x, t=tuple(string_checks): not isinstance(x, str) or all(f(x) for f in t))
        number_checks: list[Check] = []
        for word, test in (
            ("minimum", lambda x, n: x >= n),
            ("maximum", lambda x, n: x <= n),
            ("exclusiveMinimum", lambda x, n: x > n),
            ("exclusiveMaximum", lambda x, n: x < n),
        ):
            if word in schema:
                number_checks.append(lambda x, n=schema[word], f=test: f(x, n))
        if number_checks:
            add(lambda x, t=tuple(number_checks): not TYPES["number"](x) or all(f(x) for f in t))
        array_checks: list[Check] = []
        if "minItems" in schema:
            array_checks.append(lambda x, n=schema["minItems"]: len(x) >= n)
        if "maxItems" in schema:
            array_checks.append(lambda x, n=schema["maxItems"]: len(x) <= n)
        if schema.get("uniqueItems") is True:
            array_checks.append(_unique)
        if "items" in schema:
            item = self.compile(schema["items"], resource)
            array_checks.append(lambda x, f=item: all(f(i) for i in x))
        if array_checks:
            add(lambda x, t=tuple(array_checks): not isinstance(x, list) or all(f(x) for f in t))
        object_checks: list[Check] = []
        if "required" in schema:
            needed = tuple(schema["required"])
            object_checks.append(lambda x: all(k in x for k in needed))
        properties = {k: self.compile(v, resource) for k, v in schema.get("properties", {}).items()}
        if properties:
            object_checks.append(lambda x: all(f(x[k]) for k, f in properties.items() if k in x))
        if "additionalProperties" in schema:
            extra = schema["additionalProperties"]
            known = frozenset(schema.get("properties", {}))
            if extra is False:
                object_checks.append(lambda x: known.issuperset(x))
            elif extra is not True:
                other = self.compile(extra, resource)
                object_checks.append(lambda x: all(other(v) for k, v in x.items() if k not in known))
        if object_checks:
            add(lambda x, t=tuple(object_checks): not isinstance(x, dict) or all(f(x) for f in t))
        if "anyOf" in schema:
            options = [self.compile(s, resource) for s in schema["anyOf"]]
            add(lambda x: any(f(x) for f in options))
        if "allOf" in schema:
            parts = [self.compile(s, resource) for s in schema["allOf"]]
            add(lambda x: all(f(x) for f in parts))
        if not checks:
            return lambda x: True
        if len(checks) == 1:
            return checks[0]
        return lambda x, t=tuple(checks): all(f(x) for f in t)


def compile_schemas(schemas: dict[str, dict[str, Any]]) -> dict[str, Check]:
    """{entry kind: predicate} for every schema this compiler fully understands."""
    compiler = _Compiler(schemas)
    out: dict[str, Check] = {}
    for name in schemas:
        if name == "common.schema.json":
            continue
        try:
            out[name.removesuffix(".schema.json")] = compiler.ref(name, "")
        except (Unsupported, re.error, KeyError, TypeError):
            continue
    return out


# ---- loading: libyaml's C composer, for the plain files that make up the catalog ---------------

FAST_MAX_BYTES = 64_000  # bigger files take the event loader
FAST_MAX_INDENT = 100  # so are files indented this deep
FAST_MAX_NESTING = 1_000  # or that could nest this deep: the C composer recurses once per level
_PROPERTY = re.compile(r"(?:^|[\s\[{,:])[&*]")  # an anchor or alias could start here
_DEEP_INDENT = "\n" + " " * FAST_MAX_INDENT
_STR, _TIMESTAMP, _NULL = (CORE + t for t in ("str", "timestamp", "null"))
_BOOL, _INT, _FLOAT = (CORE + t for t in ("bool", "int", "float"))


class _Fallback(Exception):
    """The fast loader cannot vouch for this file; the event loader decides."""


def _plain_enough(text: str) -> bool:
    """True when the text has no anchor or alias and cannot nest more than FAST_MAX_NESTING deep.

    Flow nesting needs a '[' or '{' per level; block nesting needs a deeper indentation or a
    same-line '- ' or '? ' indicator at least every second level."""
    if len(text) > FAST_MAX_BYTES or _DEEP_INDENT in text:
        return False
    if ("&" in text or "*" in text) and _PROPERTY.search(text):
        return False
    bound = text.count("[") + text.count("{") + 2 * (FAST_MAX_INDENT + text.count("- ") + text.count("? ")) + 4
    return bound <= FAST_MAX_NESTING


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    if tag in (_STR, _TIMESTAMP):
        return node.value
    if tag == _INT:
        return _CONSTRUCTOR.construct_yaml_int(node)
    if tag == _FLOAT:
        value = _CONSTRUCTOR.construct_yaml_float(node)
        if not math.isfinite(value):
            raise _Fallback
        return value
    if tag == _BOOL:
        return _CONSTRUCTOR.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    raise _Fallback  # merge keys, binary, custom tags: the event loader explains


def _build(root: Node) -> Any:
    """Plain data from a composed node tree, iteratively; _Fallback on anything the event loader
    would refuse (non-text or repeated keys, shared nodes, other tags) or on the size limits."""
    seen: set[int] = set()
    count = 0

    def make(node: Node) -> Any:
        nonlocal count
        count += 1
        if isinstance(node, ScalarNode):
            if node.tag not in _PLAIN_TAGS:
                raise _Fallback
            return _scalar(node)
        if node.tag not in _COLLECTIONS or id(node) in seen:
            raise _Fallback
        seen.add(id(node))
        return {} if isinstance(node, MappingNode) else []

    top = make(root)
    if not isinstance(top, dict):
        raise _Fallback  # a catalog file is a mapping; the event loader says what it is instead
    stack: list[tuple[Node, Any, int]] = [(root, top, 1)]
    while stack:
        node, value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _Fallback
        if isinstance(value, dict):
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise _Fallback
                key = make(key_node)
                if not isinstance(key, str) or key in value:
                    raise _Fallback
                value[key] = item = make(value_node)
                if isinstance(item, (dict, list)):
                    stack.append((value_node, item, depth + 1))
        else:
            for item_node in node.value:
                item = make(item_node)
                value.append(item)
                if isinstance(item, (dict, list)):
                    stack.append((item_node, item, depth + 1))
    if count > MAX_NODES:
        raise _Fallback
    return top


def fast_parse(text: str) -> Any:
    """The data of a plain catalog file exactly as kb.loader.parse would build it, or None when
    the file needs the event loader (anything unusual, or an error to explain and place)."""
    if not _plain_enough(text):
        return None
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        data = _build(node) if node is not None else None
    except (yaml.YAMLError, _Fallback, ValueError, RecursionError):
        return None
    finally:
        loader.dispose()
    return data if isinstance(data, dict) else None


@dataclass(eq=False)
class LazyDocument(Document):
    """A document loaded by the fast path: positions are found only when a problem needs one."""

    file: Path | None = None

    def where(self, at: Path_, key: bool = False) -> tuple[int, int]:
        if not self.positions and self.file is not None:
            try:
                full = parse(decode(self.file.read_bytes()), self.path)
                self.positions, self.key_positions = full.positions, full.key_positions
            except (LoadError, OSError):
                pass
            self.file = None
        return super().where(at, key)


def load(path: Path, display: str | None = None) -> tuple[Document | None, Problem | None]:
    """kb.loader.load, through the fast path when the file allows it."""
    shown = display or str(path)
    try:
        text = decode(path.read_bytes())
    except (LoadError, OSError):
        return kb_load(path, shown)
    data = fast_parse(text)
    if data is None:
        return kb_load(path, shown)
    return LazyDocument(path=shown, data=data, file=path), None
