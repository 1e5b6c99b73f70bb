"""Joining statistics to boundaries by name, reporting every pairing.

Nothing is dropped silently: boundaries without statistics stay on the map as
"no data", statistics without a boundary are listed in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.read.names import NameMatch, match_names

__all__ = ["JoinReport", "join_by_name"]


@dataclass(frozen=True)
class JoinReport:
    """Outcome of a join: pairs found, and what stayed alone on each side."""

    matches: tuple[NameMatch, ...]
    unmatched_table: tuple[str, ...]
    unmatched_boundaries: tuple[str, ...]

    @property
    def fuzzy(self) -> tuple[NameMatch, ...]:
        return tuple(m for m in self.matches if m.method == "fuzzy")


def join_by_name(
    boundaries: gpd.GeoDataFrame, table: pd.DataFrame
) -> tuple[gpd.GeoDataFrame, JoinReport]:
    """Attach ``table`` (indexed by area name) to ``boundaries`` (column ``name``).

    Returns the boundaries with the table's columns (missing values where no
    statistics match) and the report. The boundary order is kept.
    """
    pairs = match_names(table.index.astype(str), boundaries["name"])
    found = [p for p in pairs if p.right is not None]
    to_boundary = {p.left: p.right for p in found}
    renamed = table.rename(index=to_boundary)
    renamed = renamed[renamed.index.isin(boundaries["name"])]
    joined = boundaries.merge(renamed, how="left", left_on="name", right_index=True)
    matched_right = {p.right for p in found}
    report = JoinReport(
        matches=tuple(found),
        unmatched_table=tuple(p.left for p in pairs if p.right is None),
        unmatched_boundaries=tuple(n for n in boundaries["name"] if n not in matched_right),
    )
    return joined, report
