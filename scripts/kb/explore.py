"""Interactive pages: compare any models, and the decision helper. Their scripts (docs/assets/kb.js)
read the JSON exports, so the pages themselves carry only the forms."""

from __future__ import annotations

from kb.context import Context
from kb.markup import esc, link
from kb.pages import bullets, page, section
from kb.templating import href

WEIGHTS = (("0", "Not important"), ("1", "Normal"), ("2", "Important"), ("3", "Critical"))


def compare_index(ctx: Context) -> tuple[str, str]:
    path = "compare/index.md"
    picker = (
        '<div id="kb-compare" data-api="../api/">\n'
        '<form class="kb-filters"><label>Add a model <input name="model" list="kb-model-names" autocomplete="off" '
        'placeholder="type a model name"></label> <button type="submit">Add</button> <span class="kb-message" role="status"></span>\n'
        '<datalist id="kb-model-names"></datalist></form>\n'
        '<ul class="kb-chosen"></ul>\n<div class="kb-compare-output"><p>Loading the catalog…</p></div>\n</div>'
    )
    curated = bullets(
        link(href(path, "comparison", c["id"]), c["title"])
        + (f" <small>(as of <time>{esc(c['as_of'])}</time>)</small>" if "as_of" in c else "")
        for c in ctx.comparisons.values()
    )
    intro = (
        "<p>Pick two to four models to see every field side by side; rows that differ are highlighted, and each "
        "model's licence obligations are spelled out. The choice is kept in the address, so the comparison can be "
        'shared. You can also tick models in the <a href="../models/index.html">models table</a>.</p>'
    )
    return page(
        path,
        "Compare",
        [intro, section("Compare any models", picker, "pick"), section("Curated comparisons", curated, "curated")],
        hide=["navigation"],
    )


def weight_select(name: str, label: str, hint: str) -> str:
    options = "".join(f'<option value="{v}"{" selected" if v == "1" else ""}>{t}</option>' for v, t in WEIGHTS)
    return f'<label title="{esc(hint)}">{esc(label)} <select name="{esc(name)}">{options}</select></label>'


def based_select(ctx: Context) -> str:
    """Where the organisation is based: every region some licence withholds its rights from
    (from the licences' territory_exclusions, labelled by the schema), and elsewhere."""
    regions = sorted({r for x in ctx.licenses.values() for item in x.get("territory_exclusions", []) for r in item["regions"]})
    labels = [(r, ctx.label("license", ("territory_exclusions", "*", "regions"), r)) for r in regions]
    options = "".join(f'<option value="{esc(code)}">In {esc(text)}</option>' for code, text in labels)
    return (
        '<label>Where your organisation is based <select name="based"><option value="">Not a constraint</option>'
        f'{options}<option value="elsewhere">Elsewhere</option></select></label>'
    )


def decide_page(ctx: Context) -> tuple[str, str]:
    path = "decide.md"
    constraints = "\n".join(
        [
            based_select(ctx),
            '<label class="kb-check"><input type="checkbox" name="commercial" value="1"> We need commercial use</label>',
            '<label class="kb-check"><input type="checkbox" name="onprem" value="1"> Data must stay on infrastructure we control</label>',
            '<label class="kb-check"><input type="checkbox" name="region" value="1"> Data must be processed in a region we choose</label>',
            '<label class="kb-check"><input type="checkbox" name="finetune" value="1"> We need to fine-tune and keep the weights</label>',
            '<label class="kb-check"><input type="checkbox" name="status" value="1"> Only current models (not superseded, deprecated or retired)</label>',
            '<label>Expected monthly active users <input type="number" name="users" min="0" step="1" inputmode="numeric"></label>',
            '<label>Monthly API budget (US$) <input type="number" name="budget" min="0" step="any"></label>',
            '<label>Monthly volume (million tokens) <input type="number" name="tokens" min="0" step="any"></label>',
            '<label>Team capacity to run infrastructure <select name="team"><option value="">Not a constraint</option>'
            '<option value="none">None</option><option value="some">Some</option><option value="strong">Strong</option></select></label>',
        ]
    )
    priorities = "\n".join(weight_select(f"w_{axis}", a.get("label", axis), a.get("description", "")) for axis, a in ctx.axes.items())
    ranking = ctx.headline
    rank_by = f' data-rank-evaluation="{esc(ranking["evaluation"])}" data-rank-version="{esc(ranking["version"])}"' if ranking else ""
    form = (
        f'<div id="kb-decide" data-api="api/"{rank_by}>\n<form class="kb-decide-form">\n'
        f"<fieldset><legend>Hard constraints</legend>\n{constraints}\n</fieldset>\n"
        f"<fieldset><legend>Priorities</legend>\n{priorities}\n</fieldset>\n"
        '</form>\n<div class="kb-decide-output" aria-live="polite"><p>Loading the catalog…</p></div>\n</div>'
    )
    intro = (
        "<p>Set your hard constraints and priorities. Deployment options are ranked by how well their trade-off "
        "ratings match your priorities (options that break a constraint drop to the bottom), and every model is "
        "checked against each constraint, with the reason it is excluded. The budget check uses list prices and "
        "assumes three input tokens for every output token; self-hosting costs depend on your hardware and are not "
        'estimated here (see the <a href="guides/self-hosting-cost.html">cost guide</a>). Latency is not rated per '
        "option: if it matters, raise the weight of control, since options you host let you choose hardware and "
        "location. A model meets the region constraint when you can run its weights where you choose, or when it is "
        "offered on a cloud platform, where you pick the region (check that the model is offered in yours); the "
        "catalog does not record the data-residency options of makers' own APIs, so models reached only that way "
        "are excluded until you have checked them. Where your organisation is based matters when a licence withholds "
        "its rights from some regions (the catalog records which). A model fits only if a deployment option that "
        "meets your constraints can serve it. Models that fit are ranked by independent capability score "
        "(the evaluation that scores the most models), newest first where none is known. Your choices are kept in "
        "the address.</p>"
    )
    return page(path, "Decision helper", [intro, form], hide=["navigation"])


def explore_pages(ctx: Context) -> dict[str, str]:
    return dict([compare_index(ctx), decide_page(ctx)])
