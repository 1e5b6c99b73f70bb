"""The rules of the arrival-quarter recipes: values in, points or classes, flags and ranks out.

Every rule takes a frame with one column per role (the role's key) on the areas' index and the
city value of each role, and returns a :class:`RecipeResult` on that index. Areas with a missing
value in a role get no score, no rank and no flag, and are named in ``left_out``.

* ``quintile_points`` (Kurtenbach): per role, the areas are ordered in the direction that points
  to arrival and get 1–5 points by quintile; the points are summed (4–20 with four roles) and an
  area with at least ``threshold`` points is flagged. **Ties at a quintile border:** tied values
  share the lowest rank of their group (``rank(method="min")``), so they all get the points of the
  lower quintile; points = 1 + ⌊5 × (rank − 1) ÷ n⌋. An area never gets more points than an area
  with the same value, and a tie never lifts an area into a higher quintile.
* ``threshold``: flagged when every role's value is at least ``factor`` × its city value (for a
  "down" role: at most). The score is the smallest ratio value ÷ (factor × city value) (for a
  "down" role its inverse): 1 or more means every condition is met, and it orders the areas.
* ``weighted_index``: the weighted sum of signed z-scores (:func:`geo.analysis.ranking.composite_index`);
  flagged at an index of at least ``cutoff``.
* ``status_dynamics``: the MSS status and dynamics classes through
  :func:`geo.analysis.statusdynamics_spec.apply_spec` (the code the ranking page uses); flagged when the
  status class is one of ``flag_status``. The score is the status index.

Rank 1 is the highest score (ties share the lowest rank).

>>> quintile_points(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), 1).tolist()
[1, 2, 3, 4, 5]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.analysis.ranking import composite_index
from geo.analysis.recipes import Recipe, RecipeError
from geo.analysis.statusdynamics import StatusDynamicsRules
from geo.analysis.statusdynamics_spec import StatusDynamicsSpec, apply_spec
from geo.i18n import Words

__all__ = ["RULE_FUNCTIONS", "RecipeResult", "apply_rule", "quintile_points", "score_quarters"]


@dataclass(frozen=True)
class RecipeResult:
    """On the input index: ``score`` (points, ratio or index), ``flagged``, ``rank`` (1 = highest);
    ``detail``: per role what the rule made of it (points, ratio or z-score), ``classes``: class labels
    where the rule has them (MSS code)."""

    recipe: Recipe
    score: pd.Series
    flagged: pd.Series
    rank: pd.Series
    detail: pd.DataFrame
    classes: pd.Series | None = None
    left_out: Mapping[str, str] = field(default_factory=dict)  # area -> why (German / English)


def quintile_points(values: pd.Series, direction: int) -> pd.Series:
    """1–5 points by quintile in the direction that points to arrival; ties take the lower quintile.

    >>> quintile_points(pd.Series([10.0, 20.0, 20.0, 40.0, 50.0]), 1).tolist()
    [1, 2, 2, 4, 5]
    >>> quintile_points(pd.Series([10.0, 20.0, 30.0, 40.0, 50.0]), -1).tolist()
    [5, 4, 3, 2, 1]
    """
    present = values.dropna().astype(float) * (1 if direction >= 0 else -1)
    n = len(present)
    rank = present.rank(method="min")
    points = (1 + np.floor(5 * (rank - 1) / n)).astype(int) if n else pd.Series(dtype=int)
    return points.reindex(values.index).astype("Int64")


def _ranked(score: pd.Series) -> pd.Series:
    return score.rank(ascending=False, method="min").astype("Int64")


def _complete(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    gaps = frame.isna().any(axis=1)
    left_out = {
        str(a): f"fehlende Werte: {', '.join(c for c in frame.columns if pd.isna(frame.at[a, c]))} / missing values"
        for a in frame.index[gaps]
    }
    if (~gaps).sum() < 2:
        raise RecipeError("rcperr_too_few_areas_all")
    return frame[~gaps].astype(float), left_out


def _quintile(recipe: Recipe, frame: pd.DataFrame, city: Mapping[str, float]) -> RecipeResult:
    values, left_out = _complete(frame)
    detail = pd.DataFrame({r.key: quintile_points(values[r.key], r.direction) for r in recipe.roles})
    score = detail.sum(axis=1).astype(float)
    flagged = score >= float(recipe.params["threshold"])
    return RecipeResult(recipe, score.reindex(frame.index), flagged.reindex(frame.index, fill_value=False),
                        _ranked(score).reindex(frame.index), detail.reindex(frame.index), left_out=left_out)


def _ratios(recipe: Recipe, values: pd.DataFrame, city: Mapping[str, float]) -> pd.DataFrame:
    ratios = {}
    for role in recipe.roles:
        reference = city.get(role.key, math.nan)
        if reference is None or not math.isfinite(reference) or reference == 0:
            raise RecipeError("rcperr_no_city_value", role=Words(role.label_de, role.label_en))
        ratio = values[role.key] / (role.factor * float(reference))
        ratios[role.key] = ratio if role.direction > 0 else 1.0 / ratio.replace(0.0, np.nan)
    return pd.DataFrame(ratios, index=values.index)


def _threshold(recipe: Recipe, frame: pd.DataFrame, city: Mapping[str, float]) -> RecipeResult:
    values, left_out = _complete(frame)
    detail = _ratios(recipe, values, city)
    score = detail.min(axis=1)
    flagged = score >= 1.0 - 1e-12
    return RecipeResult(recipe, score.reindex(frame.index), flagged.reindex(frame.index, fill_value=False),
                        _ranked(score).reindex(frame.index), detail.reindex(frame.index), left_out=left_out)


def _weighted(recipe: Recipe, frame: pd.DataFrame, city: Mapping[str, float]) -> RecipeResult:
    values, left_out = _complete(frame)
    result = composite_index(values, {r.key: r.weight for r in recipe.roles}, {r.key: r.direction for r in recipe.roles})
    score = result.index
    flagged = score >= float(recipe.params["cutoff"]) - 1e-12
    return RecipeResult(recipe, score.reindex(frame.index), flagged.reindex(frame.index, fill_value=False),
                        _ranked(score).reindex(frame.index), result.z.reindex(frame.index), left_out=left_out)


def status_spec(recipe: Recipe) -> StatusDynamicsSpec:
    """The :class:`StatusDynamicsSpec` the MSS recipe stands for (role keys as indicator ids)."""
    status = [r for r in recipe.roles if r.part == "status"]
    dynamics = [r for r in recipe.roles if r.part == "dynamics"]
    params = recipe.params
    config = StatusDynamicsRules(
        tuple(params.get("status_cuts", (-1.0, 1.0, 1.5))), tuple(params.get("dynamics_cuts", (-1.0, 1.0))),
        float(params.get("min_residents", 0.0)), str(params.get("sd", "population")),
    )
    return StatusDynamicsSpec(
        status=tuple((r.key, r.weight) for r in status),
        directions=tuple((r.key, r.direction) for r in status),
        config=config,
        changes=tuple((r.key, r.weight) for r in dynamics),
        reverse=tuple(r.key for r in dynamics if r.direction < 0),
    )


def _status(recipe: Recipe, frame: pd.DataFrame, city: Mapping[str, float]) -> RecipeResult:
    from geo.analysis.statusdynamics import StatusDynamicsError

    try:
        result, _ = apply_spec(frame.astype(float), status_spec(recipe))
    except StatusDynamicsError as exc:
        raise RecipeError(exc.key or str(exc), **exc.values) from None
    table = result.table
    score = table["status_index"].astype(float)
    wanted = {int(c) for c in recipe.params["flag_status"]}
    flagged = table["status_class"].map(lambda c: (not pd.isna(c)) and int(c) in wanted).astype(bool)
    detail = table[["status_class", "dynamics_class"]]
    return RecipeResult(recipe, score, flagged, _ranked(score.dropna()).reindex(frame.index), detail,
                        classes=table["code"], left_out=dict(result.left_out))


# rule -> function; adding a rule is adding a row here and in geo.analysis.recipes.RULES
RULE_FUNCTIONS: Mapping[str, Callable[[Recipe, pd.DataFrame, Mapping[str, float]], RecipeResult]] = {
    "quintile_points": _quintile,
    "threshold": _threshold,
    "weighted_index": _weighted,
    "status_dynamics": _status,
}


def apply_rule(recipe: Recipe, frame: pd.DataFrame, city: Mapping[str, float] | None = None) -> RecipeResult:
    """The recipe's rule on ``frame`` (columns: role keys). Raises :class:`RecipeError`."""
    missing = [r.key for r in recipe.roles if r.key not in frame.columns]
    if missing:
        raise RecipeError("rcperr_missing_columns", columns=', '.join(missing))
    return RULE_FUNCTIONS[recipe.rule](recipe, frame[[r.key for r in recipe.roles]], dict(city or {}))


def score_quarters(result: RecipeResult, areas: pd.DataFrame, extra: pd.DataFrame,
                   city: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Extra rows (self-drawn quarters) scored against the areas, which they never change.

    Quintile points use the areas' order (points = 1 + ⌊5 × areas strictly below ÷ n⌋, at most 5: the
    areas' own formula); the threshold rule the same city values; the weighted index the areas' mean and SD.
    The MSS classes are not given to quarters (the classes belong to the standardised areas): they
    raise :class:`RecipeError`. Returns ``score``, ``flagged``, ``would_rank`` (1 + areas above) and
    ``of`` per extra row with all values; rows missing a value are left out.
    """
    recipe = result.recipe
    keys = [r.key for r in recipe.roles]
    values = extra.reindex(columns=keys).astype(float).dropna()
    base = areas[keys].astype(float).dropna()
    if recipe.rule == "status_dynamics":
        raise RecipeError("rcperr_mss_classes_areas_only")
    if recipe.rule == "quintile_points":
        n = len(base)
        points = pd.DataFrame({
            r.key: [min(5, 1 + math.floor(5 * int(((base[r.key] - v) * r.direction < 0).sum()) / n)) for v in values[r.key]]
            for r in recipe.roles
        }, index=values.index)
        score = points.sum(axis=1).astype(float)
        flagged = score >= float(recipe.params["threshold"])
    elif recipe.rule == "threshold":
        score = _ratios(recipe, values, dict(city or {})).min(axis=1)
        flagged = score >= 1.0 - 1e-12
    else:
        mean, std = base.mean(), base.std(ddof=0).replace(0.0, np.nan)
        total = sum(r.weight for r in recipe.roles)
        z = ((values - mean) / std).fillna(0.0)
        score = sum(z[r.key] * r.direction * r.weight / total for r in recipe.roles)
        score = pd.Series(score, index=values.index, dtype=float)
        flagged = score >= float(recipe.params["cutoff"]) - 1e-12
    area_scores = result.score.dropna().to_numpy()
    return pd.DataFrame({
        "score": score, "flagged": flagged,
        "would_rank": [1 + int((area_scores > v + 1e-12).sum()) for v in score],
        "of": len(area_scores) + 1,
    }, index=values.index)
