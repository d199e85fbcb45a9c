"""Property tests: no input crashes the loader or the validator, and no broken entry gets through."""

from __future__ import annotations

import contextlib
import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from conftest import TODAY, MiniCatalog, write_yaml
from kb.catalog import CATALOG
from kb.loader import LoadError, decode, parse
from kb.validate import validate

SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SCHEMAS = {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8")) for p in (CATALOG / "schemas").glob("*.json")}

# ---------------------------------------------------------------- (a) the loader

# pieces that make YAML parsers work hard: indicators, indentation, tags, anchors, flow brackets
YAML_TOKENS = st.sampled_from(
    [
        "id",
        "name",
        ":",
        ": ",
        "- ",
        "\n",
        "\n  ",
        "\n    ",
        "\t",
        "#",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!str ",
        "!!python/object/apply:os.system ",
        "!x ",
        "<<: ",
        "? ",
        "---\n",
        "...\n",
        "|\n",
        ">-\n",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2000:\n",
        "~",
        "null",
        "yes",
        "no",
        "0x1F",
        "1e999",
        ".nan",
        "-.inf",
        "2025-02-30",
        "12:30:00",
        "\\",
        "\\u0000",
        "\ufeff",
        "\x85",
        "\u2028",
        "\x07",
        "\r",
        "\r\n",
        "é",
        "\U0001f600",
        " ",
    ]
)
yamlish = st.lists(st.one_of(YAML_TOKENS, st.text(max_size=8)), max_size=60).map("".join)


@SETTINGS
@given(text=yamlish)
def test_parse_raises_only_load_errors_on_yamlish_text(text):
    try:
        doc = parse(text, "f.yaml")
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1 and error.message and error.hint
        assert "\n" not in error.message
        return
    assert isinstance(doc.data, dict)  # anything accepted is a mapping of fields
    assert all(isinstance(k, str) for k in doc.data)


@SETTINGS
@given(raw=st.one_of(st.binary(max_size=400), yamlish.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_decode_and_parse_raise_only_load_errors_on_any_bytes(raw):
    try:
        parse(decode(raw), "f.yaml")
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1 and error.hint


@SETTINGS
@given(text=st.text(max_size=200))
@example(text="id: a\ud800b\n")  # a lone surrogate: libyaml cannot even encode it
@example(text="name: Acme\x07Mini\n")  # a control character: placed, not "position 10"
def test_parse_raises_only_load_errors_on_any_text(text):
    with contextlib.suppress(LoadError):
        parse(text, "f.yaml")


# ---------------------------------------------------------------- (b) random documents through the validator

MODEL_KEYS = list(SCHEMAS["model"]["properties"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["acme", "apache-2.0", "acme-pro", "2025-01-01", "2099-12-31", "https://x.example.org", "javascript:alert(1)"]),
)
keys = st.one_of(st.sampled_from(MODEL_KEYS), st.text(min_size=1, max_size=12))
documents = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=8)), max_leaves=40
)
model_like = st.dictionaries(keys, documents, max_size=14)


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> MiniCatalog:
    """One catalog for many examples: each example overwrites the same model file."""
    return MiniCatalog(tmp_path_factory.mktemp("props") / "catalog")


def lines_in(path: Path) -> int:
    return path.read_bytes().count(b"\n") + 1


@SETTINGS
@given(data=st.one_of(model_like, documents))
def test_validate_never_crashes_on_random_documents(shared, data):
    path = shared.root / "models" / "acme" / "random-entry.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    lines = lines_in(path)
    try:
        result, _ = validate(shared.root, [path], today=TODAY)
    finally:
        path.unlink()
    for problem in result.problems:
        assert problem.path.endswith("random-entry.yaml")
        assert 1 <= problem.line <= lines and problem.column >= 1 and problem.message and problem.hint
    # a random document can only be an entry if it has every required field
    if not (isinstance(data, dict) and set(SCHEMAS["model"]["required"]) <= set(data)):
        assert not result.ok


# ---------------------------------------------------------------- (c) mutated valid entries


def entries_of(mini: MiniCatalog) -> list[tuple[str, str]]:
    return [(kind, entry_id) for kind, entries in mini.data.items() for entry_id in entries]


def schema_for(kind: str) -> dict[str, Any]:
    return SCHEMAS[kind]


def other_type(value: Any) -> list[Any]:
    """Values of a JSON type the original value's type never accepts in these schemas."""
    if isinstance(value, bool):
        return ["true", 1, [value], {"v": value}]
    if isinstance(value, (int, float)):
        return ["12", True, [value], {"v": value}]
    if isinstance(value, str):
        return [7, False, [value], {"v": value}]
    if isinstance(value, list):
        return ["text", 3, {"v": value}]
    return ["text", 3, [value]]


def enum_fields(kind: str) -> list[str]:
    return [k for k, v in schema_for(kind)["properties"].items() if "enum" in v]


MUTATIONS = ("drop-required", "change-type", "unknown-key", "out-of-enum")


@SETTINGS
@given(pick=st.data())
def test_mutated_valid_entries_are_never_accepted(shared, pick):
    kind, entry_id = pick.draw(st.sampled_from(entries_of(shared)), label="entry")
    original = shared.data[kind][entry_id]
    data = copy.deepcopy(original)
    mutation = pick.draw(st.sampled_from(MUTATIONS), label="mutation")
    schema = schema_for(kind)
    if mutation == "drop-required":
        data.pop(pick.draw(st.sampled_from(schema["required"]), label="field"))
    elif mutation == "change-type":
        field = pick.draw(st.sampled_from(sorted(data)), label="field")
        data[field] = pick.draw(st.sampled_from(other_type(data[field])), label="value")
    elif mutation == "unknown-key":
        key = pick.draw(st.text(min_size=1, max_size=20), label="key")
        assume(key not in schema["properties"])
        data[key] = pick.draw(scalars.filter(lambda v: not (isinstance(v, float) and not math.isfinite(v))), label="value")
    else:
        fields = enum_fields(kind)
        assume(fields)
        field = pick.draw(st.sampled_from(fields), label="field")
        allowed = schema["properties"][field]["enum"]
        data[field] = pick.draw(st.text(max_size=15).filter(lambda t: t not in allowed), label="value")
    path = shared.path(kind, entry_id)
    write_yaml(path, data)
    try:
        result, _ = validate(shared.root, [path], today=TODAY)
    finally:
        write_yaml(path, original)
    assert not result.ok, f"{mutation} of {kind} {entry_id} was accepted: {data}"
    assert all(Path(p.path).name == path.name for p in result.errors)


def test_the_shared_catalog_is_still_valid_after_the_mutations(shared):
    assert shared.validate().ok


# ---------------------------------------------------------------- the fast loader agrees with the careful one


def canonical(value: Any) -> str:
    """JSON with types kept apart (1, 1.0 and true differ), for comparing two loaders' data."""
    return json.dumps(value, sort_keys=False, default=repr) + "|" + repr(value)


@SETTINGS
@given(text=st.one_of(yamlish, st.one_of(model_like, documents).map(lambda d: yaml.safe_dump(d, allow_unicode=True))))
def test_fast_loader_builds_the_same_data_or_defers(text):
    fastpath = pytest.importorskip("kb.fastpath")
    fast = fastpath.fast_parse(text)
    if fast is None:  # deferred to the careful loader
        return
    careful = parse(text, "f.yaml")  # must not raise: the fast path accepted the file
    assert canonical(careful.data) == canonical(fast)
