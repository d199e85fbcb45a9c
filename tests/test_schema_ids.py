"""The schemas' absolute $ids: each is the URL the site publishes the schema at, every $ref
resolves through them without the network, and a consumer with nothing but the published
files and a standard validator gets the same verdicts as ours."""

from __future__ import annotations

import copy
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from conftest import REPO, MiniCatalog, run_script
from kb.build import render
from kb.catalog import CATALOG, Entry, SchemaFileError, load_catalog, load_schemas
from kb.fields import UnknownSchemaRef, field_registry, resolve
from kb.loader import Document
from kb.problems import Result
from kb.schema_check import SchemaChecker, fast_checks
from kb.schemas import PUBLISHED_AT, registry, resolvers, schema_url, site_url

SITE_URL = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


def test_the_site_url_is_defined_once_in_mkdocs_yml():
    assert SITE_URL.startswith("https://") and SITE_URL.endswith("/")
    assert site_url() == SITE_URL
    mentions = [p for p in (REPO / "scripts").rglob("*.py") if SITE_URL.split("//")[1].split("/")[0] in p.read_text(encoding="utf-8")]
    assert mentions == []


def test_every_schema_id_is_where_the_site_publishes_it():
    schemas = load_schemas(CATALOG)
    assert len(schemas) == 12
    for name, schema in schemas.items():
        assert schema["$id"] == SITE_URL + "api/schemas/" + name
        assert schema["$id"] == schema_url(name)


@pytest.fixture(scope="module")
def published() -> dict[str, dict[str, Any]]:
    """The schema files as the build publishes them, by their path on the site."""
    result, outputs = render(CATALOG)
    assert result.ok
    return {path: json.loads(text) for path, text in outputs.items() if path.startswith(PUBLISHED_AT)}


def test_the_build_publishes_each_schema_at_its_id(published):
    assert sorted(published) == sorted(PUBLISHED_AT + name for name in load_schemas(CATALOG))
    assert all(schema["$id"] == SITE_URL + path for path, schema in published.items())


# ---- an independent consumer: the published files, a fresh registry, plain jsonschema ----------


def consumer_validators(published: dict[str, dict[str, Any]]) -> dict[str, Draft202012Validator]:
    """{kind: validator}, knowing each schema only by its $id (no file names, no paths)."""
    schemas = list(published.values())
    by_id = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas)
    return {
        schema["$id"].rsplit("/", 1)[1].removesuffix(".schema.json"): Draft202012Validator(schema, registry=by_id) for schema in schemas
    }


def broken_copies(entry: Entry, schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The entry with a required field gone, an unknown field, and bad values in fields that
    the schema defines through a $ref into common.schema.json (id, last_verified, sources)."""
    data = entry.data
    for field in schema.get("required", [])[:1]:
        yield {k: v for k, v in data.items() if k != field}
    yield {**data, "not_a_field": 1}
    for field, value in (("id", "Not An Id"), ("last_verified", "yesterday"), ("sources", ["http://example.org"])):
        if field in data:
            yield {**copy.deepcopy(data), field: value}


def test_a_consumer_with_only_the_published_schemas_agrees_with_our_validator(published):
    schemas = load_schemas(CATALOG)
    checker, fast = SchemaChecker(schemas), fast_checks(schemas)
    consumer = consumer_validators(published)
    catalog = load_catalog(CATALOG, Result())
    entries = [*catalog.entries, *(Entry(kind=name, doc=doc) for name, doc in catalog.vocab_docs.items())]
    assert {e.kind for e in entries} == {name.removesuffix(".schema.json") for name in schemas} - {"common"}
    assert len(entries) > 300
    refused = 0
    for entry in entries:
        assert consumer[entry.kind].is_valid(entry.data) and checker.check(entry) == [], entry.doc.path
        for data in broken_copies(entry, schemas[f"{entry.kind}.schema.json"]):
            ours = fast[entry.kind](data)
            assert consumer[entry.kind].is_valid(data) == ours, (entry.doc.path, data)
            assert (checker.check(Entry(entry.kind, Document(entry.doc.path, data))) == []) == ours
            refused += not ours
    assert refused > 3 * len(entries)  # the broken copies are refused, not waved through


# ---- offline: a $ref no registered schema answers is refused, never fetched --------------------


@pytest.fixture
def schema_server() -> Iterator[tuple[str, list[str]]]:
    """A local server that would answer any schema request; it records each one."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = json.dumps({"$defs": {"name": {"type": "string"}}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/schema+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()


def point_name_at(mini: MiniCatalog, url: str) -> Path:
    path = mini.root / "schemas" / "provider.schema.json"
    text = path.read_text(encoding="utf-8")
    assert "common.schema.json#/$defs/name" in text
    path.write_text(text.replace("common.schema.json#/$defs/name", f"{url}elsewhere.schema.json#/$defs/name", 1), encoding="utf-8")
    return path


def test_an_unregistered_ref_is_a_schema_problem_and_nothing_is_fetched(mini: MiniCatalog, schema_server):
    url, requests = schema_server
    point_name_at(mini, url)
    (error,) = mini.validate().errors
    assert error.path.endswith("provider.schema.json") and "a $ref does not resolve" in error.message and error.hint
    schemas = load_schemas(mini.root)
    assert field_registry(schemas)["provider"] == []  # the walk ends at the unresolvable $ref
    for engine in (SchemaChecker, fast_checks):
        with pytest.raises(SchemaFileError, match="a \\$ref does not resolve"):
            engine(schemas)
    assert requests == []


def test_the_validator_needs_no_network(mini: MiniCatalog, monkeypatch):
    import socket

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the validator opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert mini.validate().ok


def test_field_references_resolve_across_files_through_the_ids():
    schemas = load_schemas(CATALOG)
    home = resolvers(schemas)["model.schema.json"]
    node, inner = resolve({"$ref": "common.schema.json#/$defs/date", "description": "When."}, home)
    assert node["x-kind"] == "date" and node["description"] == "When."
    assert inner.lookup("#/$defs/date").contents is schemas["common.schema.json"]["$defs"]["date"]


@pytest.mark.parametrize(
    "schema",
    [
        {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
        {"$ref": "#/$defs/nowhere"},
        {"$ref": "other.schema.json#/$defs/a"},
        {"$defs": {"a": True}, "$ref": "#/$defs/a"},
    ],
    ids=["circle", "missing definition", "unregistered file", "boolean schema"],
)
def test_a_ref_that_leads_nowhere_ends_the_field_walk(schema):
    schemas = {"x.schema.json": {"$id": schema_url("x.schema.json"), **schema}}
    with pytest.raises(UnknownSchemaRef):
        resolve(schema, resolvers(schemas)["x.schema.json"])
    assert field_registry(schemas) == {"x": []}


# ---- a missing or wrong $id: refused, naming the file, without a traceback ----------------------


def without_id(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if '"$id"' not in line)


BAD_IDS = [
    ("model.schema.json", without_id, "the schema has no $id"),
    ("license.schema.json", lambda text: text.replace("license.schema.json", "model.schema.json", 1), "not where the site publishes it"),
    ("faq.schema.json", lambda text: text.replace(SITE_URL + "api/schemas/", "", 1), "not where the site publishes it"),
    ("common.schema.json", lambda text: text.replace(SITE_URL, SITE_URL.replace("https:", "http:"), 1), "not where the site publishes it"),
]


@pytest.mark.parametrize(("name", "change", "words"), BAD_IDS, ids=[case[0] for case in BAD_IDS])
def test_a_wrong_or_missing_id_is_refused_naming_the_file(mini: MiniCatalog, name, change, words):
    path = mini.root / "schemas" / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    (error,) = mini.validate().errors
    assert error.path.endswith(f"schemas/{name}") and words in error.message
    assert error.hint == f'set "$id": "{SITE_URL}api/schemas/{name}"'
    done = run_script("validate.py", "--catalog", str(mini.root))
    assert done.returncode == 1 and f"{name}:1:1: the schema" in done.stdout and words in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (without_id, "common.schema.json:1:1: the schema has no $id"),
        (lambda text: text.replace('"$defs": {', '"$defs": {"dangling": {"$ref": "#/$defs/nowhere"},', 1), "a $ref does not resolve"),
    ],
    ids=["no $id", "dangling $ref"],
)
def test_new_entry_refuses_schemas_it_cannot_follow(mini: MiniCatalog, change, words):
    path = mini.root / "schemas" / "common.schema.json"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    done = run_script("new_entry.py", "provider", "newlab", "--catalog", str(mini.root))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("new_entry.py: not written: the schemas cannot be used: ")
    assert words in done.stderr and "common.schema.json" in done.stderr and "hint: " in done.stderr
    assert not (mini.root / "providers" / "newlab.yaml").exists()


def test_the_registry_holds_every_schema_under_its_id_only():
    schemas = load_schemas(CATALOG)
    shared = registry(schemas)
    for name, schema in schemas.items():
        assert shared.contents(schema_url(name)) is schema
        with pytest.raises(Unresolvable):
            shared.resolver().lookup(name)  # a bare file name is no address
