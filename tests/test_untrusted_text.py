"""Contributor text is untrusted: it reaches the built site as inert text, never as markup or script.

A small catalog gets script and attribute-injection payloads in every text field (while staying
schema-valid: URLs stay https, names stay on one line), then the pages are generated and the
site is built with MkDocs exactly as `make site` does. The built HTML must hold no live script,
no event-handler attribute and no javascript: link, and must still show the text, escaped.
Checking and building must never change a catalog file, and must write only into their output.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import kb.build
from conftest import REPO, TODAY, MiniCatalog, run_script, write_yaml
from kb.build import render
from kb.sitebuild import mkdocs_build, prepare_docs
from kb.validate import validate

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ATTR = '" onmouseover="alert(1)'
HTML_PAYLOAD = f"{SCRIPT} {IMG} {ATTR}"  # fits a one-line name (at most 120 characters)
FORMULA = '=HYPERLINK("https://evil.example.org","x")'
MD_LINK = "[x](javascript:alert(1))"
BARE = "javascript:alert(2)"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


def name(prefix: str) -> str:
    return f"{prefix} {HTML_PAYLOAD}"


TITLED_LINK = f'[card](https://example.org/card "{IMG}")'  # a Markdown link title holding HTML


def plant_in_vocabularies(mini: MiniCatalog) -> None:
    """Payloads in every label and description of every vocabulary (they become title attributes)."""
    for path in sorted((mini.root / "vocabulary").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        terms = [t for section in data.values() for t in section.values()] if path.stem == "license-tags" else list(data.values())
        for term in terms:
            term["label"] = f"{term['label']} {SCRIPT} {IMG}"[:120]
            term["description"] = f"{term['description']} {HTML_PAYLOAD}"
        write_yaml(path, data)


def fill(mini: MiniCatalog, markdown_extra: str = "", line_extra: str = "") -> None:
    """Payloads in every text field of every entry and every vocabulary string;
    markdown_extra/line_extra add more to prose."""
    plant_in_vocabularies(mini)
    prose = f"Plain words. {HTML_PAYLOAD} {TITLED_LINK}{markdown_extra}"
    line = f"{HTML_PAYLOAD}{line_extra}"
    grade = {"status": "partial", "evidence": "https://example.org/evidence", "note": line}
    mini.change("provider", "acme", name=name("Acme"), summary=prose)
    mini.change("provider", "openlab", name=name("Open Lab"), summary=prose)
    for licence in ("apache-2.0", "acme-community", "acme-terms"):
        mini.change("license", licence, name=name(licence), summary=prose, governing_law=line)
    mini.change(
        "model",
        "acme-open-70b",
        name=name("Acme Open"),
        family=name("Family"),
        summary=prose,
        openness={"weights": grade, "training_code": dict(grade, status="closed")},
        availability=[{"channel": "weights", "vendor": name("Vendor"), "url": "https://huggingface.co/acme/open-70b"}],
    )
    mini.change(
        "model",
        "acme-pro",
        name=FORMULA,
        summary=prose,
        pricing={"input_usd_per_mtok": 3, "output_usd_per_mtok": 15, "as_of": "2026-11-01", "note": line},
    )
    mini.change("model", "lab-7b", name=name("Lab"), summary=prose, last_verified="2025-01-01")  # stale: flagged in tables
    mini.change(
        "deployment",
        "managed-api",
        name=name("Managed"),
        summary=prose,
        pros=[line],
        cons=[line],
        best_for=[line],
        avoid_when=[line],
        examples=[{"name": name("Example"), "url": "https://example.org/x"}],
    )
    mini.change(
        "comparison", "open-vs-closed", title=name("Compare"), summary=prose, takeaways=[line], licenses=["apache-2.0", "acme-community"]
    )
    faq = {
        "questions": [
            {
                "id": "what-is-open",
                "question": f"{HTML_PAYLOAD}?",
                "answer": prose,
                "related": ["lab-7b", "apache-2.0", "acme"],
                "last_verified": "2026-11-01",
            }
        ]
    }
    write_yaml(mini.root / "faq.yaml", faq)
    plant_in_scores(mini, prose, line)


def plant_in_scores(mini: MiniCatalog, prose: str, line: str) -> None:
    """An evaluation and an independent score set with payloads in their text: the frontier page
    draws them into its chart, the home page names the evaluation, the decide form ranks by it."""
    evaluation = {
        "id": "test-index",
        "name": name("Index"),
        "kind": "aggregate-index",
        "summary": prose,
        "evaluator": name("Lab"),
        "url": "https://lab.example.org/index",
        "scale": {"min": 0, "max": 100, "unit": name("points")},
        "higher_is_better": True,
        "published_gaps": [{"months": 3, "from": "2025-01-01", "to": "2025-12-31", "source": "https://lab.example.org/gap"}],
        "sources": ["https://lab.example.org/index"],
        "last_verified": "2026-11-01",
    }
    scores = {
        "id": "test-index-v2",
        "evaluation": "test-index",
        "version": name("v2"),
        "as_of": "2026-11-01",
        "self_reported": False,
        "source": "https://lab.example.org/data.csv",
        "note": line,
        "results": [{"model": "acme-pro", "value": 60}, {"model": "acme-open-70b", "value": 40}, {"model": "lab-7b", "value": 20}],
        "last_verified": "2026-11-01",
    }
    write_yaml(mini.root / "evaluations" / "test-index.yaml", evaluation)
    write_yaml(mini.root / "scores" / "test-index-v2.yaml", scores)


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


class Inspector(HTMLParser):
    """Collects what a browser would treat as live: script bodies, handler attributes, link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for attr, value in attrs:
            if attr.startswith("on"):
                self.handlers.append(f"<{tag} {attr}={value!r}>")
            if attr in ("href", "src", "action", "formaction", "xlink:href") and value:
                self.links.append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_inert(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(site).as_posix()
        lowered = text.lower()
        if "<script>alert" in lowered or "<img src=x" in lowered:
            problems.append(f"{where}: a raw payload tag")
        if 'href="javascript:' in lowered or "href='javascript:" in lowered:
            problems.append(f"{where}: a javascript: href")
        inspector = Inspector()
        inspector.feed(text)
        problems += [f"{where}: handler {h}" for h in inspector.handlers if "alert" in h or "onmouseover" in h or "onerror" in h]
        problems += [f"{where}: link {u!r}" for u in inspector.links if u.strip().lower().startswith(("javascript:", "vbscript:", "data:"))]
        problems += [f"{where}: script {s[:80]!r}" for s in inspector.scripts if "alert(" in s]
        if inspector.tags.count("img") and any("onerror" in h for h in inspector.handlers):
            problems.append(f"{where}: an img with onerror")
    assert problems == []


def build(mini: MiniCatalog, work: Path) -> Path:
    result, docs = prepare_docs(mini.root, work, TODAY)
    assert result.ok, [f"{p.path}:{p.line}: {p.message}" for p in result.errors]
    built = mkdocs_build(docs, work / "site", work, strict=False)  # the guides link to real entries
    assert built.returncode == 0, built.stdout + built.stderr
    return work / "site"


@pytest.fixture(scope="module")
def html_site(tmp_path_factory) -> tuple[MiniCatalog, Path, dict[str, str]]:
    """HTML payloads everywhere: the catalog is valid, so the real pipeline builds it."""
    work = tmp_path_factory.mktemp("untrusted")
    mini = MiniCatalog(work / "catalog")
    fill(mini)
    before = digest(mini.root)
    site = build(mini, work)
    return mini, site, before


@pytest.fixture(scope="module")
def link_site(tmp_path_factory) -> tuple[MiniCatalog, Path, list[str]]:
    """Script links too: the validator refuses them, and even past it the pages stay inert."""
    work = tmp_path_factory.mktemp("untrusted-links")
    mini = MiniCatalog(work / "catalog")
    fill(mini, markdown_extra=f"\n\nSee {MD_LINK} and <{BARE}> or {BARE}.", line_extra=f" {MD_LINK} {BARE}")
    result, _ = validate(mini.root, today=TODAY)
    messages = sorted({p.message for p in result.errors})
    real_validate = kb.build.validate

    def lenient(root, paths=None, today=None, **options):  # defence in depth: pretend the link rule missed them
        checked, catalog = real_validate(root, paths, today, **options)
        checked.problems = [p for p in checked.problems if "is not an https link" not in p.message]
        return checked, catalog

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kb.build, "validate", lenient)
        site = build(mini, work)
    return mini, site, messages


def test_html_payloads_pass_the_validator_as_plain_text(html_site):
    mini, _, _ = html_site
    assert mini.validate().ok


def test_built_site_has_no_live_markup_from_html_payloads(html_site):
    assert_inert(html_site[1])


def test_payload_text_is_still_shown_escaped(html_site):
    _, site, _ = html_site
    for page in ("models/acme-open-70b.html", "licenses/apache-2.0.html", "providers/acme.html", "deployments/managed-api.html"):
        text = (site / page).read_text(encoding="utf-8")
        for escaped in ESCAPED:
            assert escaped in text, (page, escaped)
        assert "&quot; onmouseover=&quot;alert(1)" in text  # escaped where it could close an attribute
        inspector = Inspector()
        inspector.feed(text)
        assert not [h for h in inspector.handlers if "alert" in h], page  # and it opened none
    faq = (site / "faq.html").read_text(encoding="utf-8")
    assert ESCAPED[0] in faq and "?" in faq
    compare = (site / "compare" / "open-vs-closed.html").read_text(encoding="utf-8")
    assert compare.count(ESCAPED[1]) >= 3  # title, summary, takeaways


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        (
            "frontier.html",
            [
                '<title id="kb-frontier-test-index-title">Index &lt;script&gt;',  # the chart's title
                "(points &lt;script&gt;",  # the chart's axis
                "<strong>v2 &lt;script&gt;",  # the score set's version
                'rel="noopener noreferrer nofollow">Lab &lt;script&gt;',  # the evaluator
                "</a>. &lt;script&gt;",  # the note
                "<th>Published by Lab &lt;script&gt;",  # a table heading
            ],
        ),
        ("coverage.html", ['providers/acme.html">Acme &lt;script&gt;', 'models/lab-7b.html">Lab &lt;script&gt;']),
        ("index.html", ["months today on the Index &lt;script&gt;"]),
        ("compare/index.html", ['open-vs-closed.html">Compare &lt;script&gt;']),
    ],
)
def test_pages_drawn_from_templates_show_payloads_escaped(html_site, page, shown):
    _, site, _ = html_site
    text = (site / page).read_text(encoding="utf-8")
    assert [s for s in shown if s not in text] == [], page
    inspector = Inspector()
    inspector.feed(text)
    assert not [h for h in inspector.handlers if "alert" in h], page


def test_payloads_in_data_attributes_stay_inside_them(html_site):
    """The decide form carries the ranking score set's version in a data attribute for its script."""
    _, site, _ = html_site
    text = (site / "decide.html").read_text(encoding="utf-8")
    assert 'data-rank-version="v2 &lt;script&gt;alert(1)&lt;/script&gt;' in text
    inspector = Inspector()
    inspector.feed(text)
    assert not [h for h in inspector.handlers if "alert" in h]


def test_page_metadata_is_escaped(html_site):
    """Themes print the description and title meta without escaping; the generator must have."""
    _, site, _ = html_site
    head = (site / "models" / "acme-open-70b.html").read_text(encoding="utf-8").split("</head>")[0]
    assert "<script>alert" not in head and "<img" not in head
    assert ESCAPED[0] in head


def test_link_titles_never_reach_an_attribute(html_site):
    """A Markdown title becomes no title attribute: themes render titles as tooltip HTML."""
    _, site, _ = html_site
    text = (site / "models" / "acme-open-70b.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/card"' in text
    assert 'title="&lt;img' not in text and 'title="<img' not in text


def test_vocabulary_payloads_are_escaped_in_title_attributes(html_site):
    _, site, _ = html_site
    text = (site / "licenses" / "index.html").read_text(encoding="utf-8")
    assert 'title="The model (or service) may be used for commercial purposes. &lt;script&gt;' in text


def test_spreadsheet_formulas_are_defused_in_the_csv_export(html_site):
    _, site, _ = html_site
    rows = list(csv.reader(io.StringIO((site / "api" / "models.csv").read_text(encoding="utf-8"))))
    cells = [c for row in rows[1:] for c in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    models = json.loads((site / "api" / "models.json").read_text(encoding="utf-8"))
    assert FORMULA in [m["name"] for m in models]  # the JSON keeps the exact text


def test_script_links_are_refused_by_the_validator(link_site):
    _, _, messages = link_site
    assert messages and all("is not an https link" in m for m in messages)
    assert any("javascript:alert(1" in m for m in messages) and any(m.split("'")[1][:11] == "javascript:" for m in messages)


def test_script_links_stay_dead_even_past_the_validator(link_site):
    _, site, _ = link_site
    assert_inert(site)
    text = (site / "models" / "acme-open-70b.html").read_text(encoding="utf-8")
    assert "javascript:alert" in text  # shown as text, not as a link


def test_building_never_changes_the_catalog(html_site):
    mini, _, before = html_site
    assert digest(mini.root) == before


def test_validating_never_changes_the_catalog(tmp_path):
    mini = MiniCatalog(tmp_path / "catalog")
    fill(mini)
    mini.write_text("providers/broken.yaml", "id: broken\nname: [\n")
    before = digest(mini.root)
    validate(mini.root, today=TODAY)
    validate(mini.root, [mini.root / "providers" / "broken.yaml"], today=TODAY)
    run = run_script("validate.py", "--catalog", str(mini.root), timeout=60)
    assert run.returncode == 1 and "broken.yaml" in run.stdout
    assert digest(mini.root) == before


def test_the_generator_writes_only_into_its_output_folder(tmp_path):
    mini = MiniCatalog(tmp_path / "catalog")
    fill(mini)
    out = tmp_path / "out" / "docs"
    before = digest(tmp_path)
    run = run_script(
        "generate.py",
        "--catalog",
        str(mini.root),
        "--docs",
        str(out),
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    after = digest(tmp_path)
    outside = {k: v for k, v in after.items() if not k.startswith("out/docs/")}
    assert outside == before  # nothing outside out/docs was created or changed
    written = [k for k in after if k.startswith("out/docs/")]
    assert "out/docs/models/acme-open-70b.md" in written and len(written) > 10
    # and nothing leaked into the project's own docs/ (this catalog's ids exist nowhere else)
    assert not (REPO / "docs" / "models" / "acme-open-70b.md").exists()


def test_render_is_pure(tmp_path):
    """kb.build.render returns text and writes nothing at all."""
    mini = MiniCatalog(tmp_path / "catalog")
    fill(mini)
    before = digest(tmp_path)
    result, outputs = render(mini.root, TODAY)
    assert result.ok and outputs
    assert digest(tmp_path) == before
    assert all(not k.startswith(("/", "..")) and "/../" not in k for k in outputs)


LIVE_PAYLOADS = """() => ({
  handlers: document.querySelectorAll('[onmouseover], [onerror], [onclick], [onload]').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('alert(')).length,
  images: document.querySelectorAll('img[src="x"]').length,
})"""


@pytest.mark.parametrize(
    ("page_path", "ready"),
    [
        ("compare/index.html?models=acme-open-70b,acme-pro,lab-7b", "#kb-compare-table"),
        ("decide.html?commercial=1&onprem=1", "#kb-out"),
        ("models/index.html?q=acme", "#kb-models[data-ready]"),
        ("models/acme-open-70b.html", "h1"),
        ("licenses/index.html", "h1"),
        ("licenses/apache-2.0.html", "h1"),
        ("compare/open-vs-closed.html", "h1"),
        ("deployments/index.html", "h1"),
        ("deployments/managed-api.html", "h1"),
        ("providers/acme.html", "h1"),
        ("faq.html", "h1"),
        ("frontier.html", "h1"),
        ("coverage.html", "h1"),
        ("index.html", "h1"),
    ],
)
def test_pages_keep_payloads_inert_when_every_element_is_hovered(html_site, page_path, ready):
    """Every page template, with payloads in every text field and vocabulary string: hovering
    each titled element (as a reader does, which is when tooltips are made) and then every
    other element runs nothing. Compare and decide build their HTML in the browser from the
    exports, so payloads must stay text there too."""
    from browser import browser, serve

    _, site, _ = html_site
    with serve(site) as url, browser() as chromium:
        tab = chromium.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(f"{url}/{page_path}")
        tab.wait_for_selector(ready, state="attached")
        titled = tab.locator(".md-content [title]")
        for index in range(min(titled.count(), 40)):
            element = titled.nth(index)
            if element.is_visible():
                element.hover(timeout=2000, force=True)
        tab.evaluate("() => document.querySelectorAll('*').forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
        assert tab.evaluate(LIVE_PAYLOADS) == {"handlers": 0, "scripts": 0, "images": 0}
        assert dialogs == []
        assert "<script>alert(1)</script>" in tab.locator("body").inner_text()  # shown, as text
        assert tab.locator(".md-tooltip, .md-tooltip2").count() == 0  # no theme tooltips built from titles


SERVER_AND_SCRIPT_ROWS = """async () => {
  const html = await (await fetch(location.href)).text();
  const served = new DOMParser().parseFromString(html, 'text/html');
  const rows = root => [...root.querySelectorAll('#kb-models tbody tr')].map(row => row.outerHTML);
  return [rows(served), rows(document)];
}"""


def test_the_table_script_draws_the_pages_own_rows_with_payloads_as_text(html_site):
    """The models table's script draws its rows from api/models-table.json: each row must be the
    one the page itself carries (stale flag included), and names must show as text."""
    from browser import browser, serve

    mini, site, _ = html_site
    with serve(site) as url, browser() as chromium:
        tab = chromium.new_page()
        tab.goto(f"{url}/models/index.html")
        tab.wait_for_selector("#kb-models[data-ready]", state="attached")
        tab.locator("th[data-key=name] button").click()  # sorted by name, as the page is: drawn by the script
        served, drawn = tab.evaluate(SERVER_AND_SCRIPT_ROWS)
        assert tab.locator("th[data-key=name]").get_attribute("aria-sort") == "ascending"
        assert len(drawn) == len(mini.data["model"]) and drawn == served
        names = tab.locator("#kb-models tbody tr td:nth-child(2) a").all_inner_texts()
        assert name("Lab") in names and name("Acme Open") in names and FORMULA in names
        assert tab.locator("#kb-models .kb-stale").count() == 1
        assert tab.evaluate(LIVE_PAYLOADS) == {"handlers": 0, "scripts": 0, "images": 0}
