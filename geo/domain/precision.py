"""Figures at the precision the dataset publishes, before they leave the server.

A share computed from counts carries 15 digits (``0.686094040321974``); the pages
show it with the indicator's decimals. Sent with all digits (chart data over the
websocket, GeoJSON, CSV/XLSX) it gives arithmetic a grip on hidden counts, and it
claims a precision the source never had. So every figure of the public view, and
every figure an export or a chart carries, is rounded to ``spec.decimals``.

>>> round_to(0.686094040321974, 1), round_to(16.94, 1), round_to(817.4, 0), round_to(None, 1)
(0.7, 16.9, 817, None)
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from geo.domain.dataset import Dataset

__all__ = ["round_frame", "round_to", "rounded"]


def round_to(value: object, decimals: int) -> float | int | None:
    """``value`` rounded to ``decimals`` (an int for 0); ``None`` for no or no finite number."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return int(round(number)) if decimals <= 0 else round(number, decimals)


def round_frame(frame: pd.DataFrame, decimals: dict[str, int]) -> pd.DataFrame:
    """A copy of ``frame`` with each numeric column of ``decimals`` rounded to its decimals."""
    out = frame.copy()
    for column, places in decimals.items():
        if column in out and pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].round(max(int(places), 0))
    return out


def rounded(dataset: Dataset) -> Dataset:
    """The dataset with every figure (areas, map units, city) at its indicator's published decimals."""
    places = {s.id: s.decimals for s in dataset.specs.values()}
    city = {k: (v if k not in places else _float_or_nan(round_to(v, places[k]))) for k, v in dataset.city.items()}
    return replace(
        dataset,
        areas=round_frame(dataset.areas, places),
        units=replace(dataset.units, table=round_frame(dataset.units.table, places)),
        city=city,
    )


def _float_or_nan(value: float | int | None) -> float:
    return float("nan") if value is None else float(value)
