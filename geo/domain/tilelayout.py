"""The tile layout of a dataset: one equal tile per statistical area ("Kachelkarte").

Positions are authored (``data/tiles_*.csv``) or, for imported data, placed in
reading order of the areas' positions. Drawing the tiles is :mod:`geo.maps.tilemap`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["auto_layout", "load_tile_layout"]


def load_tile_layout(path: str | Path) -> pd.DataFrame:
    """Tile positions by ``area_id`` (columns ``row``, ``col``); one tile per cell."""
    layout = pd.read_csv(path, sep=";", dtype={"area_id": str, "row": int, "col": int})
    clash = layout.duplicated(["row", "col"], keep=False)
    if clash.any():
        raise ValueError(
            "Kacheln doppelt belegt / tiles placed twice: "
            + ", ".join(layout.loc[clash, "area_id"])
        )
    return layout.set_index("area_id")


def auto_layout(points: pd.DataFrame) -> pd.DataFrame:
    """A schematic layout from representative points (columns ``x``, ``y`` in metres).

    Areas are placed on a square-ish grid in reading order of their position
    (north to south in rows, west to east within a row): rough neighbourhood
    order, equal tiles. Used for imported data without an authored layout.
    """
    n = len(points)
    cols = max(1, int(np.ceil(np.sqrt(n))))
    rows_needed = int(np.ceil(n / cols))
    by_north = points.sort_values("y", ascending=False, kind="stable")
    layout = []
    for row in range(rows_needed):
        chunk = by_north.iloc[row * cols : (row + 1) * cols].sort_values("x", kind="stable")
        layout += [(area, row, col) for col, area in enumerate(chunk.index)]
    frame = pd.DataFrame(layout, columns=["area_id", "row", "col"]).set_index("area_id")
    return frame.reindex(points.index)
