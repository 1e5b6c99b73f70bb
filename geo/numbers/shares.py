"""The one share of counts: ``numerator / denominator * per``, with one rule for a zero denominator.

A share is only defined where the denominator is a positive count. Where it is zero, negative or
missing, the share is missing (NaN), never infinity, zero or a division error; a missing numerator
gives a missing share. The same rule for a single number, a NumPy array and a pandas Series (aligned
on its index), so every reader, page and export computes shares the same way.

>>> share(3, 12), share(3, 0), share(0, 5)
(25.0, nan, 0.0)
>>> share(pd.Series([1.0, 2.0, None]), pd.Series([4.0, 0.0, 5.0])).tolist()
[25.0, nan, nan]
>>> share(1, 4, per=1.0)
0.25
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np
import pandas as pd

__all__ = ["share"]


@overload
def share(numerator: pd.Series, denominator: pd.Series | float, per: float = 100.0) -> pd.Series: ...
@overload
def share(numerator: float, denominator: pd.Series, per: float = 100.0) -> pd.Series: ...
@overload
def share(numerator: float, denominator: float, per: float = 100.0) -> float: ...


def share(numerator, denominator, per: float = 100.0):
    """``numerator / denominator * per`` where the denominator is a positive number, else NaN."""
    if isinstance(numerator, pd.Series) or isinstance(denominator, pd.Series):
        num = pd.to_numeric(numerator, errors="coerce") if isinstance(numerator, pd.Series) else numerator
        den = pd.to_numeric(denominator, errors="coerce") if isinstance(denominator, pd.Series) else denominator
        if isinstance(den, pd.Series):
            den = den.astype(float).where(den > 0)
        elif not (den is not None and math.isfinite(float(den)) and float(den) > 0):
            den = float("nan")
        return (num / den * float(per)).astype(float)
    if isinstance(numerator, np.ndarray) or isinstance(denominator, np.ndarray):
        num = np.asarray(numerator, dtype=float)
        den = np.asarray(denominator, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0) * float(per), np.nan)
    try:
        num, den = float(numerator), float(denominator)
    except (TypeError, ValueError):
        return float("nan")
    if math.isnan(num) or not math.isfinite(den) or den <= 0:
        return float("nan")
    return num / den * float(per)
