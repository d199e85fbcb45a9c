"""Safe, bounded YAML loading that remembers where every value was written.

PyYAML's composer recurses once per nesting level in C, so a deeply nested file
crashes the interpreter; and its constructor silently keeps the last of two
duplicate keys. We therefore read the parser's event stream (libyaml when
available) and build the document ourselves, iteratively, with limits on size,
depth and node count. Only plain data is accepted: no tags beyond the core
schema, no anchors or aliases (so no alias bombs), no merge keys.
"""

from __future__ import annotations

import bisect
import math
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from kb.problems import Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_NODES = 50_000
# Items in one list or keys in one mapping: entries need dozens, and schema checks such as
# uniqueItems take time that grows with the square of a list's length.
MAX_ITEMS = 1_000

PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_CORE + "seq", _CORE + "map"}

Path_ = tuple[str | int, ...]


@dataclass(eq=False)
class Document:
    """A loaded YAML file: its data and the 1-based (line, column) of each value and key."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    # Results computed from the data alone, kept with it: an unchanged document is reused
    # between regenerations (build.CachingLoader), so they are computed once per file.
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def strings(self) -> list[tuple[Path_, str]]:
        """Every text value with its path, in document order."""
        if "strings" not in self.derived:
            found: list[tuple[Path_, str]] = []
            if isinstance(self.data, str):
                found.append(((), self.data))
            elif isinstance(self.data, (dict, list)):
                _collect_strings(self.data, (), found)
            self.derived["strings"] = found
        return self.derived["strings"]

    def where(self, at: Path_, key: bool = False) -> tuple[int, int]:
        """Position of the value (or its key) at `at`, else of its nearest parent."""
        table = self.key_positions if key else self.positions
        at = tuple(at)
        while at:
            if at in table:
                return table[at]
            if not key and at in self.key_positions:
                return self.key_positions[at]
            at = at[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, at: Path_, message: str, hint: str, *, at_key: bool = False, severity: str = "error") -> Problem:
        """A problem with the value (or its key) at `at`, placed where it is written."""
        line, column = self.where(at, key=at_key)
        return Problem(self.path, line, column, message, hint, severity)


def _collect_strings(container: dict[str, Any] | list[Any], path: Path_, found: list[tuple[Path_, str]]) -> None:
    """Recursion is bounded: loaded documents are at most MAX_DEPTH levels deep."""
    for key, value in container.items() if isinstance(container, dict) else enumerate(container):
        if isinstance(value, str):
            found.append(((*path, key), value))
        elif isinstance(value, (dict, list)):
            _collect_strings(value, (*path, key), found)


class LoadError(Exception):
    """A problem that stops loading; carries the position it was found at."""

    def __init__(self, line: int, column: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def _pos(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _fail(mark: Any, message: str, hint: str) -> LoadError:
    line, column = _pos(mark)
    return LoadError(line, column, message, hint)


# Numbers as YAML 1.2 and JSON write them. YAML 1.1 (PyYAML's rules) also reads 0x1f, 0b101,
# 017 (octal) and 1:20:30 (base 60) as numbers: surprising in a data file, and a long one took
# minutes to convert. Thirty digits is far beyond any real figure.
PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]{0,29})\Z")
PLAIN_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]{0,29})?\.[0-9_]{0,30}(?:[eE][-+]?[0-9]{1,3})?\Z|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z"
)
FORMS = (("0x", "hexadecimal"), ("0b", "binary"), ("0o", "octal"), (":", "base 60"))


def unplain_number(value: str, tag: str) -> str | None:
    """Why a scalar that YAML reads as a number is refused, or None when it is plain."""
    if (PLAIN_INT if tag == _CORE + "int" else PLAIN_FLOAT).match(value):
        return None
    digits = value.lstrip("+-")
    form = next((name for mark, name in FORMS if mark in digits[:2] or (mark == ":" and mark in value)), None)
    if form is None and tag == _CORE + "int" and digits[:1] == "0":
        form = "octal"
    if form:
        return f"'{value[:40]}' is a number written in {form}"
    return f"'{value[:40]}{'...' if len(value) > 40 else ''}' is too long for a number"


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
    if tag == _CORE + "merge":
        raise _fail(
            event.start_mark, "merge keys ('<<') are not supported", "write the keys out in full instead of merging another mapping"
        )
    if tag not in _SCALAR_TAGS:
        raise _fail(
            event.start_mark,
            f"the YAML tag '{event.tag}' is not allowed",
            "remove the tag: catalog files hold plain text, numbers, true/false, lists and mappings",
        )
    if tag in (_CORE + "int", _CORE + "float"):
        problem = unplain_number(event.value, tag)
        if problem:
            raise _fail(event.start_mark, problem, "write it in ordinary decimal digits, e.g. 128000 or 1.5 (quote it if it is text)")
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        if tag == _CORE + "int":
            return _CONSTRUCTOR.construct_yaml_int(node)
        if tag == _CORE + "float":
            value = _CONSTRUCTOR.construct_yaml_float(node)
            if not math.isfinite(value):
                raise _fail(event.start_mark, f"'{event.value}' is not a finite number", "write an ordinary number")
            return value
        if tag == _CORE + "bool":
            return _CONSTRUCTOR.construct_yaml_bool(node)
        if tag == _CORE + "null":
            return None
    except ValueError:
        raise _fail(event.start_mark, "this number is too long or malformed", "write an ordinary number") from None
    return event.value  # str, and dates kept as text so the schema checks their form


def _describe_key(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a true/false value"
    return f"a {type(value).__name__}"


class _Builder:
    """Turns parser events into plain Python data, iteratively."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.stack: list[dict[str, Any]] = []
        self.root: Any = None
        self.nodes = 0
        self.done = False

    def _place(self, value: Any, mark: Any, container: bool) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _fail(mark, f"the file has more than {MAX_NODES} values", "a catalog entry is small: split or shorten the file")
        if not self.stack:
            self.root = value
            self.doc.positions[()] = _pos(mark)
            return
        frame = self.stack[-1]
        parent = frame["value"]
        if isinstance(parent, list):
            if len(parent) >= MAX_ITEMS:
                raise _fail(mark, f"a list has more than {MAX_ITEMS:,} items", "a catalog entry needs far fewer: shorten the list")
            path = frame["path"] + (len(parent),)
            parent.append(value)
            self.doc.positions[path] = _pos(mark)
            return
        if frame["key"] is None:  # this value is a key
            if len(parent) >= MAX_ITEMS:
                raise _fail(mark, f"a mapping has more than {MAX_ITEMS:,} keys", "a catalog entry needs far fewer: remove the extra keys")
            if container:
                raise _fail(mark, "a key must be plain text, not a list or mapping", "write the key as a simple word such as 'name'")
            if not isinstance(value, str):
                raise _fail(
                    mark,
                    f"the key is read as {_describe_key(value)}, not as text",
                    'put the key in quotes, e.g. "yes": ..., or use a field name from the schema',
                )
            if value in parent:
                first = self.doc.key_positions[frame["path"] + (value,)]
                raise _fail(
                    mark,
                    f"duplicate key '{value}' (first written at line {first[0]})",
                    "keep only one of the two; YAML would silently drop the first",
                )
            frame["key"] = value
            self.doc.key_positions[frame["path"] + (value,)] = _pos(mark)
            return
        path = frame["path"] + (frame["key"],)
        parent[frame["key"]] = value
        self.doc.positions[path] = _pos(mark)
        frame["key"] = None

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            return
        if isinstance(event, yaml.DocumentStartEvent):
            if self.done:
                raise _fail(
                    event.start_mark,
                    "the file holds more than one YAML document",
                    "remove the '---' line and everything after it, one entry per file",
                )
            return
        if isinstance(event, yaml.AliasEvent):
            raise _fail(
                event.start_mark, "anchors and aliases ('&name', '*name') are not supported", "write the value out in full where it is used"
            )
        if getattr(event, "anchor", None):
            raise _fail(
                event.start_mark,
                "anchors and aliases ('&name', '*name') are not supported",
                "remove the '&" + str(event.anchor) + "' anchor",
            )
        if isinstance(event, yaml.ScalarEvent):
            self._place(_scalar(event), event.start_mark, container=False)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
                raise _fail(
                    event.start_mark,
                    f"the YAML tag '{event.tag}' is not allowed",
                    "remove the tag: catalog files hold plain text, numbers, true/false, lists and mappings",
                )
            if len(self.stack) >= MAX_DEPTH:
                raise _fail(
                    event.start_mark,
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    "catalog entries need only a few levels; check the indentation",
                )
            value: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            if self.stack and isinstance(self.stack[-1]["value"], dict) and self.stack[-1]["key"] is not None:
                path = self.stack[-1]["path"] + (self.stack[-1]["key"],)
            elif self.stack and isinstance(self.stack[-1]["value"], list):
                path = self.stack[-1]["path"] + (len(self.stack[-1]["value"]),)
            else:
                path = ()
            self._place(value, event.start_mark, container=True)
            self.stack.append({"value": value, "path": path, "key": None})
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()
        if not self.stack and self.nodes:
            self.done = True


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> LoadError:
    mark = error.problem_mark or error.context_mark
    line, column = _pos(mark) if mark else (1, 1)
    problem = (error.problem or error.context or "invalid YAML").strip()
    lines = text.splitlines()
    at = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
    if at == "\t" or "tab" in problem:
        problem += " (a tab character)"
        hint = "indent with spaces, never with tab characters"
    elif "expected ':'" in problem or "mapping values are not allowed" in problem:
        hint = "check the indentation, and quote values that contain ': ' or '#'"
    elif "found character" in problem or "unacceptable character" in problem or "special characters" in problem:
        hint = "remove the control character, or quote the value"
    else:
        hint = "check the YAML syntax here: indentation, quotes and brackets"
    return LoadError(line, column, f"YAML syntax error: {problem}", hint)


def _text_position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of the character at index."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _reader_error(error: yaml.reader.ReaderError, text: str) -> LoadError:
    """A character YAML refuses (control characters and the like), placed where it is."""
    # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters
    index = error.position
    if PARSER is not yaml.SafeLoader:
        index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
    line, column = _text_position(text, index)
    return LoadError(
        line,
        column,
        f"the file contains the character U+{error.character:04X}, which YAML does not allow",
        "remove it (control characters are often pasted in by accident), or write it as an escape in double quotes",
    )


def _locate_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


def read_entry(path: Path) -> bytes:
    """The bytes of a catalog file: a regular file, not a link, read up to just past the limit.

    A link could point anywhere on the machine running the check (a secret, /dev/zero),
    and git can carry links in a pull request, so links are refused without being followed."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise LoadError(1, 1, "the file is a symbolic link", "commit the entry itself as a regular file, not a link to one")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(1, 1, "this is not a regular file (a folder, pipe or device)", "catalog entries are plain text files")
    with path.open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        size = max(path.stat().st_size, len(raw))
        raise LoadError(
            1, 1, f"the file is {size:,} bytes, more than the limit of {MAX_BYTES:,}", "a catalog entry is a few kilobytes: shorten it"
        )
    return raw


def decode(raw: bytes) -> str:
    """Bytes to text, refusing binary and non-UTF-8 input (read_entry has bounded the size)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(1, 1, "the file is saved as UTF-16, not UTF-8", "save the file as UTF-8 text (your editor's encoding setting)")
    if b"\x00" in raw:
        line, column = _locate_byte(raw, raw.index(b"\x00"))
        raise LoadError(line, column, "the file is binary (it contains a NUL byte), not YAML text", "save the entry as UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _locate_byte(raw, error.start)
        raise LoadError(line, column, f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})", "save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile("\r\n|[\r\n]")


def _editor_positions(text: str) -> Callable[[int, int], tuple[int, int]] | None:
    """YAML also breaks lines at U+0085, U+2028 and U+2029 (often pasted in with text); editors and
    GitHub do not. When the text has one, returns a map from YAML's (line, column) to the editor's."""
    if not any(c in text for c in "\x85\u2028\u2029"):
        return None
    yaml_starts = [0, *(m.end() for m in _YAML_BREAK.finditer(text))]
    editor_starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]

    def remap(line: int, column: int) -> tuple[int, int]:
        index = yaml_starts[min(line, len(yaml_starts)) - 1] + column - 1
        editor_line = bisect.bisect_right(editor_starts, index)
        return editor_line, index - editor_starts[editor_line - 1] + 1

    return remap


def parse(text: str, path: str) -> Document:
    """Parse YAML text into a Document; raises LoadError with a position."""
    remap = _editor_positions(text)
    try:
        doc = _parse(text, path)
    except LoadError as error:
        if remap and not getattr(error, "editor_position", False):
            error.line, error.column = remap(error.line, error.column)
        raise
    if remap:
        for table in (doc.positions, doc.key_positions):
            for at, (line, column) in table.items():
                table[at] = remap(line, column)
    return doc


def _placed(error: LoadError) -> LoadError:
    """Marks a LoadError whose position already counts lines as editors do."""
    error.editor_position = True  # type: ignore[attr-defined]
    return error


def _parse(text: str, path: str) -> Document:
    doc = Document(path=path, data=None)
    builder = _Builder(doc)
    try:
        for event in yaml.parse(text, Loader=PARSER):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text) from None
    except yaml.reader.ReaderError as error:  # carries a position, not a mark
        raise _placed(_reader_error(error, text)) from None
    except UnicodeEncodeError as error:  # a lone surrogate in text handed over directly
        line, column = _text_position(text, error.start)
        raise _placed(LoadError(line, column, "the text contains an unpaired surrogate character", "save the file as UTF-8 text")) from None
    except yaml.YAMLError as error:  # other errors without a problem_mark
        raise LoadError(1, 1, f"YAML error: {error}", "save the file as plain UTF-8 text") from None
    except RecursionError:
        raise LoadError(1, 1, "the data is nested too deeply", "catalog entries need only a few levels; check the indentation") from None
    if builder.nodes == 0:
        raise LoadError(1, 1, "the file is empty", "write the entry's fields, starting with 'id:'")
    if not isinstance(builder.root, dict):
        line, column = doc.positions.get((), (1, 1))
        kind = "a list" if isinstance(builder.root, list) else "a single value"
        raise LoadError(
            line, column, f"the file holds {kind}, not a mapping of fields", "write one field per line as 'key: value', starting with 'id:'"
        )
    doc.data = builder.root
    return doc


def load(path: Path, display: str | None = None) -> tuple[Document | None, Problem | None]:
    """Load one file; returns the document, or the problem that stopped it."""
    shown = display or str(path)
    try:
        raw = read_entry(path)
        return parse(decode(raw), shown), None
    except LoadError as error:
        return None, Problem(shown, error.line, error.column, error.message, error.hint)
    except OSError as error:
        return None, Problem(shown, 1, 1, f"cannot read the file: {error.strerror}", "check that the file exists and is readable")
