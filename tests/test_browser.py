"""The built site in a real browser. Tests of the pages' behaviour run on the example catalog's
site (tests/fixtures/README.md says what each entry is for); the smoke and accessibility checks
of every page template run on the real catalog's site, with entries picked, never named."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import browser, serve
from kb.catalog import Catalog

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def site_url(example_site):
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="module")
def real_site_url(real_site):
    with serve(real_site) as url:
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
    # a request cut short because the reader moved on (instant navigation) is not a failure
    tab.on(
        "requestfailed",
        lambda request: (
            None if "ERR_ABORTED" in (request.failure or "") else errors.append(f"request failed: {request.url} ({request.failure})")
        ),
    )
    yield tab
    context.close()
    assert errors == [], errors


@pytest.fixture(scope="module")
def catalog(example_catalog):
    """The catalog site_url is built from."""
    return example_catalog


def open_more_filters(page):
    """As a reader does: unfold "More filters" before using one of them."""
    details = page.locator("details.kb-more-filters")
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()


def open_table(page, url):
    """Open the models table and wait, as a reader does, until it has loaded every model."""
    page.goto(url)
    page.wait_for_selector("#kb-models[data-ready]", state="attached")


def table_rows(page):
    return page.locator("#kb-models tbody tr")


def column(page, key):
    """The text a reader sees in one column of the table, top to bottom (a link's text where the cell has one)."""
    script = """(table, key) => {
      const index = [...table.tHead.rows[0].cells].findIndex(th => th.dataset.key === key);
      return [...table.tBodies[0].rows].map(row => (row.cells[index].querySelector('a') || row.cells[index]).innerText.trim());
    }"""
    return page.locator("#kb-models").evaluate(script, key)


def figure(text):
    """A number as the table shows it ("1,234", "$2.5"), or None for a dash."""
    return None if text == "—" else float(text.lstrip("$").replace(",", ""))


def reasons(item_text: str) -> list[str]:
    """The reasons the decision helper gives for excluding a model, after the model's name."""
    return item_text.split(" — ", 1)[1].split("; ")


def newest_independent_sets(catalog: Catalog) -> dict[str, dict]:
    """evaluation -> its newest set of independently measured scores (self-reported sets rank nothing)."""
    newest: dict[str, dict] = {}
    for scores in catalog.of("scores"):
        data = scores.data
        if not data["self_reported"] and data["as_of"] > newest.get(data["evaluation"], {}).get("as_of", ""):
            newest[data["evaluation"]] = data
    return newest


def test_filter_and_sort_the_models_table(site_url, page, catalog):
    open_table(page, f"{site_url}/models/index.html")
    page.select_option("select[name=open]", "no")
    closed = [e for e in catalog.of("model") if not e.data["open_weights"]]
    assert table_rows(page).count() == min(len(closed), 100)
    assert page.locator("#kb-shown").inner_text() == str(len(closed))
    assert set(column(page, "open")) == {"No"}
    page.select_option("select[name=open]", "yes")
    page.locator("th[data-key=params] button").click()
    page.locator("th[data-key=params] button").click()
    params = [figure(text) for text in column(page, "params")]
    known = [p for p in params if p is not None]
    assert known == sorted(known, reverse=True) and len(known) > 10
    assert all(p is None for p in params[len(known) :]), "models without a parameter count sort last"
    assert "open=yes" in page.url and "sort=params" in page.url and "dir=desc" in page.url


@pytest.mark.parametrize(
    ("field", "typed", "value", "attribute"),
    [("cmin", "128k", 128000, "context"), ("cmin", "1M", 1e6, "context"), ("pmin", "70B", 70, "params"), ("omax", "2,5", 2.5, "pout")],
)
def test_number_filters_take_the_forms_people_write(site_url, page, catalog, field, typed, value, attribute):
    open_table(page, f"{site_url}/models/index.html")
    open_more_filters(page)
    page.locator(f"input[name={field}]").press_sequentially(typed)
    source = {"context": "context_window", "params": "parameters_b", "pout": None}[attribute]
    if source:
        expected = sum(1 for e in catalog.of("model") if e.data.get(source) is not None and e.data[source] >= value)
    else:
        expected = sum(1 for e in catalog.of("model") if "pricing" in e.data and e.data["pricing"]["output_usd_per_mtok"] <= value)
    assert page.locator("#kb-shown").inner_text() == str(expected) and expected > 0


def test_osi_filter_and_price_sort(site_url, page, catalog):
    open_table(page, f"{site_url}/models/index.html?osi=yes")
    licences = catalog.by_id("license")
    expected = sum(1 for e in catalog.of("model") if licences[e.data["license"]]["osi_approved"])
    assert page.locator("#kb-shown").inner_text() == str(expected)
    open_table(page, f"{site_url}/models/index.html?open=no")
    page.locator("th[data-key=pout] button").click()
    prices = [p for p in map(figure, column(page, "pout")) if p is not None]
    closed_prices = sorted(
        e.data["pricing"]["output_usd_per_mtok"] for e in catalog.of("model") if not e.data["open_weights"] and "pricing" in e.data
    )
    assert prices == closed_prices and len(closed_prices) > 3  # by number: 0.6 < 2.5 < 10
    cheapest = min(
        (e.data for e in catalog.of("model") if not e.data["open_weights"] and "pricing" in e.data),
        key=lambda m: m["pricing"]["output_usd_per_mtok"],
    )
    assert prices[0] == cheapest["pricing"]["output_usd_per_mtok"]


def test_capability_column_sorts_by_the_headline_independent_score(site_url, page, catalog):
    """The column shows the evaluation that scores the most models (its newest independent set)."""
    newest: dict[str, dict] = {}
    for scores in catalog.of("scores"):
        data = scores.data
        if not data["self_reported"] and data["as_of"] > newest.get(data["evaluation"], {}).get("as_of", ""):
            newest[data["evaluation"]] = data
    headline = max(newest.values(), key=lambda s: (len(s["results"]), s["as_of"], s["id"]))
    best = max(headline["results"], key=lambda r: r["value"])
    open_table(page, f"{site_url}/models/index.html?sort=cap&dir=desc")
    assert column(page, "cap")[0] == f"{best['value']:g}"  # the best score leads
    tied = {catalog.by_id("model")[r["model"]]["name"] for r in headline["results"] if r["value"] == best["value"]}
    assert column(page, "name")[0] in tied
    assert page.locator("th[data-key=cap]").get_attribute("aria-sort") == "descending"


def test_long_results_are_shown_a_page_at_a_time(site_url, page, catalog):
    total = len(catalog.of("model"))
    assert total > 100, "the example catalog fills more than one page"
    open_table(page, f"{site_url}/models/index.html")
    assert page.locator("#kb-shown").inner_text() == str(total)
    assert table_rows(page).count() == min(total, 100)
    more = page.locator("#kb-more")
    assert more.is_visible() == (total > 100)
    while more.is_visible():
        more.click()
    assert table_rows(page).count() == total
    assert sorted(column(page, "name")) == sorted(e.data["name"] for e in catalog.of("model"))
    page.select_option("select[name=open]", "no")
    assert not more.is_visible()


def models_past_the_first_page(page, catalog):
    """Models the page's own rows leave out (found by their names in the table as first shown)."""
    first_page = set(column(page, "name"))
    return [e.data for e in catalog.of("model") if e.data["name"] not in first_page]


def test_the_table_reaches_models_past_the_first_page(site_url, page, catalog):
    """The page carries only the first rows; once loaded, the search box finds any other model."""
    open_table(page, f"{site_url}/models/index.html")
    later = models_past_the_first_page(page, catalog)
    assert later, "the catalog has more models than one page of the table"
    model = later[-1]
    page.locator("input[name=q]").press_sequentially(model["name"])
    assert model["name"] in column(page, "name")
    page.locator("#kb-models").get_by_role("link", name=model["name"], exact=True).click()
    page.wait_for_url(f"**/models/{model['id']}.html")
    assert page.locator("h1").inner_text() == model["name"]


def test_without_scripts_the_full_list_reaches_every_model(site_url, chromium, catalog):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/models/index.html")
    total = len(catalog.of("model"))
    assert table_rows(tab).count() == min(total, 100)
    later = models_past_the_first_page(tab, catalog)
    assert later
    tab.get_by_role("link", name=f"all {total} models").click()
    tab.wait_for_url("**/models/all.html")
    tab.get_by_role("link", name=later[-1]["name"], exact=True).click()
    tab.wait_for_url(f"**/models/{later[-1]['id']}.html")
    assert tab.locator("h1").inner_text() == later[-1]["name"]
    context.close()


def test_when_the_tables_data_cannot_load_the_page_says_so_and_keeps_its_rows(site_url, chromium, catalog):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/api/models-table.json", lambda route: route.abort())
    tab = context.new_page()
    tab.goto(f"{site_url}/models/index.html")
    message = tab.locator("#kb-table-message")
    message.wait_for()
    assert "Could not load the rest of the table" in message.inner_text()
    assert table_rows(tab).count() == min(len(catalog.of("model")), 100)
    first = table_rows(tab).first.locator("a").first
    name = first.inner_text()
    first.click()
    tab.wait_for_url("**/models/*.html")
    assert tab.locator("h1").inner_text() == name
    context.close()


def test_a_shared_url_gives_the_same_view(site_url, page, catalog):
    open_table(page, f"{site_url}/models/index.html?provider=example-labs&pmin=10&sort=released&dir=desc")
    expected = sorted(
        (e.data for e in catalog.of("model") if e.data["provider"] == "example-labs" and e.data.get("parameters_b", 0) >= 10),
        key=lambda m: m["release_date"],
        reverse=True,
    )
    assert column(page, "released") == [m["release_date"] for m in expected] and len(expected) > 1
    assert sorted(column(page, "name")) == sorted(m["name"] for m in expected)
    assert page.locator("select[name=provider]").input_value() == "example-labs"
    assert page.locator("details.kb-more-filters").evaluate("d => d.open")  # pmin is set: its fold is open
    assert page.locator("input[name=pmin]").input_value() == "10"
    assert page.locator("th[data-key=released]").get_attribute("aria-sort") == "descending"


def test_compare_three_models(site_url, page, catalog):
    ids = ["example-closed-pro", "example-open-70b", "sample-research-12b"]
    open_table(page, f"{site_url}/models/index.html")
    for model_id in ids:  # narrow the table to the model's maker (only the first 100 rows are in the page), then pick it
        page.select_option("select[name=provider]", catalog.by_id("model")[model_id]["provider"])
        page.locator(f"input.kb-pick[value='{model_id}']").check()
    page.locator("#kb-compare-selected").click()
    page.wait_for_selector("#kb-compare-table")
    headers = page.locator("#kb-compare-table thead th a").all_inner_texts()
    assert headers == [catalog.by_id("model")[i]["name"] for i in ids]
    row = page.locator("#kb-compare-table tr:has(th:text-is('Open weights'))")
    assert row.get_attribute("class") == "kb-row kb-differs"
    assert "models=" + "%2C".join(ids) in page.url or "models=" + ",".join(ids) in page.url
    page.locator("input[name=model]").fill(catalog.by_id("model")["demo-open-32b-instruct"]["name"])
    page.locator("#kb-compare form button[type=submit]").click()
    assert page.locator("#kb-compare-table thead th a").count() == 4
    page.locator("button[data-remove='example-closed-pro']").click()
    assert page.locator("#kb-compare-table thead th a").count() == 3
    assert "example-closed-pro" not in page.url


@pytest.mark.parametrize(
    ("typed", "model_id"),
    [
        ("Demo Open 32B", "demo-open-32b-instruct"),  # a unique prefix of the name
        ("sample r2", "sample-r2"),  # the exact name "Sample-R2", though "Sample R2 Lite" starts with it too
        ("EXAMPLE closed-Mini", "example-closed-mini"),
    ],
)
def test_compare_accepts_names_as_people_type_them(site_url, page, typed, model_id):
    page.goto(f"{site_url}/compare/index.html")
    page.wait_for_selector("#kb-compare[data-loaded]")
    page.locator("input[name=model]").fill(typed)
    page.locator("#kb-compare form button[type=submit]").click()
    assert page.locator(f"button[data-remove='{model_id}']").count() == 1, page.locator(".kb-message").inner_text()


def test_compare_says_when_a_name_is_ambiguous(site_url, page):
    page.goto(f"{site_url}/compare/index.html")
    page.wait_for_selector("#kb-compare[data-loaded]")
    page.locator("input[name=model]").fill("example open")
    page.locator("#kb-compare form button[type=submit]").click()
    assert "Several models match" in page.locator(".kb-message").inner_text()


def test_compare_rows_are_the_same_in_the_browser_and_on_curated_pages(site_url, page, catalog):
    """Both tables are drawn from one definition (kb/compare.py): same labels, same values."""
    comparison = next(c.data for c in catalog.of("comparison") if 2 <= len(c.data.get("models", [])) <= 4)

    def table_text(selector):
        return page.locator(f"{selector} tbody tr").evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")

    page.goto(f"{site_url}/compare/{comparison['id']}.html")
    curated = table_text("table.kb-compare")
    page.goto(f"{site_url}/compare/index.html?models={','.join(comparison['models'])}")
    page.wait_for_selector("#kb-compare-table")
    picked = table_text("#kb-compare-table")
    assert len(curated) > 20 and [row[0] for row in picked] == [row[0] for row in curated]
    assert picked == curated


def test_decision_helper_excludes_models_that_break_constraints(site_url, page, catalog):
    page.goto(f"{site_url}/decide.html?commercial=1&onprem=1&team=some")
    page.wait_for_selector("#kb-fit")
    fit = set(page.locator("#kb-fit li").evaluate_all("items => items.map(i => i.dataset.model)"))
    out = {li.get_attribute("data-model"): reasons(li.text_content()) for li in page.locator("#kb-out li").all()}
    assert out["example-closed-pro"] == [
        "no deployment option that meets your constraints can serve an API-only model",
        "closed: it cannot run on your own infrastructure",
    ]
    assert out["sample-research-12b"] == ["its licence does not grant commercial use"]
    assert "demo-open-32b-instruct" in fit and "example-closed-pro" not in fit
    closed = {e.id for e in catalog.of("model") if not e.data["open_weights"]}
    assert closed <= set(out)
    ranked = page.locator("#kb-ranked li")
    excluded = [li.get_attribute("data-deployment") for li in ranked.all() if "excluded" in li.inner_text()]
    assert "example-hosted-api" in excluded
    assert "excluded" not in ranked.first.inner_text()
    page.locator("input[name=users]").fill("800000000")
    capped = page.locator("#kb-out li[data-model='example-open-70b']").text_content()
    assert reasons(capped) == ["more than 700,000,000 monthly active users needs a separate licence"]
    assert "users=800000000" in page.url


def test_the_first_click_after_typing_in_the_models_filter_counts(site_url, page, catalog):
    """Type in the search box, then click a result's checkbox at once: the click must tick it
    (leaving the box used to redraw the table under the pointer and swallow the click)."""
    models = [e.data for e in catalog.of("model") if e.data["provider"] == "sample-ai"]
    open_table(page, f"{site_url}/models/index.html")
    page.locator("input[name=q]").press_sequentially("sample")
    box = page.locator(f"input.kb-pick[value='{models[0]['id']}']")
    box.click()
    assert box.is_checked()
    page.locator("input[name=q]").fill("")
    page.locator("input[name=q]").press_sequentially(models[-1]["name"])
    link = table_rows(page).first.locator("a").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/models/*.html")
    assert page.locator("h1").inner_text() == name


def test_the_first_click_after_typing_in_the_decision_helper_counts(site_url, page):
    page.goto(f"{site_url}/decide.html")
    page.wait_for_selector("#kb-fit li")
    page.locator("input[name=users]").press_sequentially("5000")
    first = page.locator("#kb-fit li a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/models/*.html")
    assert page.locator("h1").inner_text() == name


def test_decision_helper_respects_licence_territory(site_url, page, catalog):
    """An EU-based bank that needs commercial use on its own infrastructure: the licence of the
    multimodal example-open-vision-109b withholds its rights from EU organisations, so it must not
    be recommended; the text-only models under the same licence still fit. A licence that withholds
    its rights in the EU from all its models excludes every one of them."""
    page.goto(f"{site_url}/decide.html?commercial=1&onprem=1")
    page.wait_for_selector("#kb-fit li")
    page.select_option("select[name=based]", "EU")
    fit = set(page.locator("#kb-fit li").evaluate_all("items => items.map(i => i.dataset.model)"))
    out = {li.get_attribute("data-model"): reasons(li.text_content()) for li in page.locator("#kb-out li").all()}
    withheld = "its licence withholds its rights from organisations based in the European Union"
    assert "example-open-vision-109b" not in fit
    assert out["example-open-vision-109b"] == [withheld + " for models that take images, audio or video"]
    assert {"example-open-70b", "example-open-8b"} <= fit  # text only: the clause does not reach them
    regional = [e.id for e in catalog.of("model") if e.data["license"] == "example-regional"]
    assert len(regional) > 1 and all(out[i] == [withheld] for i in regional)
    assert "based=EU" in page.url


def test_decision_helper_fits_only_what_a_usable_option_can_serve_and_ranks_them(site_url, page, catalog):
    page.goto(f"{site_url}/decide.html?onprem=1&team=none")
    page.wait_for_selector("#kb-ranked li")
    assert all("excluded" in li.inner_text() for li in page.locator("#kb-ranked li").all())
    assert page.locator("#kb-fit li").count() == 0 and page.locator("#kb-fit-count").inner_text() == "0"
    assert "no deployment option that meets your constraints" in page.locator("#kb-out li").first.text_content()
    page.goto(f"{site_url}/decide.html")
    page.wait_for_selector("#kb-fit li")
    ranked = page.locator("#kb-fit li").evaluate_all("items => items.map(i => i.textContent)")
    scores = [float(text.rsplit("capability ", 1)[1]) for text in ranked if "capability " in text]
    headline = max(newest_independent_sets(catalog).values(), key=lambda s: (len(s["results"]), s["as_of"], s["id"]))
    assert scores == sorted((r["value"] for r in headline["results"]), reverse=True)  # every model fits: all its scores
    assert all("capability " in text for text in ranked[: len(scores)])  # scored models first
    unscored = page.locator("#kb-fit li").evaluate_all("items => items.map(i => i.dataset.model)")[len(scores) :]
    released = [catalog.by_id("model")[i]["release_date"] for i in unscored]
    assert released == sorted(released, reverse=True)  # then the newest first


def test_decision_helper_region_constraint(site_url, page, catalog):
    """Open weights can run in any region; closed models only where a cloud platform offers them."""
    page.goto(f"{site_url}/decide.html?region=1")
    page.wait_for_selector("#kb-fit")
    fit = set(page.locator("#kb-fit li").evaluate_all("items => items.map(i => i.dataset.model)"))
    out = {li.get_attribute("data-model"): li.text_content() for li in page.locator("#kb-out li").all()}
    models = catalog.by_id("model")
    on_a_cloud = {i for i, m in models.items() if any(a["channel"] == "cloud" for a in m["availability"])}
    for model_id, model in models.items():
        if model["open_weights"] or model_id in on_a_cloud:
            assert model_id in fit, model_id
        else:
            assert "choose the region" in out[model_id], model_id
    assert "example-closed-pro" in fit and "example-closed-mini" in out  # on a cloud platform; on its maker's API only
    ranked = {li.get_attribute("data-deployment"): li.inner_text() for li in page.locator("#kb-ranked li").all()}
    assert "excluded" in ranked["example-hosted-api"] and "excluded" not in ranked["example-rented-gpus"]
    page.locator("input[name=region]").uncheck()
    assert "region=1" not in page.url and page.locator("#kb-out li").count() == 0


def main_pages(catalog: Catalog) -> list[str]:
    """The main pages, with the first open-weight and the first closed model of the catalog."""
    open_model = next(e.id for e in catalog.of("model") if e.data["open_weights"])
    closed_model = next(e.id for e in catalog.of("model") if not e.data["open_weights"])
    return [
        "index.html",
        "models/index.html",
        f"models/{open_model}.html",
        "licenses/index.html",
        "deployments/index.html",
        f"compare/index.html?models={closed_model},{open_model}",
        "decide.html",
        "faq.html",
        "coverage.html",
        "frontier.html",
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_main_pages_render_without_errors_and_are_captured(real_site_url, real_catalog, chromium, width):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    for path in main_pages(real_catalog):
        tab.goto(f"{real_site_url}/{path}")
        tab.wait_for_load_state("networkidle")
        assert tab.locator("h1").count() >= 1, path
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways at {width}px"
        name = path.split("?")[0].replace("/", "-").removesuffix(".html")
        tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
    context.close()
    assert errors == []


def test_coverage_page_shows_each_makers_newest_entry(site_url, page, catalog):
    """A reader sees, per maker, the newest entry; following it opens that model's page."""
    page.goto(f"{site_url}/index.html")
    page.locator(".md-tabs__link", has_text="Coverage").click()
    page.wait_for_url("**/coverage.html")
    models = [e.data for e in catalog.of("model") if e.data["provider"] == "example-labs"]
    newest = max(models, key=lambda m: (m["release_date"], m["id"]))
    row = page.locator("tr", has=page.locator("a", has_text="Example Labs")).first
    assert row.locator("td").nth(1).inner_text() == str(len(models))
    assert row.locator("td").nth(3).inner_text() == newest["release_date"]
    row.locator("td").nth(2).locator("a").click()
    page.wait_for_url(f"**/models/{newest['id']}.html")
    assert page.locator("h1").inner_text() == newest["name"]


def test_frontier_page_draws_the_scores_and_lists_the_records(site_url, page, catalog):
    """A reader opens the frontier page: a chart with one mark per scored model, and the same
    records as a table, whose models link to their pages."""
    page.goto(f"{site_url}/index.html")
    page.locator(".md-tabs__link", has_text="Frontier").click()
    page.wait_for_url("**/frontier.html")
    newest = newest_independent_sets(catalog)  # the page draws these, never a self-reported set
    assert len(newest) > 1, "the catalog has scores of several evaluations"
    for evaluation, scores in newest.items():
        chart = page.locator(f"svg#kb-frontier-{evaluation}")
        assert chart.is_visible() and chart.get_attribute("role") == "img"
        drawn = set(chart.locator("g[data-model]").evaluate_all("gs => gs.map(g => g.dataset.model)"))
        assert drawn == {r["model"] for r in scores["results"]}
    first = page.locator("h3:text-is('Frontier records') ~ div table tbody tr td a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/models/*.html")
    assert page.locator("h1").inner_text() == name


def template_pages(catalog: Catalog) -> list[str]:
    """One page of every template, and the interactive pages in a filled-in state: a licence that
    withholds rights in some region (when one does) and a model under it, picked from the catalog."""
    licences = catalog.of("license")
    licence = next((e for e in licences if "territory_exclusions" in e.data), licences[0])
    model = next((e for e in catalog.of("model") if e.data["license"] == licence.id), catalog.of("model")[0])
    return [
        *main_pages(catalog),
        f"models/{model.id}.html",
        "models/all.html",
        f"licenses/{licence.id}.html",
        f"deployments/{catalog.of('deployment')[0].id}.html",
        "providers/index.html",
        f"providers/{model.data['provider']}.html",
        f"compare/{catalog.of('comparison')[0].id}.html",
        "data.html",
        "guides/glossary.html",
        "reference/fields.html",
        "decide.html?commercial=1&based=EU&onprem=1",  # some options excluded, each with its reason
    ]


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_page_template(real_site_url, real_catalog, chromium, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    found = []
    for path in dict.fromkeys(template_pages(real_catalog)):
        tab.goto(f"{real_site_url}/{path}")
        tab.wait_for_load_state("networkidle")
        result = axe.run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append(f"{path}: {violation['id']} ({len(violation['nodes'])} nodes), e.g. {violation['nodes'][0]['target']}")
    context.close()
    assert found == []


def test_home_page_gets_a_newcomer_to_a_tool_in_one_click(site_url, page, catalog):
    page.goto(f"{site_url}/index.html")
    cards = page.locator(".kb-card")
    assert cards.count() == 6
    assert f"{len(catalog.of('model'))} models" in cards.first.inner_text()
    page.locator(".kb-card a", has_text="Decide for your organisation").click()
    page.wait_for_url("**/decide.html")
    page.wait_for_selector("#kb-fit li")


def test_instant_navigation_keeps_scripts_working(site_url, page):
    page.goto(f"{site_url}/index.html")
    page.locator(".md-tabs__link", has_text="Models").click()
    page.wait_for_url("**/models/index.html")
    page.wait_for_selector("#kb-models[data-ready]", state="attached")
    page.select_option("select[name=open]", "no")
    assert "open=no" in page.url
    page.locator(".md-tabs__link", has_text="Decide").click()
    page.wait_for_selector("#kb-fit")


def test_search_finds_a_model_and_opens_its_page(site_url, page, catalog):
    model = catalog.by_id("model")["demo-open-32b-instruct"]
    page.goto(f"{site_url}/index.html")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially("Demo Open 32B", delay=20)  # typed, as the other search test does: a fill may go unsearched
    result = page.locator(".md-search-result__link").filter(has_text=model["name"]).first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url(f"**/models/{model['id']}.html*")
    assert page.locator("h1").first.inner_text() == model["name"]
    assert page.locator("a", has_text=catalog.by_id("license")[model["license"]]["name"]).count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "model-page-desktop.png"), full_page=False)


@pytest.mark.parametrize("term", ["Sample AI", "Example Permissive License"])
def test_search_by_provider_and_licence(site_url, page, term):
    page.goto(f"{site_url}/index.html")
    page.locator(".md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(term, delay=20)
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="matching").wait_for(timeout=20000)
    items = page.locator(".md-search-result__item")
    assert items.count() >= 1
    top = " ".join(items.nth(i).inner_text() for i in range(min(5, items.count()))).lower()
    assert term.lower() in top  # the first results are about the term
