"""Facts computed from the catalog, never typed by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.rules import STALE_AFTER_DAYS, parse_date

# (rank, id, label): the openness ladder from closed API to fully open source
LEVELS = (
    (0, "closed", "Closed: API only"),
    (1, "open-weights-restricted", "Open weights, restricted licence"),
    (2, "open-weights-osi", "Open weights, OSI-approved licence"),
    (3, "open-source", "Open source: weights, code and data"),
)
GRADE_VALUE = {"open": 1.0, "partial": 0.5, "closed": 0.0}
BITS = (16, 8, 4)


def openness_level(model: dict[str, Any], licence: dict[str, Any] | None) -> dict[str, Any]:
    """Closed API -> open weights under a restricted licence -> OSI licence -> open source."""
    rank = 0
    if model.get("open_weights"):
        rank = 2 if licence and licence.get("osi_approved") else 1
        grades = {k: v.get("status") for k, v in model.get("openness", {}).items()}
        data_open = grades.get("training_data") == "open" or grades.get("data_documentation") == "open"
        if rank == 2 and grades.get("training_code") == "open" and data_open:
            rank = 3
    _, level_id, label = LEVELS[rank]
    return {"rank": rank, "id": level_id, "label": label}


def openness_score(model: dict[str, Any], components: dict[str, Any]) -> int:
    """0-100 from the component grades, weighted by the vocabulary; ungraded counts as closed."""
    total = sum(c.get("weight", 1) for c in components.values())
    if not total:
        return 0
    grades = model.get("openness", {})
    got = sum(c.get("weight", 1) * GRADE_VALUE.get(grades.get(name, {}).get("status", "closed"), 0) for name, c in components.items())
    return round(100 * got / total)


def memory_gb(parameters_b: float | None) -> dict[str, float] | None:
    """Memory for the weights alone at 16, 8 and 4 bits per parameter, in GB (10^9 bytes)."""
    if not parameters_b:
        return None
    return {f"{bits}-bit": round(parameters_b * bits / 8, 1) for bits in BITS}


def commercial_use(licence: dict[str, Any] | None) -> bool:
    if not licence:
        return False
    limits = set(licence.get("limitations", []))
    return "commercial-use" in licence.get("permissions", []) and not limits & {"non-commercial", "research-only"}


def obligations(licence: dict[str, Any] | None, tags: dict[str, Any]) -> list[str]:
    """The licence's conditions and limitations as plain sentences, thresholds spelled out."""
    if not licence:
        return []
    out = []
    for section in ("conditions", "limitations"):
        for tag in licence.get(section, []):
            text = tags.get(section, {}).get(tag, {}).get("description", tag)
            if tag == "scale-cap":
                caps = []
                if "mau_threshold" in licence:
                    caps.append(f"{licence['mau_threshold']:,} monthly active users")
                if "revenue_threshold_usd" in licence:
                    caps.append(f"US${licence['revenue_threshold_usd']:,} annual revenue")
                text = f"Above {' or '.join(caps)}, a separate licence must be requested from the licensor."
            out.append(text)
    return out


def is_stale(last_verified: str | None, today: dt.date) -> bool:
    day = parse_date(last_verified or "")
    return bool(day and (today - day).days > STALE_AFTER_DAYS)


def lifecycle(model: dict[str, Any], successor: dict[str, Any] | None, today: dt.date) -> dict[str, Any]:
    """Where the model stands today, from its lifecycle dates and successor (as endoflife.date derives
    its labels): a sentence to read, and the old one-word status kept for export consumers.

    status is retired when the maker no longer serves it and the weights cannot be downloaded,
    deprecated when a retirement or deprecation is announced, it is superseded, or only its weights
    remain, and active otherwise."""
    retires = parse_date(model.get("api_retirement_date", ""))
    deprecated = parse_date(model.get("api_deprecation_date", ""))
    weights = model.get("weights_downloadable", model.get("open_weights", False))
    api_retired = retires is not None and retires <= today
    parts = []
    if api_retired:
        parts.append(f"API retired on {model['api_retirement_date']}")
    elif retires:
        parts.append(f"API retires on {model['api_retirement_date']}")
    elif deprecated:
        parts.append(f"API deprecated on {model['api_deprecation_date']}")
    if successor:
        parts.append(f"superseded by {successor['name']}")
    if api_retired and weights:
        parts.append("weights still downloadable")
    if model.get("open_weights") and not weights:
        parts.append("weights withdrawn")
    if api_retired and not weights:
        status = "retired"
    elif parts:
        status = "deprecated"
    else:
        status = "active"
    label = "; ".join(parts) or "Current"
    return {"status": status, "label": label[:1].upper() + label[1:], "api_retired": api_retired, "weights_downloadable": weights}


def model_facts(
    model: dict[str, Any], licence: dict[str, Any] | None, successor: dict[str, Any] | None, vocab: dict[str, Any], today: dt.date
) -> dict[str, Any]:
    """Every derived field of a model, as shown on pages and in exports."""
    return {
        "lifecycle": lifecycle(model, successor, today),
        "openness_level": openness_level(model, licence),
        "openness_score": openness_score(model, vocab.get("openness-components", {})),
        "memory_gb": memory_gb(model.get("parameters_b")),
        "commercial_use": commercial_use(licence),
        "license_kind": licence.get("kind") if licence else None,
        "obligations": obligations(licence, vocab.get("license-tags", {})),
        "stale": is_stale(model.get("last_verified"), today),
    }
