"""Site pages generated from the catalog, as {path under docs/: Markdown text}.

Pages are front matter plus HTML from the templates in templates/ (autoescaped; see
kb.templating), so no contributor text reaches the Markdown engine and any site engine can
render them. This module picks each page's data; the templates write the HTML. Links go to
the built .html files (use_directory_urls is off).
"""

from __future__ import annotations

from typing import Any

from kb import templating
from kb.charts import control_convenience_chart
from kb.compare import compare_rows
from kb.context import SECTION, Context
from kb.memo import Memo
from kb.templating import href, relative

# ---------------------------------------------------------------- models


def model_page(ctx: Context, m: dict[str, Any]) -> tuple[str, str]:
    provider = ctx.providers.get(m["provider"], {}).get("name", m["provider"])
    licence = ctx.licenses.get(m["license"], {}).get("name", m["license"])
    meta = {"description": f"{m['name']} by {provider}, licence {licence}"}
    return templating.page(f"models/{m['id']}.md", m["name"], "model.html", meta, ctx=ctx, model=m)


# ---------------------------------------------------------------- licences


CLAUSE_SECTIONS = ("permissions", "conditions", "limitations")


def clause_columns(ctx: Context) -> list[tuple[str, str, dict[str, Any]]]:
    """Every clause tag of the vocabulary as (section, tag, its vocabulary entry), in order."""
    return [(s, t, v) for s in CLAUSE_SECTIONS for t, v in ctx.tags.get(s, {}).items()]


def licenses_index(ctx: Context) -> tuple[str, str]:
    return templating.page("licenses/index.md", "Licences", "licenses_index.html", {"hide": ["toc"]}, ctx=ctx, columns=clause_columns(ctx))


def territory_text(ctx: Context, lic: dict[str, Any]) -> str | None:
    """Where the licence withholds its rights, in words (labels from the schema)."""
    items = []
    for x in lic.get("territory_exclusions", []):
        regions = ", ".join(ctx.label("license", ("territory_exclusions", "*", "regions"), r) for r in x["regions"])
        scope = ctx.label("license", ("territory_exclusions", "*", "applies_to"), x["applies_to"])
        items.append(f"{regions}: {scope}" + (f" ({x['who']})" if "who" in x else ""))
    return "; ".join(items) or None


def license_page(ctx: Context, lic: dict[str, Any]) -> tuple[str, str]:
    return templating.page(
        f"licenses/{lic['id']}.md", lic["name"], "license.html", ctx=ctx, licence=lic, territory=territory_text(ctx, lic)
    )


# ---------------------------------------------------------------- deployments


def deployments_index(ctx: Context) -> tuple[str, str]:
    chart = control_convenience_chart(list(ctx.deployments.values()))
    return templating.page("deployments/index.md", "Deployment options", "deployments_index.html", {"hide": ["toc"]}, ctx=ctx, chart=chart)


def deployment_page(ctx: Context, d: dict[str, Any]) -> tuple[str, str]:
    access = d["model_access"]
    servable = [m for m in ctx.models.values() if access == "both" or (access == "open-weights") == m["open_weights"]]
    return templating.page(f"deployments/{d['id']}.md", d["name"], "deployment.html", ctx=ctx, deployment=d, servable=servable)


# ---------------------------------------------------------------- providers, faq, comparisons


def providers_index(ctx: Context) -> tuple[str, str]:
    return templating.page("providers/index.md", "Providers", "providers_index.html", {"hide": ["toc"]}, ctx=ctx)


def provider_page(ctx: Context, p: dict[str, Any]) -> tuple[str, str]:
    return templating.page(f"providers/{p['id']}.md", p["name"], "provider.html", ctx=ctx, provider=p)


def related_link(ctx: Context, page_path: str, entry_id: str) -> tuple[str, str | None]:
    """(name, relative link or None) for an entry a FAQ answer points to."""
    found = ctx.find(entry_id)
    if found is None:
        return entry_id, None
    kind, entry = found
    name = entry.get("name", entry.get("title", entry_id))
    if kind == "evaluation":
        return name, relative("frontier.html", page_path)
    if kind not in SECTION:  # kinds without pages of their own (score sets)
        return name, None
    return name, href(page_path, kind, entry_id)


def faq_page(ctx: Context) -> tuple[str, str]:
    path = "faq.md"
    related = {q["id"]: [related_link(ctx, path, r) for r in q.get("related", [])] for q in ctx.faq}
    return templating.page(path, "Frequently asked questions", "faq.html", questions=ctx.faq, related=related)


def comparison_rows(ctx: Context, models: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]], bool]]:
    """(label, that row of each model, whether the models differ on it) for each compare row."""
    columns = [compare_rows(ctx, m) for m in models]
    return [
        (cells[0]["label"], list(cells), len({repr((c["value"], c.get("href"))) for c in cells}) > 1)
        for cells in zip(*columns, strict=True)
    ]


def licence_tag_rows(ctx: Context, licenses: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """The clause tags at least one of the compared licences carries, in vocabulary order."""
    return [(s, t, v) for s, t, v in clause_columns(ctx) if any(t in x[s] for x in licenses)]


def comparison_page(ctx: Context, c: dict[str, Any]) -> tuple[str, str]:
    models = [ctx.models[i] for i in c.get("models", []) if i in ctx.models]
    licenses = [ctx.licenses[i] for i in c.get("licenses", []) if i in ctx.licenses]
    return templating.page(
        f"compare/{c['id']}.md",
        c["title"],
        "comparison.html",
        ctx=ctx,
        comparison=c,
        models=models,
        model_rows=comparison_rows(ctx, models) if models else [],
        licences=licenses,
        licence_tags=licence_tag_rows(ctx, licenses),
    )


def all_pages(ctx: Context, memo: Memo) -> dict[str, str]:
    """Every generated page, keyed by its path under docs/; per-model parts through the memo."""
    pages = [licenses_index(ctx), deployments_index(ctx), providers_index(ctx), faq_page(ctx)]
    pages += [memo.get(f"page:{m['id']}", ctx.model_inputs(m), lambda m=m: model_page(ctx, m)) for m in ctx.models.values()]
    # pages that list many models are remembered too: at thousands of models, one edit must not redraw them
    models = list(ctx.models.values())
    pages += [
        memo.get(f"page:{x['id']}", ctx.listing_inputs(x, ctx.models_of("license", x["id"])), lambda x=x: license_page(ctx, x))
        for x in ctx.licenses.values()
    ]
    pages += [
        memo.get(f"page:{d['id']}", ctx.listing_inputs(d, models), lambda d=d: deployment_page(ctx, d)) for d in ctx.deployments.values()
    ]
    pages += [
        memo.get(f"page:{p['id']}", ctx.listing_inputs(p, ctx.models_of("provider", p["id"])), lambda p=p: provider_page(ctx, p))
        for p in ctx.providers.values()
    ]
    pages += [comparison_page(ctx, c) for c in ctx.comparisons.values()]
    return dict(pages)
