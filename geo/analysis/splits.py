"""Counts that add up: a total and its parts in one row (Einwohner = Deutsche + Ausländer).

A *split* says that, in every row (area, merged unit, city) and year, the total
count is the sum of its parts. A reader who sees the total and all parts but one
works the hidden part out by subtraction, so disclosure control must know them
(:mod:`geo.analysis.relations` turns each split into a "split" relation per row).

Splits come from two places:

- **declared** from the indicator metadata: the names of a dataset's count
  indicators say nationality (residents = Germans + foreigners) and sex
  (residents = men + women), per year (``einwohner@2022`` …);
- **detected** in the values, also of imported data whose columns say nothing:
  two or three counts of the same year, or a family of counts sharing a name
  prefix (age groups ``alter-0-5``, ``alter-6-17`` …), whose sum equals another
  count of that year in every row that has them all, within rounding
  (half a unit per part), in at least two rows with a positive total.

>>> import pandas as pd
>>> table = pd.DataFrame({"einwohner": [817, 900], "a": [2, 60], "b": [815, 840]})
>>> detect_splits(table, ["einwohner", "a", "b"])
(Split(total='einwohner', parts=('a', 'b'), how='detected'),)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.domain.indicators import IndicatorSpec
from geo.domain.timeseries import split_year

__all__ = ["DECLARED", "Split", "declared_splits", "detect_splits", "splits_of", "table_splits"]

_TOTAL = r"(residents|einwohner(innen)?(-und-einwohner)?|einwohnerzahl|bevoelkerung|population)(-insgesamt|-gesamt)?"

# name of the split -> (total, parts): regular expressions over the base slug of count indicators.
# Adding a declared split is adding a row.
DECLARED: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "nationality": (_TOTAL, (r"(deutsche?|germans?)(-insgesamt|-gesamt)?", r"(auslaender(innen)?|foreigners|nichtdeutsche?)(-insgesamt|-gesamt)?")),
    "sex": (_TOTAL, (r"(maennlich|maenner|male|men)(-insgesamt|-gesamt)?", r"(weiblich|frauen|female|women)(-insgesamt|-gesamt)?")),
}

_MIN_ROWS = 2


@dataclass(frozen=True)
class Split:
    """``total`` = Σ ``parts`` in every row; ``how`` is "declared" (names) or "detected" (values)."""

    total: str
    parts: tuple[str, ...]
    how: str


def _by_year(specs: Mapping[str, IndicatorSpec]) -> dict[int | None, dict[str, str]]:
    """year -> base slug -> indicator id, for the count indicators."""
    groups: dict[int | None, dict[str, str]] = {}
    for spec in specs.values():
        if spec.kind == "count":
            base, year = split_year(spec.id)
            groups.setdefault(year, {})[base] = spec.id
    return groups


def declared_splits(specs: Mapping[str, IndicatorSpec]) -> tuple[Split, ...]:
    """The splits the indicator names declare (every part must be there, per year)."""
    found = []
    for bases in _by_year(specs).values():
        for total_pattern, part_patterns in DECLARED.values():
            totals = [i for b, i in bases.items() if re.fullmatch(total_pattern, b)]
            parts = [[i for b, i in bases.items() if re.fullmatch(p, b)] for p in part_patterns]
            if totals and all(len(p) == 1 for p in parts):
                found.append(Split(totals[0], tuple(p[0] for p in parts), "declared"))
    return tuple(found)


def _family(column: str) -> str:
    return re.split(r"[-_ ]", column, maxsplit=1)[0]


def detect_splits(table: pd.DataFrame, columns: Sequence[str]) -> tuple[Split, ...]:
    """Splits among ``columns`` (counts of one year) that the values of ``table`` show."""
    columns = [c for c in columns if c in table]
    values = table[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    found: list[Split] = []
    for t, total in enumerate(columns):
        others = [j for j in range(len(columns)) if j != t and _fits_under(values[:, j], values[:, t])]
        tries = [(i, j) for i, j in _pairs(values[:, t], values, others, 1.0)]
        for n, first in enumerate(others):  # triples: a pair that adds up to the total minus one count
            rest = others[n + 1 :]
            tries += [(first, i, j) for i, j in _pairs(values[:, t] - values[:, first], values, rest, 1.5)]
        families: dict[str, list[int]] = {}
        for j in others:
            families.setdefault(_family(columns[j]), []).append(j)
        tries += [tuple(f) for f in families.values() if len(f) > 3 and _adds_up(values[:, t], values[:, f])]
        found += [Split(total, tuple(columns[j] for j in parts), "detected") for parts in tries]
    return tuple(found)


def _pairs(target: np.ndarray, values: np.ndarray, candidates: list[int], tolerance: float) -> list[tuple[int, int]]:
    """Pairs (i < j) of ``candidates`` whose sum is ``target`` within ``tolerance`` in every complete row."""
    if len(candidates) < 2:
        return []
    block = values[:, candidates]  # rows × m
    sums = block[:, :, None] + block[:, None, :]  # rows × m × m
    complete = ~np.isnan(sums) & ~np.isnan(target)[:, None, None]
    close = np.abs(sums - target[:, None, None]) <= tolerance + 1e-9
    positive = (complete & (target > 0)[:, None, None]).sum(axis=0) >= _MIN_ROWS
    holds = np.all(close | ~complete, axis=0) & positive
    return [(candidates[a], candidates[b]) for a, b in zip(*np.nonzero(np.triu(holds, k=1)))]


def _fits_under(part: np.ndarray, total: np.ndarray) -> bool:
    both = ~np.isnan(part) & ~np.isnan(total)
    return bool(both.sum() >= _MIN_ROWS and np.all(part[both] >= 0) and np.all(part[both] <= total[both] + 0.5))


def _adds_up(total: np.ndarray, parts: np.ndarray) -> bool:
    complete = ~np.isnan(total) & ~np.isnan(parts).any(axis=1)
    if (complete & (total > 0)).sum() < _MIN_ROWS:
        return False
    difference = np.abs(total[complete] - parts[complete].sum(axis=1))
    return bool(np.all(difference <= 0.5 * parts.shape[1] + 1e-9))


def splits_of(areas: pd.DataFrame, specs: Mapping[str, IndicatorSpec]) -> tuple[Split, ...]:
    """Declared and detected splits of a dataset's area table (duplicates once, declared first)."""
    found = list(declared_splits(specs))
    for bases in _by_year(specs).values():
        found += detect_splits(areas, list(bases.values()))
    unique: dict[tuple[str, frozenset[str]], Split] = {}
    for split in found:
        unique.setdefault((split.total, frozenset(split.parts)), split)
    return tuple(unique.values())


def table_splits(frame: pd.DataFrame) -> tuple[Split, ...]:
    """Splits among the columns of an imported table (``indicator`` or ``indicator@year``), year by year:
    what the import review names, so that the person sees which totals and parts were recognised."""
    years: dict[int | None, list[str]] = {}
    for column in frame.columns:
        years.setdefault(split_year(str(column))[1], []).append(column)
    return tuple(s for columns in years.values() for s in detect_splits(frame, columns))
