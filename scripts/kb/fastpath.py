"""The fast path for loading a big catalog, falling back to the careful loader on any doubt.

`load` composes plain files with libyaml's C composer and builds the data
iteratively, refusing (and so handing the file to kb.loader) anything the event loader
would reject or that could hurt the composer: anchors and aliases, tags outside the
core schema, non-text or repeated keys, too many values or too deep nesting, big files.
The data is the same as kb.loader.parse builds; positions are found (by kb.loader) only
when a problem in that file has to be placed. (The schema check's fast path is
kb.schema_check.fast_checks.)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode

from kb.loader import MAX_DEPTH, MAX_ITEMS, MAX_NODES, Document, LoadError, Path_, decode, parse, read_entry, unplain_number
from kb.loader import load as kb_load
from kb.problems import Problem

CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_COLLECTIONS = frozenset({CORE + "seq", CORE + "map"})
_CONSTRUCTOR = SafeConstructor()

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
