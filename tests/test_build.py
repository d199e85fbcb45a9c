"""The generator and the strict MkDocs build, checked on the real catalog's HTML."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import TODAY
from kb.build import owned, render
from kb.catalog import CATALOG, utc_today
from kb.sitebuild import mkdocs_build, prepare_docs
from kb.templating import relative
from kb.validate import validate


@pytest.fixture(scope="session")
def catalog():
    result, cat = validate(CATALOG, today=utc_today())
    assert result.ok
    return cat


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("build")
    result, docs = prepare_docs(CATALOG, work)
    assert result.ok
    built = mkdocs_build(docs, work / "site", work)
    assert built.returncode == 0, built.stdout + built.stderr
    return work / "site"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)


def hrefs(path: Path) -> list[str]:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.hrefs


def test_model_page_shows_its_licence_and_provider(site, catalog):
    for entry in catalog.of("model"):
        model = entry.data
        page = site / "models" / f"{model['id']}.html"
        html = page.read_text(encoding="utf-8")
        assert f"../licenses/{model['license']}.html" in hrefs(page), model["id"]
        assert f"../providers/{model['provider']}.html" in hrefs(page), model["id"]
        licence = catalog.by_id("license")[model["license"]]
        assert licence["name"].replace("&", "&amp;") in html


def test_licence_page_lists_its_models(site, catalog):
    for entry in catalog.of("license"):
        page = site / "licenses" / f"{entry.id}.html"
        links = hrefs(page)
        models = [m for m in catalog.of("model") if m.data["license"] == entry.id]
        assert f"Models under this licence ({len(models)})" in page.read_text(encoding="utf-8")
        for m in models:
            assert f"../models/{m.id}.html" in links


def test_every_internal_link_resolves(site):
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # MkDocs writes it with root-absolute links on purpose
            continue
        for href in hrefs(page):
            if re.match(r"^[a-z]+:|^#|^//", href):
                continue
            target = (page.parent / href.split("#")[0].split("?")[0]).resolve()
            if href.split("#")[0] and not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
    assert broken == []


def test_the_models_table_page_holds_one_page_of_rows_and_links_the_full_list(site, catalog):
    """What a reader without scripts, or a search engine, gets: the first rows of the table
    and a link to a plain list that links every model (left out of the site search)."""
    from kb.models_table import PAGE_ROWS

    table = (site / "models" / "index.html").read_text(encoding="utf-8")
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == min(PAGE_ROWS, len(catalog.of("model")))
    assert "all.html" in hrefs(site / "models" / "index.html")
    listed = hrefs(site / "models" / "all.html")
    assert {f"{e.id}.html" for e in catalog.of("model")} <= set(listed)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("models/all.html")]


def test_entry_pages_stay_out_of_the_navigation(site, catalog):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "models/index.html" in home
    some_model = catalog.of("model")[0].id
    assert f"models/{some_model}.html" not in home


def test_search_index_finds_a_model_by_name_provider_and_licence(site, catalog):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    model = catalog.by_id("model")["llama-3.1-405b-instruct"]
    docs = [d for d in index["docs"] if d["location"].startswith("models/llama-3.1-405b-instruct.html")]
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert model["name"] in text
    assert catalog.by_id("provider")[model["provider"]]["name"] in text
    assert catalog.by_id("license")[model["license"]]["name"] in text


def test_exports_match_the_catalog(site, catalog):
    models = json.loads((site / "api" / "models.json").read_text(encoding="utf-8"))
    assert sorted(m["id"] for m in models) == sorted(e.id for e in catalog.of("model"))
    assert all("openness_level" in m["derived"] for m in models)
    rows = (site / "api" / "models.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(models) + 1
    everything = json.loads((site / "api" / "catalog.json").read_text(encoding="utf-8"))
    assert len(everything["licenses"]) == len(catalog.of("license"))
    assert (site / "api" / "schemas" / "model.schema.json").is_file()


def test_no_external_scripts_or_styles(site):
    for page in [site / "index.html", site / "models" / "index.html"]:
        for href in hrefs(page):
            assert not href.startswith(("http://", "https://", "//")) or not href.endswith((".js", ".css")), href


def test_two_renders_are_byte_identical():
    today = utc_today()
    first, second = render(CATALOG, today)[1], render(CATALOG, today)[1]
    assert first == second and len(first) > 100


def test_stale_entries_are_flagged_on_pages_and_in_tables(mini):
    mini.change("model", "acme-pro", last_verified="2025-06-01")
    mini.change("license", "apache-2.0", last_verified="2025-01-01")
    result, out = render(mini.root, TODAY)
    assert result.ok
    assert "not verified for over 12 months" in out["models/acme-pro.md"]
    assert "not verified for over 12 months" not in out["models/lab-7b.md"]
    table_row = next(line for line in out["models/index.md"].splitlines() if 'value="acme-pro"' in line)
    assert ">stale</span>" in table_row
    assert {row[0]: row[1] for row in json.loads(out["api/models-table.json"])["rows"]} == {
        "acme-pro": True,
        "acme-open-70b": False,
        "lab-7b": False,
    }
    assert "not verified for over 12 months" in out["licenses/apache-2.0.md"]
    assert out["licenses/index.md"].count(">stale</span>") == 1


def test_the_build_hook_only_saves_time(site, tmp_path):
    """mkdocs_hooks.py skips Markdown for generated pages: the site must be byte-identical
    to a build without the hook (as an engine that runs no MkDocs hooks would build it)."""
    built = mkdocs_build(site.parent / "docs", tmp_path / "site", tmp_path, hooks=False)
    assert built.returncode == 0, built.stdout + built.stderr
    with_hook = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    without = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert with_hook.keys() == without.keys()
    different = sorted(str(path) for path in with_hook if with_hook[path] != without[path])
    assert different == [], f"{len(different)} files differ, e.g. {different[:5]}"
    assert (site / "models" / "gpt-oss-120b.html").is_file()


def test_the_build_hook_takes_every_generated_page_and_nothing_else(site):
    import mkdocs_hooks

    docs = site.parent / "docs"
    for source in sorted(docs.rglob("*.md")):
        relative = source.relative_to(docs).as_posix()
        body = source.read_text(encoding="utf-8").split("---\n", 2)[-1]
        page = SimpleNamespace(file=SimpleNamespace(src_uri=relative))
        if owned(relative):
            assert mkdocs_hooks.on_page_markdown(body, page=page) == "", relative
            assert mkdocs_hooks.on_page_content("", page=page) == body.strip(), relative
        else:
            assert mkdocs_hooks.on_page_markdown(body, page=page) is None, relative
            assert mkdocs_hooks.on_page_content("<p>x</p>", page=page) is None, relative
    assert not mkdocs_hooks.is_generated_html('<div class="kb-page">\n\n*markdown*\n\n</div>')


@pytest.mark.parametrize("page", ["index.md", "faq.md", "models/index.md", "models/gpt-4o.md", "compare/a.md", "api/x/y.md"])
@pytest.mark.parametrize("target", ["models/gpt-4o.html", "licenses/mit.html", "index.html", "api/x/z.json", "faq.html"])
def test_relative_links_match_relpath(page, target):
    assert relative(target, page) == posixpath.relpath(target, posixpath.dirname(page) or ".")


def test_a_new_enum_value_in_a_schema_builds_instead_of_crashing(mini):
    """A schema extended with a new availability channel validates, and the pages show the value."""
    path = mini.root / "schemas" / "model.schema.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"enum": ["weights", "api", "cloud", "app"]', '"enum": ["weights", "api", "cloud", "app", "marketplace"]'
        ),
        encoding="utf-8",
    )
    mini.change(
        "model",
        "acme-pro",
        availability=[
            {"channel": "api", "vendor": "Acme API", "url": "https://acme.example.org/api"},
            {"channel": "marketplace", "vendor": "Shop", "url": "https://shop.example.org/acme"},
        ],
    )
    result, outputs = render(mini.root, TODAY)
    assert result.ok, [p.message for p in result.errors]
    assert "marketplace: " in outputs["models/acme-pro.md"]  # no label yet: the value itself
    assert "Maker&#x27;s API: " in outputs["models/acme-pro.md"]  # labels come from the schema's x-labels
    path.write_text(
        path.read_text(encoding="utf-8").replace('"app": "App"}', '"app": "App", "marketplace": "Marketplace listing"}'), encoding="utf-8"
    )
    assert "Marketplace listing: " in render(mini.root, TODAY)[1]["models/acme-pro.md"]


def test_the_coverage_page_and_the_generated_names_are_reserved(mini):
    """Every page the generator writes beside entry pages has a reserved name, so no entry can replace it."""
    from kb.catalog import FOLDERS, RESERVED_IDS

    _, outputs = render(mini.root, TODAY)
    folders = {"compare" if f == "comparisons" else f for f in FOLDERS}
    ids = {e for kind in ("model", "license", "deployment", "provider", "comparison") for e in mini.data[kind]}
    beside = {p.split("/")[1].removesuffix(".md") for p in outputs if p.count("/") == 1 and p.split("/")[0] in folders}
    assert beside - ids <= RESERVED_IDS and "coverage.md" in outputs


def test_the_strict_build_fails_on_a_warning(site, tmp_path):
    """The real site builds strict (the site fixture); one broken link in a guide makes it fail."""
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(site.parent / "docs", docs)
    glossary = docs / "guides" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nSee [a page that is not there](nowhere.md).\n", encoding="utf-8")
    built = mkdocs_build(docs, tmp_path / "site", tmp_path)
    assert built.returncode != 0 and "nowhere.md" in built.stdout + built.stderr
