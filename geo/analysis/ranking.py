"""Composite index, rank stability and quarter types.

The index follows the manner of Berlin's Monitoring Soziale Stadtentwicklung:
each chosen indicator is z-standardised over the areas (population standard
deviation), multiplied by its direction (+1: higher means more need, -1:
lower means more need) and its weight (weights are normalised to sum 1),
and the products are summed. Rank 1 is the highest index.

Rank stability perturbs every weight independently by up to ±``spread``
(uniform, fixed seed) and counts how often each area stays in the top ``k``.

Quarter types ("Quartierstypen") are Ward clusters of the z-scores (scipy),
which involve no random start: the same input gives the same types. Types are
numbered by their mean index, type 1 being the most in need.

Extra rows (self-drawn quarters) are scored with the areas' standardisation
(:func:`score_extra`): their z-scores use the areas' mean and SD, so they never
change an area's z-score, index or rank; each gets the rank it would take among
the areas, its top-``k`` share under the same weight draws, and the type whose
profile is nearest (:func:`assign_types`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage

from geo.numbers import format_number
from geo.i18n import MessageError

__all__ = [
    "ExtraScores",
    "IndexResult",
    "RankingError",
    "assign_types",
    "composite_index",
    "directions_from",
    "method_text",
    "quarter_types",
    "rank_stability",
    "ranked_table",
    "score_extra",
    "zscores",
]


class RankingError(MessageError):
    """Bad ranking input; message in German and English."""


@dataclass(frozen=True)
class IndexResult:
    index: pd.Series  # composite value per ranked area
    rank: pd.Series  # 1 = highest index
    z: pd.DataFrame  # z-scores per indicator (already signed by direction)
    weights: Mapping[str, float]  # normalised weights used
    excluded: tuple[str, ...]  # areas left out for missing values


def zscores(frame: pd.DataFrame, ddof: int = 0) -> pd.DataFrame:
    """Column-wise z-scores (population SD by default, ``ddof=1``: sample SD); constant columns give 0."""
    std = frame.std(ddof=ddof).replace(0.0, np.nan)
    return ((frame - frame.mean()) / std).fillna(0.0)


def _prepare(
    areas: pd.DataFrame, weights: Mapping[str, float], directions: Mapping[str, int]
) -> tuple[pd.DataFrame, dict[str, float], tuple[str, ...]]:
    if not weights:
        raise RankingError("rankerr_pick_an_indicator")
    missing = [i for i in weights if i not in areas.columns]
    if missing:
        raise RankingError(
            "rankerr_unknown_indicators", names=', '.join(missing)
        )
    if any(w < 0 for w in weights.values()):
        raise RankingError("rankerr_negative_weights")
    total = float(sum(weights.values()))
    if total <= 0:
        raise RankingError(
            "rankerr_all_weights_zero"
        )
    chosen = [i for i, w in weights.items() if w > 0]
    data = areas[chosen].astype(float)
    complete = data.dropna()
    excluded = tuple(data.index[data.isna().any(axis=1)])
    if len(complete) < 2:
        raise RankingError(
            "rankerr_too_few_complete_areas"
        )
    signs = pd.Series({i: float(np.sign(directions.get(i, 1)) or 1.0) for i in chosen})
    z = zscores(complete) * signs
    return z, {i: weights[i] / total for i in chosen}, excluded


def composite_index(
    areas: pd.DataFrame, weights: Mapping[str, float], directions: Mapping[str, int] | None = None
) -> IndexResult:
    """Weighted sum of signed z-scores, ranked (1 = highest)."""
    z, normalised, excluded = _prepare(areas, weights, directions or {})
    index = (z * pd.Series(normalised)).sum(axis=1)
    rank = index.rank(ascending=False, method="min").astype(int)
    return IndexResult(index=index, rank=rank, z=z, weights=normalised, excluded=excluded)


def rank_stability(
    areas: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, int] | None = None,
    top_k: int = 3,
    spread: float = 0.2,
    draws: int = 1000,
    seed: int = 2017,
) -> pd.Series:
    """Share of weight draws (0–1) in which each area ranks in the top ``top_k``."""
    z, normalised, _ = _prepare(areas, weights, directions or {})
    scores = _weight_draws(normalised, list(z.columns), spread, draws, seed) @ z.to_numpy().T  # draws × areas
    # rank within each draw: position of each area when sorted descending
    order = np.argsort(-scores, axis=1, kind="stable")
    in_top = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(in_top, order[:, :top_k], True, axis=1)
    return pd.Series(in_top.mean(axis=0), index=z.index, name="top_share")


def _weight_draws(
    normalised: Mapping[str, float], columns: Sequence[str], spread: float, draws: int, seed: int
) -> np.ndarray:
    """``draws`` weight vectors (rows summing to 1): each weight times a factor in 1 ± ``spread``."""
    base = np.array([normalised[c] for c in columns])
    drawn = base * np.random.default_rng(seed).uniform(1.0 - spread, 1.0 + spread, size=(draws, len(base)))
    return drawn / drawn.sum(axis=1, keepdims=True)


def quarter_types(z: pd.DataFrame, n_types: int, index: pd.Series | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """Ward clusters of z-scores: ``(type per area, profile = mean z per type)``.

    Types are numbered 1..n by descending mean ``index`` (or by the first
    column when no index is given), so numbering is stable.
    """
    if not 2 <= n_types <= len(z):
        raise RankingError("rankerr_types_range", n=n_types, most=len(z))
    labels = fcluster(linkage(z.to_numpy(), method="ward"), t=n_types, criterion="maxclust")
    raw = pd.Series(labels, index=z.index)
    order_key = index if index is not None else z.iloc[:, 0]
    means = order_key.groupby(raw).mean().sort_values(ascending=False)
    renumber = {old: new for new, old in enumerate(means.index, start=1)}
    types = raw.map(renumber).rename("type")
    profile = z.groupby(types).mean()
    profile.insert(0, "areas", types.value_counts().sort_index())
    return types, profile


def method_text(
    weights: Mapping[str, float], directions: Mapping[str, int], labels: Mapping[str, str], lang: str = "de"
) -> str:
    """One line describing the index in the reader's number format: "0,50 × z(Anteil …) − 0,50 × z(…)"."""
    parts = []
    for indicator, weight in weights.items():
        sign = "+" if directions.get(indicator, 1) >= 0 else "−"
        parts.append(f"{sign} {format_number(weight, 2, lang)} × z({labels.get(indicator, indicator)})")
    return " ".join(parts).lstrip("+ ")


def ranked_table(result: IndexResult, stability: pd.Series | None, names: Mapping[str, str]) -> pd.DataFrame:
    """Rank, name, index and (optionally) top-k share, best first."""
    areas = result.rank.index
    table = pd.DataFrame({"rank": result.rank, "name": pd.Series(names).reindex(areas), "index": result.index})
    if stability is not None:
        table["top_share"] = stability.reindex(areas)
    return table.sort_values(["rank", "name"])


def directions_from(choices: Sequence[tuple[str, float, int]]) -> tuple[dict[str, float], dict[str, int]]:
    """Split ``(indicator, weight, direction)`` rows into weights and directions."""
    return {i: float(w) for i, w, _ in choices}, {i: int(d) for i, _, d in choices}


_TIE = 1e-12  # index values closer than this are equal


@dataclass(frozen=True)
class ExtraScores:
    """Extra rows scored against the areas (never part of their standardisation).

    ``table``: per extra row ``index``, ``would_rank`` (1 + areas with a higher index), ``of`` (the
    ranked areas plus this row) and ``top_share`` (weight draws in which it would be in the top ``k``);
    rows missing a chosen indicator are left out and named in ``missing`` (row -> indicators).
    ``z``: their signed z-scores, columns as the areas' ``IndexResult.z``.
    """

    table: pd.DataFrame
    z: pd.DataFrame
    missing: Mapping[str, tuple[str, ...]]


def score_extra(
    areas: pd.DataFrame,
    extra: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, int] | None = None,
    top_k: int = 3,
    spread: float = 0.2,
    draws: int = 1000,
    seed: int = 2017,
) -> ExtraScores:
    """Score ``extra`` rows with the mean and SD of ``areas`` (as :func:`composite_index` does for the areas).

    >>> areas = pd.DataFrame({"a": [0.0, 10.0, 20.0]}, index=["x", "y", "z"])
    >>> int(score_extra(areas, pd.DataFrame({"a": [15.0]}, index=["q"]), {"a": 1.0}).table.loc["q", "would_rank"])
    2
    """
    directions = directions or {}
    z_areas, normalised, _ = _prepare(areas, weights, directions)
    chosen = list(z_areas.columns)
    complete = areas[chosen].astype(float).dropna()
    mean, std = complete.mean(), complete.std(ddof=0)
    values = extra.reindex(columns=chosen).astype(float)
    missing = {str(r): tuple(c for c in chosen if pd.isna(values.at[r, c])) for r in values.index}
    missing = {r: cols for r, cols in missing.items() if cols}
    values = values.drop(index=list(missing))
    signs = pd.Series({i: float(np.sign(directions.get(i, 1)) or 1.0) for i in chosen})
    z = ((values - mean) / std.replace(0.0, np.nan)).fillna(0.0) * signs  # constant column: 0, as for the areas
    area_index = (z_areas * pd.Series(normalised)).sum(axis=1).to_numpy()
    index = (z * pd.Series(normalised)).sum(axis=1)
    drawn = _weight_draws(normalised, chosen, spread, draws, seed)  # the very draws of rank_stability
    area_scores = drawn @ z_areas.to_numpy().T  # draws × areas
    extra_scores = drawn @ z.to_numpy().T  # draws × extra rows
    # Ties (a quarter drawn exactly like an area) do not count as "above": scores of equal rows may differ
    # in the last bits, as the matrix products differ in shape.
    above = (area_scores[:, :, None] > extra_scores[:, None, :] + _TIE).sum(axis=1)  # draws × extra rows
    table = pd.DataFrame(
        {
            "index": index,
            "would_rank": [1 + int((area_index > v + _TIE).sum()) for v in index],
            "of": len(area_index) + 1,
            "top_share": (above < top_k).mean(axis=0) if len(z) else [],
        },
        index=z.index,
    )
    return ExtraScores(table=table, z=z, missing=missing)


def assign_types(z: pd.DataFrame, profile: pd.DataFrame) -> pd.Series:
    """The type of each row of ``z``: the type whose profile (mean z of its areas) is nearest (Euclidean,
    as Ward measures). The areas' types stay as :func:`quarter_types` made them."""
    centres = profile.drop(columns="areas", errors="ignore")[list(z.columns)]
    if z.empty:
        return pd.Series(dtype=int, name="type")
    distances = ((z.to_numpy()[:, None, :] - centres.to_numpy()[None, :, :]) ** 2).sum(axis=2)
    return pd.Series(centres.index[distances.argmin(axis=1)], index=z.index, name="type")
