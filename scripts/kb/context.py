"""Everything the page and export generators share: lookups and derived facts, computed once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kb.catalog import Catalog
from kb.derive import model_facts


def sort_key(entry: dict[str, Any]) -> tuple[str, str]:
    return (str(entry.get("name", entry.get("title", ""))).lower(), entry.get("id", ""))


@dataclass
class Context:
    catalog: Catalog
    today: dt.date
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    licenses: dict[str, dict[str, Any]] = field(default_factory=dict)
    deployments: dict[str, dict[str, Any]] = field(default_factory=dict)
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)
    comparisons: dict[str, dict[str, Any]] = field(default_factory=dict)
    faq: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, catalog: Catalog, today: dt.date) -> Context:
        ctx = cls(catalog=catalog, today=today)
        for attr, kind in (
            ("models", "model"),
            ("licenses", "license"),
            ("deployments", "deployment"),
            ("providers", "provider"),
            ("comparisons", "comparison"),
        ):
            entries = sorted(catalog.by_id(kind).values(), key=sort_key)
            setattr(ctx, attr, {e["id"]: e for e in entries})
        for entry in catalog.of("faq"):
            ctx.faq.extend(entry.data.get("questions", []))
        for model_id, model in ctx.models.items():
            ctx.facts[model_id] = model_facts(model, ctx.licenses.get(model.get("license", "")), catalog.vocab, today)
        return ctx

    @property
    def tags(self) -> dict[str, Any]:
        return self.catalog.vocab.get("license-tags", {})

    @property
    def components(self) -> dict[str, Any]:
        return self.catalog.vocab.get("openness-components", {})

    @property
    def axes(self) -> dict[str, Any]:
        return self.catalog.vocab.get("tradeoff-axes", {})

    def models_of(self, key: str, value: str) -> list[dict[str, Any]]:
        return [m for m in self.models.values() if m.get(key) == value]

    def kind_of(self, entry_id: str) -> str | None:
        for kind in ("models", "licenses", "deployments", "providers", "comparisons"):
            if entry_id in getattr(self, kind):
                return kind
        return None
