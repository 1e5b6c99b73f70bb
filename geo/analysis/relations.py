"""Which published figures let a reader recompute which others.

A *figure* is one number a page, tooltip, chart or export can show: an
indicator of an area, of a merged map unit (summed from its areas) or of the
whole city. Figures are tied together by relations, declared here once from
the indicator specs so that disclosure control (:mod:`geo.analysis.disclosure`) and its
tests reason about the same attacks:

========  ==========================================  =====================================
kind      from the specs                              recomputes
========  ==========================================  =====================================
ratio     share (numerator, denominator, per);        any one of share, numerator,
          derived "a / b" (derived residents)         denominator from the other two
total     every count, per merged unit and the city   a member or the total from the rest
split     a total count and its parts in one row      a part or the total from the rest
          (:mod:`geo.analysis.splits`: declared by
          name, or detected where parts add up)
change    ``base@Y1-Y2`` next to ``base@Y1``,         one of change, earlier, later
          ``base@Y2``                                 from the other two
percent   an imported "Anteil"/"%" value without      (unknown formula) its counts, given
          numerator and denominator                   a base of the same row and year
========  ==========================================  =====================================

Single-member map units are their area: their figures are the area's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from geo.analysis.splits import splits_of
from geo.domain.dataset import UNIT_COLUMN, Dataset
from geo.domain.indicators import IndicatorSpec
from geo.domain.timeseries import split_year

__all__ = [
    "AREA",
    "CITY",
    "RELATION_KINDS",
    "UNIT",
    "Figure",
    "Relation",
    "is_undefined_share",
    "published",
    "relations",
    "rows",
]

AREA, UNIT, CITY = "area", "unit", "city"

_CHANGE = re.compile(r"^(?P<base>.+)@(?P<first>\d{4})-(?P<last>\d{4})$")
_SHARE_HINTS = ("anteil", "share", "quote", "%", "prozent")


class Figure(NamedTuple):
    """One published number: ``level`` is "area", "unit" (merged map unit) or "city"."""

    level: str
    row: str  # area id, unit name, or "" for the city
    indicator: str


@dataclass(frozen=True)
class Relation:
    """``result`` can be computed from ``inputs`` (and, for ratio and change, any one from the rest).

    ratio: result = inputs[0] ÷ inputs[1] × per; total and split: result = Σ inputs;
    change: result = inputs[1] − inputs[0]; percent: result is some ratio of the inputs.
    """

    kind: str
    result: Figure
    inputs: tuple[Figure, ...]
    per: float = 1.0

    @property
    def members(self) -> tuple[Figure, ...]:
        return (self.result, *self.inputs)


def rows(dataset: Dataset) -> list[tuple[str, str]]:
    """(level, row) of every row that shows figures: areas, merged units (two or more areas), the city."""
    merged = [str(u) for u, n in dataset.units.members.items() if n > 1]
    return [(AREA, str(a)) for a in dataset.areas.index] + [(UNIT, u) for u in merged] + [(CITY, "")]


def published(dataset: Dataset) -> dict[Figure, float]:
    """Every figure the dataset has a value for (missing values are no figures), in a stable order."""
    values: dict[Figure, float] = {}
    merged = {str(u) for u, n in dataset.units.members.items() if n > 1}
    for spec_id in dataset.specs:
        if spec_id in dataset.areas:
            for area, value in dataset.areas[spec_id].items():
                _put(values, Figure(AREA, str(area), spec_id), value)
        if spec_id in dataset.units.table:
            for unit, value in dataset.units.table[spec_id].items():
                if str(unit) in merged:
                    _put(values, Figure(UNIT, str(unit), spec_id), value)
        _put(values, Figure(CITY, "", spec_id), dataset.city.get(spec_id))
    return values


def _put(values: dict[Figure, float], figure: Figure, value: object) -> None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return
    if not math.isnan(number):
        values[figure] = number


def is_undefined_share(spec: IndicatorSpec) -> bool:
    """An imported percentage taken as given: we cannot know which counts it was made of."""
    if spec.kind != "value" or spec.numerator or _CHANGE.match(spec.id):
        return False
    text = f"{spec.id} {spec.label_de} {spec.unit_de}".lower()
    return any(hint in text for hint in _SHARE_HINTS)


def _ratios(dataset: Dataset) -> Iterator[Relation]:
    specs = dataset.specs
    seen: set[frozenset[str]] = set()
    formulas = [(s.id, s.numerator, s.denominator, float(s.per)) for s in specs.values() if s.kind == "share"]
    for spec in specs.values():  # derived "a / b" (residents = foreigners / share), unless a share says it already
        numerator, _, denominator = (spec.derived or "").partition("/")
        formulas.append((spec.id, numerator.strip() or None, denominator.strip() or None, 1.0))
    for result, numerator, denominator, per in formulas:
        if not (numerator in specs and denominator in specs) or frozenset((result, numerator, denominator)) in seen:
            continue
        seen.add(frozenset((result, numerator, denominator)))
        for level, row in rows(dataset):
            yield Relation(
                "ratio",
                Figure(level, row, result),
                (Figure(level, row, numerator), Figure(level, row, denominator)),
                per,
            )


def _totals(dataset: Dataset) -> Iterator[Relation]:
    areas = dataset.areas
    groups = [(UNIT, str(u), areas.index[areas[UNIT_COLUMN] == u]) for u, n in dataset.units.members.items() if n > 1]
    groups.append((CITY, "", areas.index))
    for spec in dataset.specs.values():
        if spec.kind != "count":
            continue
        for level, row, members in groups:
            yield Relation("total", Figure(level, row, spec.id), tuple(Figure(AREA, str(a), spec.id) for a in members))


def _splits(dataset: Dataset) -> Iterator[Relation]:
    for split in splits_of(dataset.areas, dataset.specs):
        for level, row in rows(dataset):
            yield Relation(
                "split", Figure(level, row, split.total), tuple(Figure(level, row, p) for p in split.parts)
            )


def _changes(dataset: Dataset) -> Iterator[Relation]:
    for spec_id in dataset.specs:
        match = _CHANGE.match(spec_id)
        if not match:
            continue
        first, last = (f"{match['base']}@{match[y]}" for y in ("first", "last"))
        if first in dataset.specs and last in dataset.specs:
            for level, row in rows(dataset):
                yield Relation(
                    "change", Figure(level, row, spec_id), (Figure(level, row, first), Figure(level, row, last))
                )


def _percents(dataset: Dataset) -> Iterator[Relation]:
    counts = [s.id for s in dataset.specs.values() if s.kind == "count"]
    for spec in dataset.specs.values():
        if not is_undefined_share(spec):
            continue
        year = split_year(spec.id)[1]
        same_year = [c for c in counts if year is None or split_year(c)[1] in (None, year)]
        for level, row in rows(dataset):
            yield Relation("percent", Figure(level, row, spec.id), tuple(Figure(level, row, c) for c in same_year))


# kind -> the relations of that kind in a dataset. Adding an attack is adding a row.
RELATION_KINDS: Mapping[str, Callable[[Dataset], Iterable[Relation]]] = {
    "ratio": _ratios,
    "total": _totals,
    "split": _splits,
    "change": _changes,
    "percent": _percents,
}


def relations(dataset: Dataset, values: Mapping[Figure, float] | None = None) -> list[Relation]:
    """Every relation among figures the dataset has (a relation with a missing member tells nothing).

    A percent relation keeps the counts of its row that have a value.
    """
    values = published(dataset) if values is None else values
    found = []
    for make in RELATION_KINDS.values():
        for relation in make(dataset):
            if relation.result not in values:
                continue
            if relation.kind == "percent":
                inputs = tuple(f for f in relation.inputs if f in values)
                if inputs:
                    found.append(Relation("percent", relation.result, inputs))
            elif all(f in values for f in relation.inputs):
                found.append(relation)
    return found
