"""Indicators over several years: "anteil@2021", "anteil@2022", … and the change between years.

Long tables become one column per indicator and year (``base@year``). The map
offers the base indicator with a year control; the change from the first to
the last year is an indicator of its own (difference, in percentage points for
shares), so it can be mapped, compared and screened like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from geo.domain.indicators import IndicatorSpec

__all__ = ["add_changes", "newest", "newest_first", "series", "split_year"]


def split_year(indicator: str) -> tuple[str, int | None]:
    """``"anteil@2022"`` -> ``("anteil", 2022)``; anything else -> ``(indicator, None)``."""
    base, _, token = indicator.partition("@")
    return (base, int(token)) if token.isdigit() else (indicator, None)


def series(specs: Mapping[str, IndicatorSpec]) -> dict[str, list[int]]:
    """Base indicator -> its years (sorted); indicators without years map to ``[]``."""
    found: dict[str, list[int]] = {}
    for key in specs:
        base, year = split_year(key)
        found.setdefault(base, [])
        if year is not None:
            found[base].append(year)
    return {base: sorted(years) for base, years in found.items()}


def newest(specs: Mapping[str, IndicatorSpec], key: str | None = None) -> str:
    """``key`` (default: the first indicator) in the newest year its series has: pages open on the newest data.

    >>> newest(dict.fromkeys(["anteil@2019", "anteil@2023", "einwohner@2023"]))
    'anteil@2023'
    """
    key = key if key is not None else next(iter(specs))
    base, year = split_year(key)
    years = series(specs).get(base, [])
    return f"{base}@{years[-1]}" if year is not None and years else key


def newest_first(specs: Mapping[str, IndicatorSpec]) -> dict[str, IndicatorSpec]:
    """``specs`` with each indicator's years from the newest to the oldest (indicators keep their order).

    >>> list(newest_first(dict.fromkeys(["a@2019", "a@2023", "b@2019", "b@2023", "a@2019-2023"])))
    ['a@2023', 'a@2019', 'b@2023', 'b@2019', 'a@2019-2023']
    """
    bases = list(dict.fromkeys(split_year(key)[0] for key in specs))
    return dict(sorted(specs.items(), key=lambda item: (bases.index(split_year(item[0])[0]),
                                                         -(split_year(item[0])[1] or 0))))


def add_changes(areas: pd.DataFrame, specs: Mapping[str, IndicatorSpec]) -> tuple[pd.DataFrame, dict[str, IndicatorSpec]]:
    """Add the change from the first to the last year for every indicator with two or more years."""
    areas = areas.copy()
    result = dict(specs)
    for base, years in series(specs).items():
        if len(years) < 2:
            continue
        first, last = years[0], years[-1]
        start, end = specs[f"{base}@{first}"], specs[f"{base}@{last}"]
        key = f"{base}@{first}-{last}"
        areas[key] = areas[f"{base}@{last}"] - areas[f"{base}@{first}"]
        label = start.label_de.rsplit(" (", 1)[0]
        result[key] = replace(
            end,
            id=key,
            label_de=f"{label}: Veränderung {first}–{last}",
            label_en=f"{label}: change {first}–{last}",
            unit_de="Prozentpunkte" if end.unit_de == "%" else end.unit_de,
            unit_en="percentage points" if end.unit_en == "%" else end.unit_en,
            kind="value",  # a difference is never summed over areas
        )
    return areas, result
