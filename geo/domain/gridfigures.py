"""District figures from the Zensus grid: counts summed over the cells whose centre lies inside.

The grid is a different count than the municipal register (census day, definitions), so these
figures stand beside the official ones and are labelled as grid-based; they never replace them.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.numbers import shares
from geo.read.zensus import CRS, Grid

__all__ = ["district_figures", "find_cells"]


def district_figures(grid: Grid, districts: gpd.GeoDataFrame) -> pd.DataFrame:
    """Population and foreigners summed over the cells whose centre lies in each district.

    ``districts`` has ``name`` and a geometry in any CRS. Foreigners come from a
    count column, else from share × population per cell (flagged). The share is
    foreigners ÷ population over cells where both are known. Missing cells add
    nothing; ``cells_missing`` says how many cells had no population figure.
    """
    cells = grid.cells
    population, foreigners, share = grid.role("population"), grid.role("foreigners"), grid.role("foreign_share")
    centres = gpd.GeoSeries(gpd.points_from_xy(cells["x"], cells["y"]), index=cells.index, crs=CRS)
    zones = districts.to_crs(CRS)
    hit = gpd.sjoin(gpd.GeoDataFrame(geometry=centres), zones[["name", "geometry"]], predicate="within", how="inner")
    hit = hit[~hit.index.duplicated()]
    pop = cells[population].reindex(hit.index) if population else pd.Series(np.nan, index=hit.index)
    if foreigners:
        foreign = cells[foreigners].reindex(hit.index)
    elif share and population:
        foreign = (cells[share] * cells[population] / 100.0).reindex(hit.index)
    else:
        foreign = pd.Series(np.nan, index=hit.index)
    both = pop.notna() & foreign.notna()
    frame = pd.DataFrame({"name": hit["name"].to_numpy(), "pop": pop.to_numpy(), "foreign": foreign.to_numpy(),
                          "pop_both": pop.where(both).to_numpy(), "foreign_both": foreign.where(both).to_numpy()})
    grouped = frame.groupby("name", sort=False)
    out = pd.DataFrame(
        {
            "cells": grouped.size(),
            "cells_missing": grouped["pop"].apply(lambda s: int(s.isna().sum())),
            "population": grouped["pop"].sum(min_count=1),
            "foreigners": grouped["foreign"].sum(min_count=1),
            "share": shares.share(grouped["foreign_both"].sum(min_count=1), grouped["pop_both"].sum(min_count=1)),
        }
    ).reindex(districts["name"].astype(str).tolist())
    out["cells"] = out["cells"].fillna(0).astype(int)
    out["cells_missing"] = out["cells_missing"].fillna(0).astype(int)
    out.attrs["foreigners_derived"] = not foreigners and bool(share and population)
    return out


def find_cells(cells: pd.DataFrame, query: str, page: int, size: int) -> tuple[pd.DataFrame, int]:
    """One page (1-based) of the cells whose id contains ``query`` (any case), and how many match.

    Vectorised over the index: a 100,000-cell grid is searched in milliseconds.
    """
    hits = cells[cells.index.str.contains(query, case=False, regex=False)] if query else cells
    pages = max(1, -(-len(hits) // size))
    page = min(max(1, int(page)), pages)
    return hits.iloc[(page - 1) * size: page * size], len(hits)
