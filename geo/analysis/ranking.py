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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage

from geo.domain.formatting import format_number

__all__ = [
    "IndexResult",
    "RankingError",
    "composite_index",
    "directions_from",
    "method_text",
    "quarter_types",
    "rank_stability",
    "ranked_table",
    "zscores",
]


class RankingError(ValueError):
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
        raise RankingError("Bitte mindestens einen Indikator wählen. / Pick at least one indicator.")
    missing = [i for i in weights if i not in areas.columns]
    if missing:
        raise RankingError(
            f"Unbekannte Indikatoren: {', '.join(missing)}. / Unknown indicators: {', '.join(missing)}."
        )
    if any(w < 0 for w in weights.values()):
        raise RankingError("Gewichte dürfen nicht negativ sein. / Weights must not be negative.")
    total = float(sum(weights.values()))
    if total <= 0:
        raise RankingError(
            "Alle Gewichte sind null: mindestens ein Indikator braucht ein Gewicht über 0. / "
            "All weights are zero: at least one indicator needs a weight above 0."
        )
    chosen = [i for i, w in weights.items() if w > 0]
    data = areas[chosen].astype(float)
    complete = data.dropna()
    excluded = tuple(data.index[data.isna().any(axis=1)])
    if len(complete) < 2:
        raise RankingError(
            "Zu wenige Gebiete mit vollständigen Werten für eine Rangfolge. / Too few areas with complete values."
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
    base = np.array([normalised[c] for c in z.columns])
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, len(base)))
    drawn = base * factors
    drawn /= drawn.sum(axis=1, keepdims=True)
    scores = drawn @ z.to_numpy().T  # draws × areas
    # rank within each draw: position of each area when sorted descending
    order = np.argsort(-scores, axis=1, kind="stable")
    in_top = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(in_top, order[:, :top_k], True, axis=1)
    return pd.Series(in_top.mean(axis=0), index=z.index, name="top_share")


def quarter_types(z: pd.DataFrame, n_types: int, index: pd.Series | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """Ward clusters of z-scores: ``(type per area, profile = mean z per type)``.

    Types are numbered 1..n by descending mean ``index`` (or by the first
    column when no index is given), so numbering is stable.
    """
    if not 2 <= n_types <= len(z):
        raise RankingError(
            f"Anzahl Typen {n_types} nicht möglich (2 bis {len(z)}). / Number of types {n_types} not possible."
        )
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
