"""The generator and the strict MkDocs build: every real entry's page and export, and the real
site's strict build, on the real catalog's HTML; the generator's behaviour on the example catalog's."""

from __future__ import annotations

import json
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import TODAY
from kb.build import owned, render, write, write_atomically
from kb.catalog import CATALOG, utc_today
from kb.context import Context
from kb.sitebuild import mkdocs_build
from kb.templating import relative


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


def test_model_page_shows_its_licence_and_provider(real_site, real_catalog):
    for entry in real_catalog.of("model"):
        model = entry.data
        page = real_site / "models" / f"{model['id']}.html"
        html = page.read_text(encoding="utf-8")
        assert f"../licenses/{model['license']}.html" in hrefs(page), model["id"]
        assert f"../providers/{model['provider']}.html" in hrefs(page), model["id"]
        licence = real_catalog.by_id("license")[model["license"]]
        assert licence["name"].replace("&", "&amp;") in html, model["id"]


def test_licence_page_lists_its_models(real_site, real_catalog):
    for entry in real_catalog.of("license"):
        page = real_site / "licenses" / f"{entry.id}.html"
        links = hrefs(page)
        models = [m for m in real_catalog.of("model") if m.data["license"] == entry.id]
        assert f"Models under this licence ({len(models)})" in page.read_text(encoding="utf-8"), entry.id
        for m in models:
            assert f"../models/{m.id}.html" in links, entry.id


def test_every_internal_link_resolves(real_site):
    broken = []
    for page in real_site.rglob("*.html"):
        if page.name == "404.html":  # MkDocs writes it with root-absolute links on purpose
            continue
        for href in hrefs(page):
            if re.match(r"^[a-z]+:|^#|^//", href):
                continue
            target = (page.parent / href.split("#")[0].split("?")[0]).resolve()
            if href.split("#")[0] and not target.exists():
                broken.append(f"{page.relative_to(real_site)} -> {href}")
    assert broken == []


def test_the_models_table_page_holds_one_page_of_rows_and_links_the_full_list(example_site, example_catalog):
    """What a reader without scripts, or a search engine, gets: the first rows of the table
    and a link to a plain list that links every model (left out of the site search)."""
    from kb.models_table import PAGE_ROWS

    table = (example_site / "models" / "index.html").read_text(encoding="utf-8")
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == min(PAGE_ROWS, len(example_catalog.of("model")))
    assert "all.html" in hrefs(example_site / "models" / "index.html")
    listed = hrefs(example_site / "models" / "all.html")
    assert {f"{e.id}.html" for e in example_catalog.of("model")} <= set(listed)
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("models/all.html")]


def test_entry_pages_stay_out_of_the_navigation(example_site, example_catalog):
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert "models/index.html" in home
    some_model = example_catalog.of("model")[0].id
    assert f"models/{some_model}.html" not in home


def test_search_index_finds_a_model_by_name_provider_and_licence(example_site, example_catalog):
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    model = example_catalog.by_id("model")["demo-open-32b-instruct"]
    docs = [d for d in index["docs"] if d["location"].startswith("models/demo-open-32b-instruct.html")]
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert model["name"] in text
    assert example_catalog.by_id("provider")[model["provider"]]["name"] in text
    assert example_catalog.by_id("license")[model["license"]]["name"] in text


def test_exports_match_the_catalog(real_site, real_catalog):
    models = json.loads((real_site / "api" / "models.json").read_text(encoding="utf-8"))
    assert sorted(m["id"] for m in models) == sorted(e.id for e in real_catalog.of("model"))
    assert all("openness_level" in m["derived"] for m in models)
    rows = (real_site / "api" / "models.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(models) + 1
    everything = json.loads((real_site / "api" / "catalog.json").read_text(encoding="utf-8"))
    assert len(everything["licenses"]) == len(real_catalog.of("license"))
    assert (real_site / "api" / "schemas" / "model.schema.json").is_file()


def test_no_external_scripts_or_styles(real_site):
    for page in [real_site / "index.html", real_site / "models" / "index.html"]:
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


def test_the_build_hook_only_saves_time(example_site, tmp_path):
    """mkdocs_hooks.py skips Markdown for generated pages: the site must be byte-identical
    to a build without the hook (as an engine that runs no MkDocs hooks would build it)."""
    built = mkdocs_build(example_site.parent / "docs", tmp_path / "site", tmp_path, hooks=False, strict=False)
    assert built.returncode == 0, built.stdout + built.stderr
    with_hook = {p.relative_to(example_site): p.read_bytes() for p in example_site.rglob("*") if p.is_file()}
    without = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert with_hook.keys() == without.keys()
    different = sorted(str(path) for path in with_hook if with_hook[path] != without[path])
    assert different == [], f"{len(different)} files differ, e.g. {different[:5]}"
    assert (example_site / "models" / "demo-open-32b-instruct.html").is_file()


def test_the_build_hook_takes_every_generated_page_and_nothing_else(real_site):
    import mkdocs_hooks

    docs = real_site.parent / "docs"
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


@pytest.mark.parametrize("page", ["index.md", "faq.md", "models/index.md", "models/example-closed-pro.md", "compare/a.md", "api/x/y.md"])
@pytest.mark.parametrize("target", ["models/example-closed-pro.html", "licenses/mit.html", "index.html", "api/x/z.json", "faq.html"])
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
    assert "Maker&#39;s API: " in outputs["models/acme-pro.md"]  # labels come from the schema's x-labels
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


def test_the_strict_build_fails_on_a_warning(real_site, tmp_path):
    """The real site builds strict (the real_site fixture); one broken link in a guide makes it fail."""
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(real_site.parent / "docs", docs)
    glossary = docs / "guides" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nSee [a page that is not there](nowhere.md).\n", encoding="utf-8")
    built = mkdocs_build(docs, tmp_path / "site", tmp_path)
    assert built.returncode != 0 and "nowhere.md" in built.stdout + built.stderr


def test_a_page_the_templates_cannot_render_is_a_problem_of_the_entry_it_shows(mini, monkeypatch, tmp_path, capsys):
    """A template failure names the entry file and the template, writes nothing, and shows no
    traceback unless --debug asks for it."""
    import generate

    from kb import templating

    def unknown(*_: object) -> str:
        raise KeyError("a value the templates do not know")

    monkeypatch.setattr(Context, "shown", unknown)  # called by the model page's template
    result, outputs = render(mini.root, TODAY)
    assert outputs == {} and len(result.errors) == 1
    problem = result.errors[0]
    assert re.fullmatch(r".*models/[^/]+/[^/]+\.yaml", problem.path), problem.path
    assert "could not render models/" in problem.message and "model.html" in problem.message and "KeyError" in problem.message
    assert "--debug" in problem.hint
    with pytest.raises(templating.PageError) as raised:
        render(mini.root, TODAY, debug=True)
    assert isinstance(raised.value.__cause__, KeyError)
    docs = tmp_path / "docs"
    assert generate.main(["--catalog", str(mini.root), "--docs", str(docs)]) == 1
    printed = capsys.readouterr().err
    assert "model.html" in printed and "Traceback" not in printed and not docs.exists()


def test_an_atomic_write_replaces_the_file_and_leaves_nothing_beside_it(tmp_path):
    page = tmp_path / "page.md"
    page.write_bytes(b"old text")
    with page.open("rb") as reader:  # a reader that opened the file before the write
        write_atomically(page, b"new text")
        assert reader.read() == b"old text"  # it still reads the whole old file: nothing was written into it
    assert page.read_bytes() == b"new text"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]
    umask = os.umask(0)
    os.umask(umask)
    assert page.stat().st_mode & 0o777 == 0o666 & ~umask  # like any written file, not private like mkstemp's


def test_a_failed_atomic_write_leaves_no_temporary_file(tmp_path):
    (tmp_path / "page.md").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(IsADirectoryError):
        write_atomically(tmp_path / "page.md", b"text")
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "missing" / "page.md", b"text")
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_the_generator_replaces_pages_instead_of_writing_into_them(mini, tmp_path):
    docs = tmp_path / "docs"
    _, outputs = render(mini.root, TODAY)
    write(outputs, docs)
    page = docs / "models" / "acme-pro.md"
    old = page.read_bytes()
    mini.change("model", "acme-pro", name="Acme Pro 2")
    _, changed = render(mini.root, TODAY)
    with page.open("rb") as reader:
        assert "models/acme-pro.md" in write(changed, docs)[0]
        assert reader.read() == old
    assert "Acme Pro 2" in page.read_text(encoding="utf-8")
    assert not [p for p in docs.rglob(".*")]  # no temporary file left behind


def test_a_field_declared_only_in_the_schema_is_shown_where_its_x_show_says(mini):
    """A new model field with x-show, x-label and x-unit reaches the model page's facts, the
    comparison rows (curated pages and the browser's compare view alike) and the CSV, with no
    Python edit; a field without x-show appears in none of them."""
    path = mini.root / "schemas" / "model.schema.json"
    field = (
        '"training_tokens_t": {"type": "number", "x-label": "Training tokens", "x-unit": "trillion", '
        '"x-show": ["facts", "compare", "csv"], "description": "Tokens seen in training, in trillions."},\n'
        '    "hidden_note": {"type": "string", "description": "Not shown anywhere."},\n'
    )
    path.write_text(path.read_text(encoding="utf-8").replace('  "properties": {\n', '  "properties": {\n    ' + field, 1), encoding="utf-8")
    mini.change("model", "acme-pro", training_tokens_t=15.5, hidden_note="kept out of the pages")
    result, outputs = render(mini.root, TODAY)
    assert result.ok, [p.message for p in result.errors]
    assert "<tr><th>Training tokens</th><td>15.5 trillion</td></tr>" in outputs["models/acme-pro.md"]
    record = next(m for m in json.loads(outputs["api/models.json"]) if m["id"] == "acme-pro")
    assert {"label": "Training tokens (trillion)", "value": "15.5"} in record["derived"]["compare"]
    header, *rows = outputs["api/models.csv"].splitlines()
    columns = header.split(",")
    row = next(r.split(",") for r in rows if r.startswith("acme-pro,"))
    assert row[columns.index("training_tokens_t")] == "15.5"
    assert not any("kept out of the pages" in text for name, text in outputs.items() if name.endswith((".md", ".csv")))
    assert "hidden_note" not in columns
