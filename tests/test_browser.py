"""The built site in a real browser: search finds a model and opens its page."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import browser, serve
from kb.catalog import CATALOG
from kb.sitebuild import mkdocs_build, prepare_docs

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("browser-site")
    result, docs = prepare_docs(CATALOG, work)
    assert result.ok
    built = mkdocs_build(docs, work / "site", work)
    assert built.returncode == 0, built.stderr
    with serve(work / "site") as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    yield tab
    context.close()
    assert errors == [], errors


def test_search_finds_a_model_and_opens_its_page(site_url, page):
    page.goto(f"{site_url}/index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("Llama 3.1 405B")
    result = page.locator(".md-search-result__link").filter(has_text="Llama 3.1 405B Instruct").first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url("**/models/llama-3.1-405b-instruct.html*")
    assert page.locator("h1").first.inner_text() == "Llama 3.1 405B Instruct"
    assert page.locator("a", has_text="Llama 3.1 Community License").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "model-page-desktop.png"), full_page=False)


@pytest.mark.parametrize("term", ["Meta", "Apache License"])
def test_search_by_provider_and_licence(site_url, page, term):
    page.goto(f"{site_url}/index.html")
    page.locator(".md-search__input").first.click()
    page.locator("input.md-search__input").fill(term)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
