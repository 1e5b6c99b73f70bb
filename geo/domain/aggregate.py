"""Aggregation of fine areas to coarser ones, honest about shares.

Counts are summed. A share of a group is recomputed from its numerator and
denominator counts, never averaged: the Kernstadt share of foreigners is
12,258 ÷ ≈76,271 ≈ 16.1 %, not the 15.6 % mean of the nine published shares.
Where the counts behind a share are not known, the group gets no value and a
reason, instead of a number that looks right.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.numbers import share
from geo.domain.indicators import IndicatorSpec

__all__ = ["Aggregation", "absent_in_year", "aggregate", "city_values"]

_CHANGE = re.compile(r"^(.+)@(\d{4})-(\d{4})$")  # the change between two years (geo.domain.timeseries.add_changes)


@dataclass(frozen=True)
class Aggregation:
    """Aggregated values plus, per indicator, why groups lack a value."""

    table: pd.DataFrame
    members: pd.Series
    not_aggregable: Mapping[str, str] = field(default_factory=dict)


def _share_from_counts(
    sums: pd.DataFrame, spec: IndicatorSpec
) -> pd.Series | None:
    if spec.numerator in sums.columns and spec.denominator in sums.columns:
        return share(sums[spec.numerator], sums[spec.denominator], per=float(spec.per))
    return None


def _change_between(result: pd.DataFrame, key: str) -> pd.Series | None:
    """``anteil@2018-2023`` of a group: its own 2023 value minus its 2018 value (each from counts)."""
    found = _CHANGE.match(key)
    if found is None:
        return None
    base, first, last = found.groups()
    start, end = f"{base}@{first}", f"{base}@{last}"
    if start in result.columns and end in result.columns:
        return result[end] - result[start]
    return None


def aggregate(
    table: pd.DataFrame, specs: Mapping[str, IndicatorSpec], by: str
) -> Aggregation:
    """Aggregate ``table`` to the groups in column ``by``.

    Groups with one member keep that member's published values unchanged.
    """
    grouped = table.groupby(by, sort=False)
    members = grouped.size().rename("members")
    count_ids = [s.id for s in specs.values() if s.kind == "count" and s.id in table]
    # A missing (or hidden) count makes the group's sum unknown, not smaller.
    sums = grouped[count_ids].sum(skipna=False)
    result = pd.DataFrame(index=members.index)
    reasons: dict[str, str] = {}
    single = members == 1
    firsts = grouped.first()
    for spec in specs.values():
        if spec.id not in table.columns:
            continue
        if spec.kind == "count":
            values = sums[spec.id]
        else:
            recomputed = _share_from_counts(sums, spec) if spec.kind == "share" else _change_between(result, spec.id)
            if recomputed is None:
                values = pd.Series(np.nan, index=members.index)
                if not single.all():
                    reasons[spec.id] = f"{spec.numerator} / {spec.denominator}" if spec.kind == "share" else spec.id
            else:
                values = recomputed
        # A one-member group is the area itself: keep the published figure.
        result[spec.id] = values.where(~single, firsts[spec.id])
    return Aggregation(table=result, members=members, not_aggregable=reasons)


def city_values(
    table: pd.DataFrame, specs: Mapping[str, IndicatorSpec]
) -> dict[str, float]:
    """The whole-city value of each indicator (counts summed, shares from counts).

    Shares whose counts are unknown get ``nan``. An area a long table has in some years and not
    in others (a planning area split off in 2019) adds nothing to the years it is absent from: that
    year's table counted its residents elsewhere, so the city's sum is still whole (see
    :func:`absent_in_year`). A count missing for an area of that year's table keeps the sum unknown.
    """
    table = table.copy()
    for column, absent in absent_in_year(table, specs).items():
        table.loc[absent, column] = 0.0
    everything = table.assign(_city="city")
    aggregation = aggregate(everything, specs, by="_city")
    row = aggregation.table.loc["city"]
    return {key: float(row[key]) for key in aggregation.table.columns}


def absent_in_year(table: pd.DataFrame, specs: Mapping[str, IndicatorSpec]) -> dict[str, pd.Index]:
    """Count column -> the areas absent from its year's table while present in another year.

    An area is absent from a year when none of that year's counts has a value for it; it is present
    in another year when some count of another year has one. One-year tables have no such areas.

    >>> from geo.domain.indicators import IndicatorSpec
    >>> spec = lambda i: IndicatorSpec(i, i, i, "", "", "count", None, None, 0, "", int(i[-4:]))
    >>> t = pd.DataFrame({"ew@2018": [5.0, None], "ew@2019": [3.0, 2.0]}, index=["alt", "neu"])
    >>> {k: list(v) for k, v in absent_in_year(t, {i: spec(i) for i in t}).items()}
    {'ew@2018': ['neu']}
    """
    by_year: dict[int, list[str]] = {}
    for spec in specs.values():
        base, _, token = spec.id.partition("@")
        if spec.kind == "count" and spec.id in table.columns and token.isdigit():
            by_year.setdefault(int(token), []).append(spec.id)
    if len(by_year) < 2:
        return {}
    has_year = pd.DataFrame({year: table[columns].notna().any(axis=1) for year, columns in by_year.items()})
    found: dict[str, pd.Index] = {}
    for year, columns in by_year.items():
        elsewhere = has_year.drop(columns=year).any(axis=1)
        absent = table.index[(~has_year[year] & elsewhere).to_numpy()]
        if len(absent):
            found.update({column: absent for column in columns})
    return found
