"""Site pages generated from the catalog, as {path under docs/: Markdown text}.

Pages are front matter plus HTML built here with every catalog value escaped, so
no contributor text reaches the Markdown engine and any site engine can render
them. Links are written to the built .html files (use_directory_urls is off).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kb.charts import control_convenience_svg
from kb.compare import compare_rows
from kb.context import SECTION, Context
from kb.derive import is_stale
from kb.markup import esc, front_matter, link, md
from kb.memo import Memo
from kb.templating import href, number, relative


def table(head: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "kb-table", attrs: str = "") -> str:
    """An HTML table; cells are already-safe HTML."""
    out = [f'<table class="{cls}"{attrs}>', "<thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>", "<tbody>"]
    out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    out.append("</tbody></table>")
    return "\n".join(out)


def facts_table(pairs: Iterable[tuple[str, str | None]]) -> str:
    rows = [f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in pairs if v not in (None, "")]
    return '<table class="kb-facts">\n' + "\n".join(rows) + "\n</table>"


def bullets(items: Iterable[str]) -> str:
    """A list of already-safe HTML items."""
    items = list(items)
    return "<ul>\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>" if items else "<p>None listed.</p>"


def section(title: str, body: str, anchor: str = "") -> str:
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return f"<h2{ident}>{esc(title)}</h2>\n{body}"


def page(path: str, title: str, parts: Iterable[str], heading: bool = True, **meta: object) -> tuple[str, str]:
    body = [f"<h1>{esc(title)}</h1>"] if heading else []
    body += [p for p in parts if p]
    return path, front_matter(title, **meta) + '<div class="kb-page">\n' + "\n".join(body) + "\n</div>\n"


def sources_section(entry: dict[str, Any], ctx: Context) -> str:
    items = [link(url, url, external=True) for url in entry.get("sources", [])]
    flag = ' <span class="kb-stale">not verified for over 12 months</span>' if is_stale(entry.get("last_verified"), ctx.today) else ""
    verified = f'<p class="kb-verified">Last verified: <time>{esc(entry.get("last_verified", "unknown"))}</time>{flag}</p>'
    return section("Sources", bullets(items) + "\n" + verified)


def stale_mark(ctx: Context, entry: dict[str, Any]) -> str:
    """A small flag for table rows whose entry has not been verified for over 12 months."""
    if not is_stale(entry.get("last_verified"), ctx.today):
        return ""
    return ' <span class="kb-stale" title="not verified for over 12 months">stale</span>'


def level_badge(facts: dict[str, Any]) -> str:
    level = facts["openness_level"]
    return f'<span class="kb-badge kb-level-{level["rank"]}">{esc(level["label"])}</span>'


# ---------------------------------------------------------------- models


def lifecycle_cell(ctx: Context, path: str, m: dict[str, Any]) -> str:
    """The derived lifecycle label, with the successor's name as a link and the maker's page as evidence."""
    text = esc(ctx.facts[m["id"]]["lifecycle"]["label"])
    successor = ctx.models.get(m.get("superseded_by", ""))
    if successor:
        text = text.replace(esc(successor["name"]), link(href(path, "model", successor["id"]), successor["name"]), 1)
    if "lifecycle_source" in m:
        text += " (" + link(m["lifecycle_source"], "maker's notice", external=True) + ")"
    return text


def capability_table(ctx: Context, path: str, model_id: str) -> str:
    """The model's scores, each with its evaluation's version, date and source; scores of
    different versions are listed apart and never put on one scale."""
    rows = [
        [
            link(relative("frontier.html", path) + f"#{evaluation.get('id', '')}", evaluation.get("name", scores["evaluation"])),
            f"{value:g}" + (f" {esc(evaluation['scale']['unit'])}" if evaluation.get("scale", {}).get("unit") else ""),
            esc(scores["version"]),
            f"<time>{esc(scores['as_of'])}</time>",
            "self-reported by the maker" if scores["self_reported"] else "independent",
            link(scores["source"], "source", external=True),
        ]
        for evaluation, scores, value in ctx.scores_of(model_id)
    ]
    return table(["Evaluation", "Score", "Version", "Read on", "Measured", "Source"], rows)


def openness_table(ctx: Context, m: dict[str, Any]) -> str:
    """Each component's grade, why, and the evidence, in the vocabulary's order."""
    rows = []
    for name, comp in ctx.components.items():
        grade = m["openness"].get(name)
        if not grade:
            rows.append([esc(comp.get("label", name)), "not graded", "", ""])
            continue
        label = ctx.label("model", ("openness", name, "status"), grade["status"])
        rows.append(
            [
                esc(comp.get("label", name)),
                f'<span class="kb-grade kb-{esc(grade["status"])}">{esc(label)}</span>',
                esc(grade.get("note", "")),
                link(grade["evidence"], "evidence", external=True),
            ]
        )
    return table(["Component", "Grade", "Why", "Evidence"], rows)


def price_table(p: dict[str, Any]) -> str:
    rows = [
        ["Input", f"US${p['input_usd_per_mtok']:,g} per million tokens"],
        ["Output", f"US${p['output_usd_per_mtok']:,g} per million tokens"],
    ]
    note = f"<p>First-party list price as of <time>{esc(p['as_of'])}</time>." + (f" {esc(p['note'])}" if "note" in p else "") + "</p>"
    return table(["", "Price"], rows) + "\n" + note


def model_page(ctx: Context, m: dict[str, Any]) -> tuple[str, str]:
    path = f"models/{m['id']}.md"
    f = ctx.facts[m["id"]]
    licence = ctx.licenses.get(m["license"], {})
    provider = ctx.providers.get(m["provider"], {})
    mods = m.get("modalities", {})
    base = m.get("base_model")
    facts = facts_table(
        [
            ("Provider", link(href(path, "provider", m["provider"]), provider.get("name", m["provider"]))),
            ("Family", esc(m["family"]) if "family" in m else None),
            ("Released", f"<time>{esc(m['release_date'])}</time>"),
            ("Lifecycle", lifecycle_cell(ctx, path, m)),
            ("Open weights", "Yes" if m["open_weights"] else "No"),
            (
                "Licence",
                link(href(path, "license", m["license"]), licence.get("name", m["license"]))
                + (f" ({esc(f['license_kind'])})" if f["license_kind"] else ""),
            ),
            ("Commercial use", "Allowed by the licence" if f["commercial_use"] else "Not granted by the licence"),
            ("Openness level", esc(f["openness_level"]["label"])),
            ("Openness score", f"{f['openness_score']} / 100"),
            ("Parameters", number(m.get("parameters_b"), " billion") if "parameters_b" in m else None),
            ("Active parameters", number(m.get("active_parameters_b"), " billion") if "active_parameters_b" in m else None),
            ("Architecture", esc(m["architecture"]) if "architecture" in m else None),
            ("Context window", number(m.get("context_window"), " tokens") if "context_window" in m else None),
            ("Max output", number(m.get("max_output_tokens"), " tokens") if "max_output_tokens" in m else None),
            ("Knowledge cut-off", esc(m["knowledge_cutoff"]) if "knowledge_cutoff" in m else None),
            ("Input", esc(", ".join(mods.get("input", []))) if mods else None),
            ("Output", esc(", ".join(mods.get("output", []))) if mods else None),
            ("Base model", link(href(path, "model", base), ctx.models.get(base, {}).get("name", base)) if base else None),
        ]
    )
    parts = [f'<p class="kb-badges">{level_badge(f)}</p>', md(m["summary"]), section("Facts", facts)]
    if f["memory_gb"]:
        mem = f["memory_gb"]
        parts.append(
            section(
                "Memory to self-host",
                "<p>Memory for the weights alone; add room for the context (KV cache) and activations.</p>\n"
                + table(["Precision", "Weights in memory"], [[esc(k), f"{v:,g} GB"] for k, v in mem.items()]),
            )
        )
    obligations = f["obligations"]
    parts.append(
        section(
            "Licence obligations",
            bullets(esc(o) for o in obligations) if obligations else "<p>No conditions or limitations are tagged for this licence.</p>",
        )
    )
    if "openness" in m:
        parts.append(section("Openness by component", openness_table(ctx, m)))
    if ctx.scores_of(m["id"]):
        parts.append(section("Capability scores", capability_table(ctx, path, m["id"])))
    parts.append(
        section(
            "Where to get it",
            bullets(
                f"{esc(ctx.label('model', ('availability', '*', 'channel'), a['channel']))}: {link(a['url'], a['vendor'], external=True)}"
                for a in m["availability"]
            ),
        )
    )
    if "pricing" in m:
        parts.append(section("API price", price_table(m["pricing"])))
    parts.append(sources_section(m, ctx))
    return page(
        path,
        m["name"],
        parts,
        description=f"{m['name']} by {provider.get('name', m['provider'])}, licence {licence.get('name', m['license'])}",
    )


# ---------------------------------------------------------------- licences


def tag_label(ctx: Context, section_name: str, tag: str) -> str:
    return ctx.tags.get(section_name, {}).get(tag, {}).get("label", tag)


def licenses_index(ctx: Context) -> tuple[str, str]:
    path = "licenses/index.md"
    rows = []
    for lic in ctx.licenses.values():
        count = len(ctx.models_of("license", lic["id"]))
        rows.append(
            [
                link(href(path, "license", lic["id"]), lic["name"]) + stale_mark(ctx, lic),
                esc(lic["kind"]),
                "Yes" if lic["osi_approved"] else "No",
                esc(lic["spdx_id"]),
                str(count),
            ]
        )
    listing = table(["Licence", "Kind", "OSI approved", "SPDX id", "Models"], rows)
    return page(
        path,
        "Licences",
        [
            "<p>Every licence or set of terms that a catalogued model is released under, with its clauses as tags.</p>",
            listing,
            clause_matrix(ctx, path),
        ],
        hide=["toc"],
    )


def clause_matrix(ctx: Context, path: str) -> str:
    """Licences x clause tags: which licence grants, requires or limits what."""
    columns = [(s, t, v) for s in ("permissions", "conditions", "limitations") for t, v in ctx.tags.get(s, {}).items()]
    mark = {"permissions": ("kb-perm", "✓"), "conditions": ("kb-cond", "●"), "limitations": ("kb-limit", "✕")}
    head = "<th>Licence</th>" + "".join(
        f'<th class="{mark[s][0]}"><abbr title="{esc(v.get("description", ""))}">{esc(v.get("label", t))}</abbr></th>'
        for s, t, v in columns
    )
    rows = []
    for lic in ctx.licenses.values():
        cells = []
        for s, t, v in columns:
            if t in lic.get(s, []):
                cells.append(f'<td class="{mark[s][0]}" title="{esc(v.get("label", t))}">{mark[s][1]}</td>')
            else:
                cells.append("<td></td>")
        rows.append(f"<tr><th>{link(href(path, 'license', lic['id']), lic['name'])}</th>{''.join(cells)}</tr>")
    legend = "<p>✓ permission · ● condition · ✕ limitation. Hover a column heading for its meaning.</p>"
    return section(
        "Clause matrix",
        legend
        + '\n<div class="kb-table-wrap"><table class="kb-table kb-matrix" id="kb-clause-matrix">\n<thead><tr>'
        + head
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>",
    )


def territory_text(ctx: Context, lic: dict[str, Any]) -> str | None:
    """Where the licence withholds its rights, in words (labels from the schema)."""
    items = []
    for x in lic.get("territory_exclusions", []):
        regions = ", ".join(ctx.label("license", ("territory_exclusions", "*", "regions"), r) for r in x["regions"])
        scope = ctx.label("license", ("territory_exclusions", "*", "applies_to"), x["applies_to"])
        items.append(f"{regions}: {scope}" + (f" ({x['who']})" if "who" in x else ""))
    return esc("; ".join(items)) if items else None


def license_page(ctx: Context, lic: dict[str, Any]) -> tuple[str, str]:
    path = f"licenses/{lic['id']}.md"
    facts = facts_table(
        [
            ("Kind", esc(lic["kind"])),
            ("OSI approved", "Yes" if lic["osi_approved"] else "No"),
            ("SPDX identifier", f"<code>{esc(lic['spdx_id'])}</code>"),
            ("Licence text", link(lic["url"], lic["url"], external=True)),
            ("User threshold", f"{lic['mau_threshold']:,} monthly active users" if "mau_threshold" in lic else None),
            ("Revenue threshold", f"US${lic['revenue_threshold_usd']:,} a year" if "revenue_threshold_usd" in lic else None),
            ("Governing law", esc(lic["governing_law"]) if "governing_law" in lic else None),
            ("Rights withheld in", territory_text(ctx, lic)),
            ("Acceptable-use policy", link(lic["aup_url"], lic["aup_url"], external=True) if "aup_url" in lic else None),
            ("Policy can change", ("Yes" if lic["aup_updatable"] else "No") if "aup_updatable" in lic else None),
        ]
    )
    parts = [md(lic["summary"]), section("Facts", facts)]
    for name, title in (("permissions", "What it lets you do"), ("conditions", "What it asks of you"), ("limitations", "What it limits")):
        items = [
            f"<strong>{esc(tag_label(ctx, name, t))}</strong>: {esc(ctx.tags.get(name, {}).get(t, {}).get('description', ''))}"
            for t in lic[name]
        ]
        parts.append(section(title, bullets(items)))
    models = ctx.models_of("license", lic["id"])
    parts.append(
        section(f"Models under this licence ({len(models)})", bullets(link(href(path, "model", m["id"]), m["name"]) for m in models))
    )
    parts.append(sources_section(lic, ctx))
    return page(path, lic["name"], parts)


# ---------------------------------------------------------------- deployments


def rating_cell(value: int, higher_is_better: bool) -> str:
    good = value if higher_is_better else 6 - value
    return f'<span class="kb-rating kb-r{good}" title="{value} of 5">{value}</span>'


def deployments_index(ctx: Context) -> tuple[str, str]:
    path = "deployments/index.md"
    head = ["Option", "Serves"] + [esc(a.get("label", k)) + ("" if a.get("higher_is_better", True) else " ↓") for k, a in ctx.axes.items()]
    rows = []
    for d in ctx.deployments.values():
        cells = [link(href(path, "deployment", d["id"]), d["name"]) + stale_mark(ctx, d), esc(d["model_access"])]
        cells += [rating_cell(d["ratings"][k], a.get("higher_is_better", True)) for k, a in ctx.axes.items()]
        rows.append(cells)
    intro = "<p>Ratings run from 1 to 5. For the axes marked ↓ (lock-in risk, operations burden) a higher number is worse; colours always show better as greener.</p>"
    return page(
        path,
        "Deployment options",
        [
            intro,
            '<div class="kb-table-wrap">',
            table(head, rows, attrs=' id="kb-tradeoffs"'),
            "</div>",
            section("Control versus convenience", control_convenience_svg(list(ctx.deployments.values())), "chart"),
        ],
        hide=["toc"],
    )


def deployment_page(ctx: Context, d: dict[str, Any]) -> tuple[str, str]:
    path = f"deployments/{d['id']}.md"
    ratings = table(
        ["Axis", "Rating", "Meaning"],
        [
            [esc(a.get("label", k)), rating_cell(d["ratings"][k], a.get("higher_is_better", True)), esc(a.get("description", ""))]
            for k, a in ctx.axes.items()
        ],
    )
    parts = [md(d["summary"]), section("Trade-offs", ratings)]
    for key, title in (("pros", "Advantages"), ("cons", "Drawbacks"), ("best_for", "Best for"), ("avoid_when", "Avoid when")):
        parts.append(section(title, bullets(esc(x) for x in d[key])))
    if d.get("examples"):
        parts.append(section("Examples", bullets(link(x["url"], x["name"], external=True) for x in d["examples"])))
    access = d["model_access"]
    servable = [m for m in ctx.models.values() if access == "both" or (access == "open-weights") == m["open_weights"]]
    parts.append(
        section(f"Models it can serve ({len(servable)})", bullets(link(href(path, "model", m["id"]), m["name"]) for m in servable))
    )
    parts.append(sources_section(d, ctx))
    return page(path, d["name"], parts)


# ---------------------------------------------------------------- providers, faq, comparisons


def providers_index(ctx: Context) -> tuple[str, str]:
    path = "providers/index.md"
    rows = [
        [
            link(href(path, "provider", p["id"]), p["name"]) + stale_mark(ctx, p),
            esc(p.get("country", "—")),
            esc(p["kind"]),
            str(len(ctx.models_of("provider", p["id"]))),
        ]
        for p in ctx.providers.values()
    ]
    return page(
        path,
        "Providers",
        ["<p>Organisations that make the catalogued models.</p>", table(["Provider", "Country", "Kind", "Models"], rows)],
        hide=["toc"],
    )


def provider_page(ctx: Context, p: dict[str, Any]) -> tuple[str, str]:
    path = f"providers/{p['id']}.md"
    facts = facts_table(
        [
            ("Website", link(p["url"], p["url"], external=True)),
            ("Country", esc(p["country"]) if "country" in p else None),
            ("Kind", esc(p["kind"])),
        ]
    )
    models = ctx.models_of("provider", p["id"])
    parts = [md(p["summary"]) if "summary" in p else "", section("Facts", facts)]
    parts.append(
        section(
            f"Models ({len(models)})",
            bullets(
                link(href(path, "model", m["id"]), m["name"]) + (" — open weights" if m["open_weights"] else " — closed") for m in models
            ),
        )
    )
    parts.append(sources_section(p, ctx))
    return page(path, p["name"], parts)


def entry_link(ctx: Context, page_path: str, entry_id: str) -> str:
    found = ctx.find(entry_id)
    if found is None:
        return esc(entry_id)
    kind, entry = found
    name = entry.get("name", entry.get("title", entry_id))
    if kind == "evaluation":
        return link(relative("frontier.html", page_path), name)
    if kind not in SECTION:  # kinds without pages of their own (score sets)
        return esc(name)
    return link(href(page_path, kind, entry_id), name)


def faq_page(ctx: Context) -> tuple[str, str]:
    path = "faq.md"
    toc = bullets(f'<a href="#{esc(q["id"])}">{esc(q["question"])}</a>' for q in ctx.faq)
    parts = [section("Questions", toc, "questions")]
    for q in ctx.faq:
        body = md(q["answer"])
        if q.get("related"):
            body += "\n<p><strong>See also:</strong> " + ", ".join(entry_link(ctx, path, r) for r in q["related"]) + "</p>"
        if q.get("sources"):
            body += "\n<p><strong>Sources:</strong> " + ", ".join(link(u, u, external=True) for u in q["sources"]) + "</p>"
        parts.append(section(q["question"], body, q["id"]))
    return page(path, "Frequently asked questions", parts)


def compare_cell(path: str, row: dict[str, Any]) -> str:
    """One comparison cell as HTML: text escaped, a list as bullets, a reference as a link."""
    value = row["value"]
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return bullets(esc(v) for v in value)
    if "href" in row:
        return link(relative(row["href"], path), value)
    return esc(value)


def model_comparison_table(ctx: Context, path: str, models: list[dict[str, Any]]) -> str:
    head = "<th></th>" + "".join(f"<th>{link(href(path, 'model', m['id']), m['name'])}</th>" for m in models)
    columns = [compare_rows(ctx, m) for m in models]
    rows = []
    for index, first in enumerate(columns[0]):
        values = [compare_cell(path, column[index]) for column in columns]
        differ = " kb-differs" if len(set(values)) > 1 else ""
        rows.append(f'<tr class="kb-row{differ}"><th>{esc(first["label"])}</th>' + "".join(f"<td>{v}</td>" for v in values) + "</tr>")
    return side_by_side(head, rows)


def side_by_side(head: str, rows: list[str]) -> str:
    """A comparison table from its heading cells and finished rows."""
    return (
        '<div class="kb-table-wrap"><table class="kb-table kb-compare">\n<thead><tr>'
        + head
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )


def license_comparison_table(ctx: Context, path: str, licenses: list[dict[str, Any]]) -> str:
    head = "<th></th>" + "".join(f"<th>{link(href(path, 'license', x['id']), x['name'])}</th>" for x in licenses)
    rows = []
    for label, key in (
        ("Kind", "kind"),
        ("OSI approved", "osi_approved"),
        ("User threshold", "mau_threshold"),
        ("Governing law", "governing_law"),
    ):
        values = [
            ("Yes" if x[key] else "No")
            if isinstance(x.get(key), bool)
            else (number(x[key]) if isinstance(x.get(key), int) else esc(x.get(key, "—")))
            for x in licenses
        ]
        rows.append(f"<tr><th>{esc(label)}</th>" + "".join(f"<td>{v}</td>" for v in values) + "</tr>")
    for s in ("permissions", "conditions", "limitations"):
        for tag, v in ctx.tags.get(s, {}).items():
            if any(tag in x[s] for x in licenses):
                values = ["✓" if tag in x[s] else "" for x in licenses]
                rows.append(
                    f'<tr><th><abbr title="{esc(v.get("description", ""))}">{esc(v.get("label", tag))}</abbr> <small>({s[:-1]})</small></th>'
                    + "".join(f"<td>{c}</td>" for c in values)
                    + "</tr>"
                )
    return side_by_side(head, rows)


def comparison_page(ctx: Context, c: dict[str, Any]) -> tuple[str, str]:
    path = f"compare/{c['id']}.md"
    parts = [f'<p class="kb-verified">As of <time>{esc(c["as_of"])}</time></p>' if "as_of" in c else "", md(c["summary"])]
    models = [ctx.models[i] for i in c.get("models", []) if i in ctx.models]
    licenses = [ctx.licenses[i] for i in c.get("licenses", []) if i in ctx.licenses]
    if models:
        parts.append(section("Models side by side", model_comparison_table(ctx, path, models)))
    if licenses:
        parts.append(section("Licences side by side", license_comparison_table(ctx, path, licenses)))
    if c.get("takeaways"):
        parts.append(section("Takeaways", bullets(esc(t) for t in c["takeaways"])))
    parts.append(sources_section(c, ctx))
    return page(path, c["title"], parts)


def all_pages(ctx: Context, memo: Memo) -> dict[str, str]:
    """Every generated page, keyed by its path under docs/; per-model parts through the memo."""
    pages = [licenses_index(ctx), deployments_index(ctx), providers_index(ctx), faq_page(ctx)]
    pages += [memo.get(f"page:{m['id']}", ctx.model_inputs(m), lambda m=m: model_page(ctx, m)) for m in ctx.models.values()]
    pages += [license_page(ctx, x) for x in ctx.licenses.values()]
    pages += [deployment_page(ctx, d) for d in ctx.deployments.values()]
    pages += [provider_page(ctx, p) for p in ctx.providers.values()]
    pages += [comparison_page(ctx, c) for c in ctx.comparisons.values()]
    return dict(pages)
