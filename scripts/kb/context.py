"""Everything the page and export generators share: lookups and derived facts, computed once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kb.catalog import Catalog
from kb.derive import model_facts
from kb.fields import display, label, shown
from kb.memo import Memo

# entry kind -> the Context attribute holding those entries by id
# entry kind -> the site folder of its pages (kinds without pages of their own are absent)
SECTION = {"model": "models", "license": "licenses", "deployment": "deployments", "provider": "providers", "comparison": "compare"}
ENTRY_ATTRIBUTES = {
    "model": "models",
    "license": "licenses",
    "deployment": "deployments",
    "provider": "providers",
    "comparison": "comparisons",
    "evaluation": "evaluations",
    "scores": "scores",
}


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
    evaluations: dict[str, dict[str, Any]] = field(default_factory=dict)
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)
    faq: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, catalog: Catalog, today: dt.date, memo: Memo | None = None) -> Context:
        memo = memo or Memo()
        ctx = cls(catalog=catalog, today=today)
        for kind, attr in ENTRY_ATTRIBUTES.items():
            entries = sorted(catalog.by_id(kind).values(), key=sort_key)
            setattr(ctx, attr, {e["id"]: e for e in entries})
        for entry in catalog.of("faq"):
            ctx.faq.extend(entry.data.get("questions", []))
        for model_id, model in ctx.models.items():
            licence = ctx.licenses.get(model.get("license", ""))
            successor = ctx.models.get(model.get("superseded_by", ""))
            ctx.facts[model_id] = memo.get(
                f"facts:{model_id}",
                ctx.model_inputs(model),
                lambda m=model, x=licence, s=successor: model_facts(m, x, s, catalog.vocab, today),
            )
        return ctx

    @property
    def tags(self) -> dict[str, Any]:
        return self.catalog.vocab.get("license-tags", {})

    @property
    def components(self) -> dict[str, Any]:
        return self.catalog.vocab.get("openness-components", {})

    def label(self, kind: str, path: tuple[str, ...], value: str) -> str:
        """How pages show an enum value: the schema's x-labels, else the value itself."""
        return label(self.catalog.fields.get(kind, []), path, value)

    def shown(self, kind: str, entry: dict[str, Any], place: str) -> list[tuple[str, str | None]]:
        """(label, value as text or None) for each field the schema shows in `place` (facts or
        compare). A comparison names the unit in the label, so its cells hold bare figures."""
        in_label = place == "compare"
        return [
            (f"{f.title} ({f.unit})" if in_label and f.unit else f.title, display(f, entry, unit=not in_label))
            for f in shown(self.catalog.fields.get(kind, []), place)
        ]

    @property
    def axes(self) -> dict[str, Any]:
        return self.catalog.vocab.get("tradeoff-axes", {})

    def model_inputs(self, model: dict[str, Any]) -> tuple[Any, ...]:
        """Everything a model's own page, table row or export record is made from: the model,
        its licence, provider, base model and successor, the vocabularies and today (for
        staleness and lifecycle)."""
        base = self.models.get(model.get("base_model", ""))
        successor = self.models.get(model.get("superseded_by", ""))
        licence, provider = self.licenses.get(model["license"]), self.providers.get(model["provider"])
        # a tuple, compared by value, of entries compared by identity: unchanged between regenerations
        scores, ranked_by = tuple(self.scores_of(model["id"])), (self.headline or {}).get("id")
        return (model, licence, provider, base, successor, scores, ranked_by, *self.shared_inputs())

    def shared_inputs(self) -> tuple[Any, ...]:
        """What every page may read besides its entries: vocabularies, schemas (labels, shown
        fields) and today."""
        return (*self.catalog.vocab.values(), self.catalog.schemas_digest, self.today)

    def listing_inputs(self, entry: dict[str, Any], models: list[dict[str, Any]]) -> tuple[Any, ...]:
        """Everything a page made from one entry and a list of links to models is made from."""
        return (entry, tuple((m["id"], m["name"], m["open_weights"]) for m in models), *self.shared_inputs())

    @cached_property
    def newest_sets(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(evaluation, its newest independent score set) for every evaluation that has one."""
        found = []
        for evaluation in self.evaluations.values():
            sets = [s for s in self.scores.values() if s["evaluation"] == evaluation["id"] and not s["self_reported"]]
            if sets:
                found.append((evaluation, max(sets, key=lambda s: (s["as_of"], s["id"]))))
        return found

    @cached_property
    def headline(self) -> dict[str, Any] | None:
        """The score set that ranks models across the site: of each evaluation's newest
        independent set, the one that scores the most models."""
        sets = [scores for _, scores in self.newest_sets]
        return max(sets, key=lambda s: (len(s["results"]), s["as_of"], s["id"]), default=None)

    def headline_score(self, model_id: str) -> float | None:
        headline = self.headline
        return next((value for _, s, value in self.scores_of(model_id) if headline and s["id"] == headline["id"]), None)

    def scores_of(self, model_id: str) -> list[tuple[dict[str, Any], dict[str, Any], float]]:
        """(evaluation, score set, value) for every score of the model, newest set first."""
        return self._scores.get(model_id, [])

    @cached_property
    def _scores(self) -> dict[str, list[tuple[dict[str, Any], dict[str, Any], float]]]:
        found: dict[str, list[tuple[dict[str, Any], dict[str, Any], float]]] = {}
        for scores in sorted(self.scores.values(), key=lambda s: (s["as_of"], s["id"]), reverse=True):
            evaluation = self.evaluations.get(scores["evaluation"], {})
            for result in scores["results"]:
                found.setdefault(result["model"], []).append((evaluation, scores, result["value"]))
        return found

    def models_of(self, key: str, value: str) -> list[dict[str, Any]]:
        """The models whose `license` or `provider` is value, in the models' order."""
        return self._grouped.get((key, value), [])

    @cached_property
    def _grouped(self) -> dict[tuple[str, str], list[dict[str, Any]]]:
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for model in self.models.values():
            for key in ("license", "provider"):
                groups.setdefault((key, model.get(key, "")), []).append(model)
        return groups

    def find(self, entry_id: str) -> tuple[str, dict[str, Any]] | None:
        """(kind, entry) for an id of any kind; ids are unique across the catalog."""
        for kind, attr in ENTRY_ATTRIBUTES.items():
            entry = getattr(self, attr).get(entry_id)
            if entry is not None:
                return kind, entry
        return None
