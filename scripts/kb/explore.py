"""Interactive pages: compare any models, and the decision helper. Their scripts (docs/assets/kb.js)
read the JSON exports, so the pages themselves carry only the forms."""

from __future__ import annotations

from kb.context import Context
from kb.templating import page

WEIGHTS = (("0", "Not important"), ("1", "Normal"), ("2", "Important"), ("3", "Critical"))
DEFAULT_WEIGHT = "1"


def compare_index(ctx: Context) -> tuple[str, str]:
    return page(
        "compare/index.md", "Compare", "compare_index.html", meta={"hide": ["navigation"]}, comparisons=list(ctx.comparisons.values())
    )


def regions_of_exclusion(ctx: Context) -> list[tuple[str, str]]:
    """(code, label) of every region some licence withholds its rights from (from the licences'
    territory_exclusions, labelled by the schema): where the organisation may be based."""
    regions = sorted({r for x in ctx.licenses.values() for item in x.get("territory_exclusions", []) for r in item["regions"]})
    return [(r, ctx.label("license", ("territory_exclusions", "*", "regions"), r)) for r in regions]


def decide_page(ctx: Context) -> tuple[str, str]:
    return page(
        "decide.md",
        "Decision helper",
        "decide.html",
        meta={"hide": ["navigation"]},
        ranking=ctx.headline,
        regions=regions_of_exclusion(ctx),
        priorities=[(axis, a.get("label", axis), a.get("description", "")) for axis, a in ctx.axes.items()],
        weights=WEIGHTS,
        default_weight=DEFAULT_WEIGHT,
    )


def explore_pages(ctx: Context) -> dict[str, str]:
    return dict([compare_index(ctx), decide_page(ctx)])
