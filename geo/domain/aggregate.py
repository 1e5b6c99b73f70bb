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

__all__ = ["Aggregation", "aggregate", "city_values"]

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

    Shares whose counts are unknown get ``nan``.
    """
    everything = table.assign(_city="city")
    aggregation = aggregate(everything, specs, by="_city")
    row = aggregation.table.loc["city"]
    return {key: float(row[key]) for key in aggregation.table.columns}
