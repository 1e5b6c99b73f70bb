"""Side-by-side comparison of selected areas, and the selection as a whole.

Counts and shares are never mixed up: the share of a group of areas is
recomputed from its counts (via :func:`geo.aggregate.aggregate`), never
averaged. A share is compared with the city value as a difference in
percentage points; a count as its part of the city total.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from geo.aggregate import aggregate
from geo.dataset import Dataset

__all__ = ["SelectionError", "compare", "selection_total", "toggle"]


class SelectionError(ValueError):
    """The selection cannot be used as given; message in German and English."""


def toggle(selection: Sequence[str], area_id: str) -> list[str]:
    """Add ``area_id`` to the selection, or remove it when already there."""
    current = list(selection)
    return [a for a in current if a != area_id] if area_id in current else [*current, area_id]


def _check(dataset: Dataset, area_ids: Sequence[str]) -> list[str]:
    if not area_ids:
        raise SelectionError(
            "Die Auswahl ist leer: bitte Gebiete auf der Karte, in der Kachelkarte oder in der Liste wählen. / "
            "The selection is empty: pick areas on the map, the tile map or the list."
        )
    unknown = [a for a in area_ids if a not in dataset.areas.index]
    if unknown:
        raise SelectionError(
            f"Unbekannte Gebiete in der Auswahl: {', '.join(unknown)}. / Unknown areas in the selection: {', '.join(unknown)}."
        )
    return list(dict.fromkeys(area_ids))


def selection_total(dataset: Dataset, area_ids: Sequence[str]) -> pd.Series:
    """The selected areas as one group: counts summed, shares recomputed from counts."""
    ids = _check(dataset, area_ids)
    grouped = aggregate(dataset.areas.loc[ids].assign(_group="selection"), dataset.specs, by="_group")
    return grouped.table.loc["selection"]


def compare(dataset: Dataset, area_ids: Sequence[str]) -> pd.DataFrame:
    """One row per (area, indicator): value, rank among all areas, city value, deviation.

    ``deviation`` is percentage points for shares and the percentage of the city
    total for counts; ``deviation_kind`` says which.
    """
    ids = _check(dataset, area_ids)
    rows = []
    for spec in dataset.specs.values():
        values = dataset.areas[spec.id]
        ranks = values.rank(ascending=False, method="min")
        city = dataset.city.get(spec.id, np.nan)
        for area in ids:
            value = values[area]
            if spec.kind == "share":
                deviation, kind = value - city, "pp"
            else:
                deviation, kind = (value / city * 100.0 if city else np.nan), "pct_of_city"
            rows.append(
                {
                    "area_id": area,
                    "name": dataset.areas.loc[area, "name"],
                    "indicator": spec.id,
                    "kind": spec.kind,
                    "value": value,
                    "rank": None if pd.isna(ranks[area]) else int(ranks[area]),
                    "of": int(values.notna().sum()),
                    "city": city,
                    "deviation": deviation,
                    "deviation_kind": kind,
                }
            )
    return pd.DataFrame(rows)
