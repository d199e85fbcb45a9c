"""The control-versus-convenience chart's geometry, computed at build time from the ratings;
templates/control_chart.svg draws it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

WIDTH, HEIGHT, MARGIN = 640, 460, 60


def control_convenience_chart(deployments: list[dict[str, Any]]) -> dict[str, Any]:
    """Ticks and one labelled point per option at (convenience, control); options on the same
    spot are fanned out. (Links live in the table: Material's instant navigation cannot follow
    SVG links.) Coordinates are rounded here, so the SVG is the same on every machine."""
    span_x, span_y = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def x(value: float) -> str:
        return f"{MARGIN + (value - 1) / 4 * span_x:.1f}"

    def y(value: float) -> str:
        return f"{HEIGHT - MARGIN - (value - 1) / 4 * span_y:.1f}"

    ticks = [
        {"label": tick, "x": x(tick), "y": y(tick), "label_y": f"{HEIGHT - MARGIN - (tick - 1) / 4 * span_y + 4:.1f}"}
        for tick in range(1, 6)
    ]
    spots: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for d in deployments:
        spots[(d["ratings"]["convenience"], d["ratings"]["control"])].append(d)
    points = []
    for (conv, ctrl), group in sorted(spots.items()):
        for i, d in enumerate(group):
            end = conv >= 4  # labels near the right edge grow leftwards
            cx, cy = float(x(conv)), float(y(ctrl))
            points.append(
                {
                    "id": d["id"],
                    "name": d["name"],
                    "cx": f"{cx:.1f}",
                    "cy": f"{cy:.1f}",
                    "label_x": f"{cx + (-8 if end else 8):.1f}",
                    "label_y": f"{cy - 10 - 15 * i:.1f}",
                    "anchor": "end" if end else "start",
                }
            )
    return {"width": WIDTH, "height": HEIGHT, "margin": MARGIN, "span_x": span_x, "span_y": span_y, "ticks": ticks, "points": points}
