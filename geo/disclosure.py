"""Statistical disclosure control for the public deployment.

Primary suppression: an area with fewer residents than ``min_residents``
(Berlin's social monitoring leaves out areas under 300) shows no figures; a
count below ``min_count`` is hidden, and so is every share whose numerator it
is (share × residents would give it back).

Secondary suppression: totals stay exact, so within every group whose total is
shown (each merged map unit and the whole city) at least two areas must be
hidden, or subtracting the others would reveal the one. When a group has
exactly one hidden area, the smallest other area (by residents) is hidden too,
until no group has exactly one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from geo.dataset import UNIT_COLUMN, Dataset

__all__ = ["DisclosureRules", "apply_disclosure", "describe", "suppression"]


@dataclass(frozen=True)
class DisclosureRules:
    min_residents: int = 300
    min_count: int = 3


def suppression(dataset: Dataset, rules: DisclosureRules) -> dict[str, tuple[str, ...]]:
    """Indicator ids to hide per area id (all indicators for fully hidden areas)."""
    areas = dataset.areas
    specs = dataset.specs
    all_ids = tuple(specs)
    hidden: dict[str, tuple[str, ...]] = {}
    residents = areas["residents"] if "residents" in areas else pd.Series(np.inf, index=areas.index)
    for area in areas.index[residents < rules.min_residents]:
        hidden[area] = all_ids
    for spec in specs.values():
        if spec.kind != "count":
            continue
        small = areas.index[areas[spec.id] < rules.min_count]
        revealing = [s.id for s in specs.values() if s.kind == "share" and s.numerator == spec.id]
        for area in small:
            hidden[area] = tuple(dict.fromkeys((*hidden.get(area, ()), spec.id, *revealing)))
    groups = [areas.index[areas[UNIT_COLUMN] == unit] for unit, n in dataset.units.members.items() if n > 1]
    groups.append(areas.index)
    changed = True
    while changed:
        changed = False
        for members in groups:
            inside = [a for a in members if a in hidden]
            if len(inside) == 1:
                others = residents.reindex(members).drop(inside).sort_values()
                if not others.empty:
                    hidden[others.index[0]] = all_ids
                    changed = True
    return hidden


def apply_disclosure(dataset: Dataset, rules: DisclosureRules) -> Dataset:
    """A copy of ``dataset`` with hidden figures removed and the reasons recorded.

    Totals of merged units and the city stay exact (they hide at least two areas).
    """
    hidden = suppression(dataset, rules)
    areas = dataset.areas.copy()
    reasons: dict[str, str] = {}
    for area, indicators in hidden.items():
        areas.loc[area, list(indicators)] = np.nan
        small = dataset.areas.loc[area, "residents"] < rules.min_residents if "residents" in areas else False
        if small:
            reasons[area] = f"weniger als {rules.min_residents} Einwohner / fewer than {rules.min_residents} residents"
        elif len(indicators) == len(dataset.specs) and not any(
            dataset.areas.loc[area, s.id] < rules.min_count for s in dataset.specs.values() if s.kind == "count"
        ):
            reasons[area] = (
                "verborgen, damit andere verborgene Werte nicht errechenbar sind / "
                "hidden so that other hidden values cannot be worked out"
            )
        else:
            reasons[area] = f"Anzahl unter {rules.min_count} / count below {rules.min_count}"
    units = dataset.units.table.copy()
    for unit, n in dataset.units.members.items():
        if n == 1:
            (area,) = dataset.areas_in(unit)
            for indicator in hidden.get(area, ()):
                units.loc[unit, indicator] = np.nan
    return replace(
        dataset,
        areas=areas,
        units=replace(dataset.units, table=units),
        suppressed=dict(reasons),
    )


def describe(reasons: Mapping[str, str], names: Mapping[str, str]) -> str:
    return "; ".join(f"{names.get(a, a)}: {r}" for a, r in reasons.items())
