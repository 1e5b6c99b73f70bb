"""Reconciling an indicator table with boundaries: nothing dropped silently.

Areas are matched on ids when the table's keys are boundary ids, else on
names (normalised for case, umlauts, ß, spacing, punctuation, abbreviations
and look-alike letters; close misspellings are matched as "fuzzy" and listed
for confirmation). Unmatched areas on either side are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import geopandas as gpd

from geo.names import match_names

__all__ = ["Reconciliation", "reconcile"]


@dataclass(frozen=True)
class Reconciliation:
    method: str  # "id" or "name"
    pairs: dict[str, str]  # table key -> boundary key
    fuzzy: list[tuple[str, str, float]]  # table key, boundary name, score
    unmatched_table: list[str]
    unmatched_boundaries: list[str]  # names, as a person reads them

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(matched=len(self.pairs), unmatched=len(self.unmatched_table) + len(self.unmatched_boundaries))
        return data


def reconcile(boundaries: gpd.GeoDataFrame, table_keys: Sequence[str]) -> Reconciliation:
    """Pair table keys with boundaries (columns ``key`` and ``name``)."""
    keys = [str(k) for k in table_keys]
    boundary_keys = [str(k) for k in boundaries["key"]]
    overlap = set(keys) & set(boundary_keys)
    if keys and len(overlap) >= len(keys) / 2:
        pairs = {k: k for k in keys if k in overlap}
        return Reconciliation(
            method="id",
            pairs=pairs,
            fuzzy=[],
            unmatched_table=[k for k in keys if k not in overlap],
            unmatched_boundaries=[str(n) for k, n in zip(boundary_keys, boundaries["name"]) if k not in overlap],
        )
    key_of_name = dict(zip(boundaries["name"].astype(str), boundary_keys))
    matches = match_names(keys, list(key_of_name))
    pairs = {m.left: key_of_name[m.right] for m in matches if m.right is not None}
    used = set(pairs.values())
    return Reconciliation(
        method="name",
        pairs=pairs,
        fuzzy=[(m.left, m.right, m.score) for m in matches if m.method == "fuzzy"],
        unmatched_table=[m.left for m in matches if m.right is None],
        unmatched_boundaries=[n for n, k in key_of_name.items() if k not in used],
    )
