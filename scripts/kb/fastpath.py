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

from kb.loader import MAX_DEPTH, MAX_ITEMS, MAX_NODES, Document, LoadError, Path_, decode, parse, read_entry, unplain_number
from kb.loader import load as kb_load
from kb.problems import Problem
from kb.schema_check import ecma_search

CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_COLLECTIONS = frozenset({CORE + "seq", CORE + "map"})
_CONSTRUCTOR = SafeConstructor()

Check = Callable[[Any], bool]

# Keywords that never change whether an instance is valid (annotations, containers, and the
# project's own x- annotations, read by kb.fields).
ANNOTATIONS = frozenset(
    {"$schema", "$comment", "$defs", "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly"}
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


TYPE_TESTS = {
    "string": "isinstance({v}, str)",
    "integer": "_is_integer({v})",
    "number": "(isinstance({v}, (int, float)) and not isinstance({v}, bool))",
    "boolean": "isinstance({v}, bool)",
    "array": "isinstance({v}, list)",
    "object": "isinstance({v}, dict)",
    "null": "{v} is None",
}
_MISSING = object()


class _Compiler:
    """Writes one small Python function per schema node and compiles them all at once."""

    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.names: dict[tuple[str, str], str] = {}
        self.count = 0
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {"_is_integer": _is_integer, "_unique": _unique, "_equal": equal, "_M": _MISSING}

    def const(self, value: Any) -> str:
        name = f"c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def ref(self, resource: str, target: str) -> str:
        name, _, fragment = target.partition("#")
        name = name or resource
        if name not in self.schemas:
            raise Unsupported(f"reference to an unknown schema {target}")
        key = (name, fragment)
        if key not in self.names:
            self.names[key] = f"r{len(self.names)}"  # named first: references may be recursive
            self.function(_pointer(self.schemas[name], fragment), name, self.names[key])
        return self.names[key]

    def sub(self, schema: Any, resource: str) -> str:
        self.count += 1
        name = f"s{self.count}"
        self.function(schema, resource, name)
        return name

    def function(self, schema: Any, resource: str, name: str) -> None:
        body = self.body(schema, resource)
        self.lines.append(f"def {name}(x):\n" + "".join(f"    {line}\n" for line in body) + "    return True\n")

    def body(self, schema: Any, resource: str) -> list[str]:
        if schema is True:
            return []
        if schema is False:
            return ["return False"]
        if not isinstance(schema, dict):
            raise Unsupported("a schema that is not an object")
        unknown = {k for k in set(schema) - SUPPORTED - ANNOTATIONS if not k.startswith("x-")}
        if unknown or "$id" in schema or "$anchor" in schema:
            raise Unsupported(f"keywords {sorted(unknown)}")
        out: list[str] = []
        if "$ref" in schema:
            out.append(f"if not {self.ref(resource, schema['$ref'])}(x): return False")
        known_type = None
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if any(n not in TYPE_TESTS for n in names):
                raise Unsupported(f"type {names}")
            out.append("if not (" + " or ".join(TYPE_TESTS[n].format(v="x") for n in names) + "): return False")
            known_type = names[0] if len(names) == 1 else None
        if "enum" in schema:
            options = schema["enum"]
            if all(isinstance(o, str) for o in options):
                out.append(f"if not (isinstance(x, str) and x in {self.const(frozenset(options))}): return False")
            else:
                out.append(f"if not any(_equal(o, x) for o in {self.const(list(options))}): return False")
        if "const" in schema:
            out.append(f"if not _equal(x, {self.const(schema['const'])}): return False")

        def guarded(kind: str, checks: list[str]) -> None:
            if not checks:
                return
            if known_type == kind:
                out.extend(checks)
            else:
                out.append(f"if {TYPE_TESTS[kind].format(v='x')}:")
                out.extend("    " + c for c in checks)

        strings = []
        if "pattern" in schema:
            strings.append(f"if not {self.const(ecma_search(schema['pattern']))}(x): return False")
        if "minLength" in schema:
            strings.append(f"if len(x) < {self.const(schema['minLength'])}: return False")
        if "maxLength" in schema:
            strings.append(f"if len(x) > {self.const(schema['maxLength'])}: return False")
        guarded("string", strings)
        numbers = []
        for word, op in (("minimum", "<"), ("maximum", ">"), ("exclusiveMinimum", "<="), ("exclusiveMaximum", ">=")):
            if word in schema:
                numbers.append(f"if x {op} {self.const(schema[word])}: return False")
        guarded("number" if known_type != "integer" else "integer", numbers)
        arrays = []
        if "minItems" in schema:
            arrays.append(f"if len(x) < {self.const(schema['minItems'])}: return False")
        if "maxItems" in schema:
            arrays.append(f"if len(x) > {self.const(schema['maxItems'])}: return False")
        if schema.get("uniqueItems") is True:
            arrays.append("if not _unique(x): return False")
        if "items" in schema:
            item = self.sub(schema["items"], resource)
            arrays.append("for i in x:")
            arrays.append(f"    if not {item}(i): return False")
        guarded("array", arrays)
        objects = []
        if "required" in schema:
            objects.append(f"if not x.keys() >= {self.const(frozenset(schema['required']))}: return False")
        properties = schema.get("properties", {})
        if "additionalProperties" in schema:
            extra = schema["additionalProperties"]
            known = self.const(frozenset(properties))
            if extra is False:
                objects.append(f"if not x.keys() <= {known}: return False")
            elif extra is not True:
                other = self.sub(extra, resource)
                objects.append("for k, v in x.items():")
                objects.append(f"    if k not in {known} and not {other}(v): return False")
        for key, subschema in properties.items():
            check = self.sub(subschema, resource)
            objects.append(f"v = x.get({self.const(key)}, _M)")
            objects.append(f"if v is not _M and not {check}(v): return False")
        guarded("object", objects)
        if "anyOf" in schema:
            options = [self.sub(s, resource) for s in schema["anyOf"]]
            out.append("if not (" + " or ".join(f"{o}(x)" for o in options) + "): return False")
        if "allOf" in schema:
            parts = [self.sub(s, resource) for s in schema["allOf"]]
            out.append("if not (" + " and ".join(f"{o}(x)" for o in parts) + "): return False")
        return out

    def build(self) -> dict[str, Any]:
        exec(compile("\n".join(self.lines), "<kb.fastpath schemas>", "exec"), self.namespace)  # our own generated code
        return self.namespace


def compile_schemas(schemas: dict[str, dict[str, Any]]) -> dict[str, Check]:
    """{entry kind: predicate} for every schema this compiler fully understands."""
    out: dict[str, Check] = {}
    for name in schemas:
        if name == "common.schema.json":
            continue
        compiler = _Compiler(schemas)
        try:
            entry = compiler.ref(name, "")
            out[name.removesuffix(".schema.json")] = compiler.build()[entry]
        except (Unsupported, re.error, KeyError, TypeError, ValueError):
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
    if tag in (_INT, _FLOAT) and unplain_number(node.value, tag):
        raise _Fallback
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
        if depth > MAX_DEPTH or len(node.value) > MAX_ITEMS:
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
                full = parse(decode(read_entry(self.file)), self.path)
                self.positions, self.key_positions = full.positions, full.key_positions
            except (LoadError, OSError):
                pass
            self.file = None
        return super().where(at, key)


def load(path: Path, display: str | None = None) -> tuple[Document | None, Problem | None]:
    """kb.loader.load, through the fast path when the file allows it."""
    shown = display or str(path)
    try:
        text = decode(read_entry(path))
    except (LoadError, OSError):
        return kb_load(path, shown)
    data = fast_parse(text)
    if data is None:
        return kb_load(path, shown)
    return LazyDocument(path=shown, data=data, file=path), None
