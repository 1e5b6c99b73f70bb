"""Running recipes on a dataset and comparing them: who flags which area, how far they agree.

:func:`run_recipe` binds a recipe to a dataset (:func:`geo.analysis.recipes.bind`) and, only when
every role has its indicator, applies its rule; otherwise the run says which roles are missing and
has no result. :func:`compare` lays the runs side by side: per area the recipes that flag it, its
rank under each, ``k`` of ``n``; pairwise the Jaccard index of the flagged sets and Kendall's τ-b of
the ranks (over the areas both recipes rank). Areas where the recipes disagree (flagged by some,
not all) come first.

>>> jaccard({"a", "b"}, {"b", "c"})
0.3333333333333333
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from scipy.stats import kendalltau

from geo.analysis.network import IndicatorMapping
from geo.analysis.recipe_rules import RecipeResult, apply_rule
from geo.analysis.recipes import Binding, Recipe, RecipeError, Role, bind
from geo.i18n import tr
from geo.numbers import share
from geo.domain.dataset import Dataset

__all__ = ["Comparison", "RecipeRun", "compare", "flagged_share", "inputs_text", "jaccard", "kendall_tau", "own_recipe", "run_recipe"]


@dataclass(frozen=True)
class RecipeRun:
    """A recipe on one dataset: its binding and, when it could run, its result; else why not."""

    recipe: Recipe
    binding: Binding
    result: RecipeResult | None = None
    error: RecipeError | None = None  # the rule refused (typed: ``error.text(lang)``), e.g. no city value

    @property
    def ran(self) -> bool:
        return self.result is not None

    def frame(self, dataset: Dataset) -> pd.DataFrame:
        """The dataset's values under the role keys."""
        return pd.DataFrame({k: dataset.areas[i].astype(float) for k, i in self.binding.indicators.items()})

    def city(self, dataset: Dataset) -> dict[str, float]:
        return {k: float(dataset.city.get(i, math.nan)) for k, i in self.binding.indicators.items()}


def own_recipe(recipe: Recipe, weights: Mapping[str, float], directions: Mapping[str, int],
               labels: Mapping[str, str]) -> Recipe:
    """The user's own weighted index: one role per indicator with a weight above 0, named by its id."""
    roles = [
        Role(key=i, label_de=labels.get(i, i), label_en=labels.get(i, i), kind="any",
             direction=1 if directions.get(i, 1) >= 0 else -1, names=(i,), weight=float(w))
        for i, w in weights.items() if w > 0
    ]
    if not roles:
        raise RecipeError("rcperr_pick_an_indicator")
    return recipe.with_roles(roles)


def run_recipe(recipe: Recipe, dataset: Dataset, mapping: IndicatorMapping | None = None) -> RecipeRun:
    """Bind and, when complete, apply; a missing role or a refused rule is said, never filled in."""
    binding = bind(recipe, dataset.source.id, dataset.specs, mapping)
    if not binding.ok:
        return RecipeRun(recipe, binding)
    run = RecipeRun(recipe, binding)
    try:
        result = apply_rule(recipe, run.frame(dataset), run.city(dataset))
    except RecipeError as exc:
        return RecipeRun(recipe, binding, error=exc)
    return RecipeRun(recipe, binding, result)


def jaccard(a: Collection[str], b: Collection[str]) -> float:
    """|A ∩ B| ÷ |A ∪ B|; NaN when neither recipe flags an area (nothing to agree on)."""
    union = set(a) | set(b)
    return len(set(a) & set(b)) / len(union) if union else math.nan


def kendall_tau(a: pd.Series, b: pd.Series) -> float:
    """Kendall's τ-b of two rankings over the areas both rank; NaN with fewer than two or no variation."""
    both = pd.concat([a, b], axis=1).dropna()
    if len(both) < 2 or both.iloc[:, 0].nunique() < 2 or both.iloc[:, 1].nunique() < 2:
        return math.nan
    return float(kendalltau(both.iloc[:, 0].astype(float), both.iloc[:, 1].astype(float)).statistic)


@dataclass(frozen=True)
class Comparison:
    """``areas``: per area ``name``, ``k`` (recipes flagging it), ``n`` (recipes that ran), ``disagree``
    and per recipe id ``flag:<id>`` and ``rank:<id>``; disagreeing areas first.
    ``pairs``: per pair of recipes ``a``, ``b``, ``jaccard``, ``tau``, ``common`` (areas both rank)."""

    areas: pd.DataFrame
    pairs: pd.DataFrame
    recipes: tuple[str, ...]


def compare(runs: Sequence[RecipeRun], names: pd.Series) -> Comparison:
    """Side by side the runs that have a result (at least one)."""
    ran = [r for r in runs if r.ran]
    if not ran:
        raise RecipeError("rcperr_none_recipes_could_run")
    table = pd.DataFrame({"name": names.astype(str)})
    for run in ran:
        table[f"flag:{run.recipe.id}"] = run.result.flagged.reindex(table.index, fill_value=False).astype(bool)
        table[f"rank:{run.recipe.id}"] = run.result.rank.reindex(table.index)
    flags = table[[f"flag:{r.recipe.id}" for r in ran]]
    table["k"] = flags.sum(axis=1).astype(int)
    table["n"] = len(ran)
    table["disagree"] = (table["k"] > 0) & (table["k"] < len(ran))
    table = table.sort_values(["disagree", "k", "name"], ascending=[False, False, True], kind="stable")
    pairs = []
    for i, first in enumerate(ran):
        for second in ran[i + 1:]:
            a, b = first.result, second.result
            common = pd.concat([a.rank, b.rank], axis=1).dropna()
            pairs.append({
                "a": first.recipe.id, "b": second.recipe.id,
                "jaccard": jaccard(set(a.flagged[a.flagged].index), set(b.flagged[b.flagged].index)),
                "tau": kendall_tau(a.rank, b.rank), "common": len(common),
            })
    pair_frame = pd.DataFrame(pairs, columns=["a", "b", "jaccard", "tau", "common"])
    return Comparison(table, pair_frame, tuple(r.recipe.id for r in ran))


def inputs_text(run: RecipeRun, dataset: Dataset, lang: str = "de") -> list[tuple[str, str]]:
    """(role, "indicator label (year, source)") per bound role, for captions, CSV and documents."""
    rows = []
    for role in run.recipe.roles:
        indicator = run.binding.indicators.get(role.key)
        if indicator is None:
            rows.append((role.label(lang), tr("recipe_role_missing", lang)))
            continue
        spec = dataset.specs[indicator]
        via = {"mapping": tr("recipe_via_mapping", lang), "name": tr("recipe_via_name", lang)}
        source = spec.source  # a derived share names its counts: the dataset's source is added
        if dataset.source.source and dataset.source.source not in source:
            source = f"{source}, {dataset.source.source}"
        rows.append((role.label(lang), f"{spec.label(lang)} ({spec.year or '–'}, {source}; {via[run.binding.how[role.key]]})"))
    return rows


def flagged_share(run: RecipeRun, dataset: Dataset, residents: str | None) -> float:
    """Share (0–1) of the residents living in flagged areas; NaN without a residents count."""
    if not run.ran or residents is None or residents not in dataset.areas:
        return math.nan
    people = dataset.areas[residents].astype(float)
    total = people[run.result.score.dropna().index].sum()
    flagged = people[run.result.flagged[run.result.flagged].index].sum()
    return share(flagged, total, per=1.0)
