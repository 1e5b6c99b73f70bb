"""Statistical disclosure control for the public deployment, decided per figure.

A figure is one published number (an indicator of an area, of a merged map
unit or of the city, see :mod:`geo.analysis.relations`).

Primary suppression: an area with fewer residents than ``min_residents``
(Berlin's social monitoring leaves out areas under 300) shows no figures, and
a count whose size is below ``min_count`` is hidden, for areas, merged units and
the city.

The closure then hides, until nothing hidden can be worked out again:

1. every share (or other ratio) whose numerator is hidden: share × base gives
   it back, and a 0 % share gives 0 even without the base;
2. every imported percentage without a definition when a count of its row and
   year is hidden (we cannot know which counts it was made of);
3. the other figures of a ratio or change with exactly one hidden member: the
   share, change or per-1,000 rate first (the year values and counts stay);
4. complementary figures for totals and splits (a total count and its parts
   in one row, :mod:`geo.analysis.splits`: Einwohner = Deutsche + Ausländer) (secondary suppression per indicator and
   per group, not per area): a group (or split) with exactly one hidden figure of an
   indicator hides the smallest other one of the group (preferring areas that
   already hide something); and whenever the totals of merged units and of the
   city, the changes between years and the ratios with one known factor still
   determine a hidden figure together (city − merged unit − shown areas; a year
   total from another year's total and the shown changes), one of the shown
   figures that this combination uses is hidden: the first that ends the leak
   by itself, areas before merged units before the city, cheapest first.
   Totals stay exact where they can; a city value is hidden only when no area
   can protect the hidden figure.

Known limits: interval bounds are not protected (a hidden count is known to be
below ``min_count``, as the notice says), and relations that stay non-linear
after everything known is filled in (count known, share and base both hidden)
are not solved.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from geo.analysis.relations import AREA, UNIT, Figure, Relation, published, relations
from geo.domain.dataset import UNIT_COLUMN, Dataset
from geo.domain.precision import rounded
from geo.domain.timeseries import split_year
from geo.read.zensus import Grid
from geo.settings import DisclosureRules

__all__ = [
    "RESIDENTS",
    "apply_min_count",
    "apply_disclosure",
    "describe",
    "hidden_figures",
    "public_view",
    "suppression",
]

# Count indicators that give an area's residents: the default dataset's id and imported
# columns by their slug, also per year ("einwohner@2022").
RESIDENTS = re.compile(
    r"^(residents|einwohner(innen)?(-und-einwohner)?|einwohnerzahl|bevoelkerung|population)(-insgesamt|-gesamt)?$"
)
CITY_LABEL = "Gesamtstadt / whole city"



def _small_areas(dataset: Dataset, rules: DisclosureRules) -> set[str]:
    ids = [s.id for s in dataset.specs.values() if s.kind == "count" and RESIDENTS.match(split_year(s.id)[0])]
    ids = [i for i in ids if i in dataset.areas]
    if not ids:
        return set()
    smallest = dataset.areas[ids].min(axis=1, skipna=True)  # the smallest year counts
    return {str(a) for a in smallest.index[smallest < rules.min_residents]}


def _primary(
    dataset: Dataset, rules: DisclosureRules, values: Mapping[Figure, float]
) -> tuple[set[str], set[Figure]]:
    small_areas = _small_areas(dataset, rules)
    small_counts = {
        f for f, v in values.items() if dataset.specs[f.indicator].kind == "count" and abs(v) < rules.min_count
    }
    return small_areas, small_counts


def hidden_figures(dataset: Dataset, rules: DisclosureRules) -> frozenset[Figure]:
    """Every figure the public view must not show: primary suppression and its closure."""
    values = published(dataset)
    small_areas, small_counts = _primary(dataset, rules, values)
    hidden = {f for f in values if f.level == AREA and f.row in small_areas} | small_counts
    with _one_blas_thread():
        _close(relations(dataset, values), values, hidden)
    return frozenset(hidden)


def _one_blas_thread():
    """Many small SVDs: BLAS threads only spin against each other (60× slower on a busy 2-core host)."""
    try:
        from threadpoolctl import threadpool_limits  # comes with scikit-learn (mapclassify)
    except ImportError:  # pragma: no cover - then BLAS runs as configured
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def suppression(dataset: Dataset, rules: DisclosureRules) -> dict[str, tuple[str, ...]]:
    """Indicator ids to hide per area id (in spec order); areas showing everything are left out."""
    hidden = hidden_figures(dataset, rules)
    return {
        str(area): tuple(s for s in dataset.specs if Figure(AREA, str(area), s) in hidden)
        for area in dataset.areas.index
        if any(f.level == AREA and f.row == str(area) for f in hidden)
    }


# --- closure --------------------------------------------------------------------------------


class _State:
    """Hidden figures with the rows they are in (for "prefer areas that already hide something")."""

    def __init__(self, values: Mapping[Figure, float], hidden: set[Figure]) -> None:
        self.values = values
        self.hidden = hidden
        self.order = {f: i for i, f in enumerate(values)}
        self.rows = {(f.level, f.row) for f in hidden}

    def hide(self, figure: Figure) -> None:
        self.hidden.add(figure)
        self.rows.add((figure.level, figure.row))

    def shown(self, figures: tuple[Figure, ...] | list[Figure]) -> list[Figure]:
        return [f for f in figures if f not in self.hidden]

    def cost(self, figure: Figure) -> tuple[bool, float, int]:
        """Hiding costs least in a row that already hides something, and for a small value."""
        return (figure.level, figure.row) not in self.rows, abs(self.values[figure]), self.order[figure]

    def smallest(self, figures: list[Figure]) -> Figure | None:
        return min(figures, key=self.cost, default=None)


def _close(links: list[Relation], values: Mapping[Figure, float], hidden: set[Figure]) -> None:
    state = _State(values, hidden)
    while True:
        _local(links, state)
        if not _joint(links, state):
            return


def _local(links: list[Relation], state: _State) -> None:
    """Rules 1–3 (one relation at a time) until none applies."""
    changed = True
    while changed:
        changed = False
        for relation in links:
            fix = _LOCAL[relation.kind](relation, state)
            if fix is not None:
                state.hide(fix)
                changed = True


def _percent_fix(relation: Relation, state: _State) -> Figure | None:
    if relation.result not in state.hidden and any(f in state.hidden for f in relation.inputs):
        return relation.result
    return None


def _one_hidden_fix(relation: Relation, state: _State) -> Figure | None:
    """Exactly one hidden member in a ratio or change: hide the result, else the smaller input."""
    if relation.kind == "ratio" and relation.inputs[0] in state.hidden and relation.result not in state.hidden:
        return relation.result  # rule 1: a share never outlives its numerator
    shown = state.shown(relation.members)
    if len(shown) != len(relation.members) - 1:
        return None
    if relation.result in shown:
        return relation.result
    return min(shown, key=lambda f: (abs(state.values[f]), state.order[f]))


def _total_fix(relation: Relation, state: _State) -> Figure | None:
    """Exactly one hidden figure in a group: hide one more member (or the total of a one-member group)."""
    shown = state.shown(relation.members)
    if len(shown) != len(relation.members) - 1:
        return None
    return state.smallest(state.shown(relation.inputs)) or relation.result


_LOCAL = {
    "percent": _percent_fix,
    "ratio": _one_hidden_fix,
    "change": _one_hidden_fix,
    "total": _total_fix,
    "split": _total_fix,
}


@dataclass(frozen=True)
class _Equation:
    """A relation as ``Σ coefficient × figure = 0`` over all its terms; ``factors`` are known figures
    that became coefficients (the known share or base of a ratio)."""

    relation: Relation
    terms: dict[Figure, float]
    factors: tuple[Figure, ...] = ()


def _linear(relation: Relation, state: _State) -> _Equation | None:
    """The relation as a linear equation with at least one hidden term, if it is one."""
    hidden = state.hidden
    factors: tuple[Figure, ...] = ()
    if relation.kind in ("total", "split"):
        terms = {relation.result: 1.0, **{f: -1.0 for f in relation.inputs}}
    elif relation.kind == "change":
        earlier, later = relation.inputs
        terms = {relation.result: 1.0, later: -1.0, earlier: 1.0}
    elif relation.kind == "ratio":
        share, (numerator, denominator) = relation.result, relation.inputs
        # share × denominator = numerator × per is linear when share or denominator is known.
        if numerator in hidden and share in hidden and denominator not in hidden:
            terms, factors = {numerator: relation.per, share: -state.values[denominator]}, (denominator,)
        elif numerator in hidden and denominator in hidden and share not in hidden:
            terms, factors = {numerator: relation.per, denominator: -state.values[share]}, (share,)
        else:
            return None
    else:
        return None
    terms = {f: c for f, c in terms.items() if c != 0.0}
    scale = max(abs(c) for c in terms.values())
    if not any(f in hidden for f in terms):
        return None
    return _Equation(relation, {f: c / scale for f, c in terms.items()}, factors)


def _components(equations: list[_Equation], hidden: set[Figure]) -> list[list[_Equation]]:
    parent: dict[Figure, Figure] = {}

    def find(f: Figure) -> Figure:
        while parent.setdefault(f, f) != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    unknowns = [[f for f in eq.terms if f in hidden] for eq in equations]
    for first, *rest in unknowns:
        for other in rest:
            parent[find(other)] = find(first)
    groups: dict[Figure, list[_Equation]] = {}
    for equation, names in zip(equations, unknowns):
        groups.setdefault(find(names[0]), []).append(equation)
    return list(groups.values())


def _matrix(equations: list[_Equation], state: _State) -> tuple[list[Figure], np.ndarray]:
    unknowns = sorted({f for eq in equations for f in eq.terms if f in state.hidden}, key=state.order.__getitem__)
    column = {f: j for j, f in enumerate(unknowns)}
    matrix = np.zeros((len(equations), len(unknowns)))
    for i, equation in enumerate(equations):
        for figure, coefficient in equation.terms.items():
            if figure in column:
                matrix[i, column[figure]] = coefficient
    return unknowns, matrix


def _determined(matrix: np.ndarray) -> np.ndarray:
    """Columns whose unknown is fixed by ``matrix @ x = b`` (its unit vector lies in the row space)."""
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > 1e-9 * max(singular.max(initial=0.0), 1.0)).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return np.ones(matrix.shape[1], dtype=bool)
    return np.all(np.abs(null) < 1e-8, axis=0)


def _joint(links: list[Relation], state: _State) -> int:
    """Rule 4: for each group of linked equations that still gives a hidden figure, hide one figure
    the attacker needs for it."""
    equations = [eq for r in links if (eq := _linear(r, state)) is not None]
    fixes = 0
    for component in _components(equations, state.hidden):
        unknowns, matrix = _matrix(component, state)
        determined = [j for j, yes in enumerate(_determined(matrix)) if yes]
        if not determined:
            continue
        target = unknowns[determined[0]]
        candidates = _used(component, matrix, determined[0], state)
        if candidates:  # none only if the target is 0 by the relations alone, which nothing shown tells
            ends = (c for c in candidates if not _still_determined(c, target, component, state))
            state.hide(next(ends, candidates[0]))
            fixes += 1
    return fixes


def _used(component: list[_Equation], matrix: np.ndarray, column: int, state: _State) -> list[Figure]:
    """The shown figures the attacker combines to work out the unknown in ``column``, cheapest to hide first.

    The combination ``y`` of equations with ``yᵀ·matrix`` = that unknown's unit vector says which
    equations are used; the shown figures left in the combined equation (and the known factors of
    used ratios) are what the attacker reads. Areas come before merged units, merged units before the city.
    """
    unit = np.zeros(matrix.shape[1])
    unit[column] = 1.0
    weights = np.linalg.lstsq(matrix.T, unit, rcond=None)[0]
    net: dict[Figure, float] = {}
    factors: list[Figure] = []
    for weight, equation in zip(weights, component):
        if abs(weight) < 1e-9:
            continue
        for figure, coefficient in equation.terms.items():
            if figure not in state.hidden:
                net[figure] = net.get(figure, 0.0) + weight * coefficient
        factors.extend(f for f in equation.factors if f not in state.hidden)
    used = {f for f, c in net.items() if abs(c) > 1e-9} | set(factors)
    level = {AREA: 0, UNIT: 1}
    key = lambda f: (level.get(f.level, 2), *state.cost(f))  # noqa: E731
    return sorted(used, key=key)[:_LOOKAHEAD]


_LOOKAHEAD = 40  # candidates tried for one that ends the leak by itself; else the cheapest is taken


def _still_determined(candidate: Figure, target: Figure, component: list[_Equation], state: _State) -> bool:
    """Whether ``target`` can still be worked out if ``candidate`` is hidden too."""
    state.hidden.add(candidate)
    try:
        equations = [eq for e in component if (eq := _linear(e.relation, state)) is not None]
        unknowns, matrix = _matrix(equations, state)
        return target in unknowns and bool(_determined(matrix)[unknowns.index(target)])
    finally:
        state.hidden.discard(candidate)


# --- the public dataset ---------------------------------------------------------------------


def _reasons(dataset: Dataset, rules: DisclosureRules, hidden: frozenset[Figure]) -> dict[str, str]:
    values = published(dataset)
    small_areas, small_counts = _primary(dataset, rules, values)
    reasons: dict[str, str] = {}
    order = {f: i for i, f in enumerate(values)}
    for level, row in dict.fromkeys((f.level, f.row) for f in sorted(hidden, key=order.__getitem__)):
        key = row if level in (AREA, UNIT) else CITY_LABEL
        if level == AREA and row in small_areas:
            reasons[key] = f"weniger als {rules.min_residents} Einwohner / fewer than {rules.min_residents} residents"
        elif any(f.level == level and f.row == row for f in small_counts):
            reasons[key] = f"Anzahl unter {rules.min_count} / count below {rules.min_count}"
        else:
            reasons[key] = (
                "verborgen, damit andere verborgene Werte nicht errechenbar sind / "
                "hidden so that other hidden values cannot be worked out"
            )
    return reasons


def apply_disclosure(dataset: Dataset, rules: DisclosureRules) -> Dataset:
    """A copy of ``dataset`` without hidden figures (areas, map units, city) and with the reasons.

    Every page, tooltip, chart and export reads this copy, so the rules hold everywhere.
    """
    hidden = hidden_figures(dataset, rules)
    areas = dataset.areas.copy()
    units = dataset.units.table.copy()
    city = dict(dataset.city)
    single = {str(u) for u, n in dataset.units.members.items() if n == 1}
    by_indicator: dict[tuple[str, str], list[str]] = {}
    for figure in hidden:
        by_indicator.setdefault((figure.level, figure.indicator), []).append(figure.row)
    for (level, indicator), rows in by_indicator.items():
        if level == AREA:
            areas.loc[rows, indicator] = np.nan
            mapped = [u for u in areas.loc[rows, UNIT_COLUMN].astype(str) if u in single]
            if mapped and indicator in units:  # a one-area map unit is that area
                units.loc[mapped, indicator] = np.nan
        elif level == UNIT:
            units.loc[rows, indicator] = np.nan
        else:
            city[indicator] = float("nan")
    return replace(
        dataset,
        areas=areas,
        units=replace(dataset.units, table=units),
        city=city,
        suppressed=_reasons(dataset, rules, hidden),
    )


def public_view(dataset: Dataset, rules: DisclosureRules) -> Dataset:
    """What the public site shows: :func:`apply_disclosure`, every figure at its published decimals
    (no 15-digit shares over the websocket, in GeoJSON or CSV for arithmetic to work on)."""
    return rounded(apply_disclosure(dataset, rules))


def describe(reasons: Mapping[str, str], names: Mapping[str, str]) -> str:
    return "; ".join(f"{names.get(a, a)}: {r}" for a, r in reasons.items())


def apply_min_count(grid: Grid, min_count: int) -> Grid:
    """Public mode: counts below ``min_count`` hidden, and the share they would give back with them."""
    cells = grid.cells.copy()
    for role in ("population", "foreigners"):
        column = grid.role(role)
        if column:
            small = cells[column] < min_count
            cells.loc[small, column] = np.nan
            share = grid.role("foreign_share")
            if share:
                cells.loc[small, share] = np.nan
    return Grid(cells=cells, size=grid.size, provenance={**grid.provenance, "min_count": min_count})
