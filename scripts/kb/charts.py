"""The control-versus-convenience chart, drawn as SVG at build time from the ratings."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kb.markup import esc

WIDTH, HEIGHT, MARGIN = 640, 460, 60


def control_convenience_svg(deployments: list[dict[str, Any]]) -> str:
    """One labelled point per option (links live in the table: Material's instant navigation
    cannot follow SVG links) at (convenience, control); options on the same spot are fanned out."""
    span_x, span_y = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def x(value: float) -> float:
        return MARGIN + (value - 1) / 4 * span_x

    def y(value: float) -> float:
        return HEIGHT - MARGIN - (value - 1) / 4 * span_y

    parts = [
        f'<svg class="kb-chart" id="kb-control-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="kb-chart-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="kb-chart-title">Deployment options by control (up) and convenience (right), rated 1 to 5</title>',
        f'<rect x="{MARGIN}" y="{MARGIN}" width="{span_x}" height="{span_y}" class="kb-chart-area"/>',
    ]
    for tick in range(1, 6):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{MARGIN}" x2="{x(tick):.1f}" y2="{HEIGHT - MARGIN}" class="kb-grid"/>')
        parts.append(f'<line x1="{MARGIN}" y1="{y(tick):.1f}" x2="{WIDTH - MARGIN}" y2="{y(tick):.1f}" class="kb-grid"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{HEIGHT - MARGIN + 18}" text-anchor="middle" class="kb-tick">{tick}</text>')
        parts.append(f'<text x="{MARGIN - 12}" y="{y(tick) + 4:.1f}" text-anchor="end" class="kb-tick">{tick}</text>')
    parts.append(f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT - 14}" text-anchor="middle" class="kb-axis">Convenience →</text>')
    parts.append(
        f'<text x="18" y="{HEIGHT / 2:.0f}" text-anchor="middle" transform="rotate(-90 18 {HEIGHT / 2:.0f})" class="kb-axis">Control →</text>'
    )
    spots: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for d in deployments:
        spots[(d["ratings"]["convenience"], d["ratings"]["control"])].append(d)
    for (conv, ctrl), group in sorted(spots.items()):
        for i, d in enumerate(group):
            cx, cy = x(conv), y(ctrl)
            label_y = cy - 10 - 15 * i
            anchor = "end" if conv >= 4 else "start"
            dx = -8 if anchor == "end" else 8
            parts.append(
                f'<g data-deployment="{esc(d["id"])}"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" class="kb-point"/>'
                f'<text x="{cx + dx:.1f}" y="{label_y:.1f}" text-anchor="{anchor}" class="kb-label">{esc(d["name"])}</text></g>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
