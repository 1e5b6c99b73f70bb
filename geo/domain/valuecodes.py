"""Declared value conventions of a published table: signed change columns and numeric missing codes.

Monitoring tables hold changes and balances ("Veränderung", "Saldo", "Δ", or
plain "D1" declared with ``--signed D1``) that are negative by nature, next to
counts that never are. And they mark areas without a value with a number
such as ``-9999``: declared with ``--missing -9999`` it is read as missing and
counted per column, never used as a value.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace

import numpy as np
import pandas as pd  # noqa: F401  (the doctests use it)

from geo.domain.timeseries import split_year
from geo.numbers import read_cell
from geo.read.tables import IndicatorTable, TableReadError

__all__ = [
    "SIGNED_HINTS",
    "apply_missing_codes",
    "coded_cells",
    "is_signed",
    "parse_missing_codes",
    "signed_candidates",
    "unknown_columns",
]

# Words in a column name that make it a change or balance, whose values may be negative.
SIGNED_HINTS = ("veränderung", "veraenderung", "change", "diff", "saldo", "differenz", "bilanz", "δ", "delta")


def _base(column: str) -> str:
    return split_year(column)[0]


def is_signed(column: str, declared: Collection[str] = (), detect: bool = True) -> bool:
    """A change or balance column: declared (by name, for long tables by indicator) or, with ``detect``, named so.

    The import page pre-ticks the names detected and passes ``detect=False``, so that a column the
    person unticks is checked like a count.

    >>> [is_signed(c) for c in ("Veränderung ALQ", "Wanderungssaldo", "Δ SGB II", "Einwohner", "D1")]
    [True, True, True, False, False]
    >>> is_signed("D1@2021", declared={"D1"})
    True
    >>> is_signed("Wanderungssaldo", declared=(), detect=False)
    False
    """
    if column in declared or _base(column) in declared:
        return True
    if not detect:
        return False
    lowered = column.casefold()
    return any(hint in lowered for hint in SIGNED_HINTS)


def unknown_columns(table: IndicatorTable, declared: Iterable[str]) -> list[str]:
    """Declared names that are no column (nor long-table indicator) of the table."""
    known = set(table.frame.columns) | {_base(c) for c in table.frame.columns}
    return [name for name in declared if name not in known]


def signed_candidates(table: IndicatorTable) -> list[str]:
    """The names a change or balance can be declared by: the columns, for long tables the indicators.

    >>> t = IndicatorTable(pd.DataFrame({"D1@2019": [1.0], "D1@2021": [2.0], "EW": [3.0]}), "id", "long")
    >>> signed_candidates(t)
    ['D1', 'EW']
    """
    return list(dict.fromkeys(_base(str(c)) for c in table.frame.columns))


def coded_cells(table: IndicatorTable, codes: Collection[float]) -> dict[str, list[str]]:
    """Per column, the areas whose cell holds a declared missing code (what the import report lists)."""
    found: dict[str, list[str]] = {}
    for column in table.frame.columns:
        hits = np.isin(table.frame[column].to_numpy(dtype=float), list(codes))
        if hits.any():
            found[str(column)] = [str(a) for a in table.frame.index[hits]]
    return found


def parse_missing_codes(texts: Iterable[str]) -> list[float]:
    """``["-9999", "-1"]`` -> ``[-9999.0, -1.0]``; German or plain notation; a message for anything else."""
    codes = []
    for text in texts:
        try:
            value = read_cell(text)
        except ValueError:
            value = None
        if value is None:
            raise TableReadError("tblerr_missing_code_not_number", code=text)
        codes.append(value)
    return codes


def apply_missing_codes(table: IndicatorTable, codes: Collection[float]) -> tuple[IndicatorTable, dict[str, int]]:
    """The table with every cell equal to a declared code set missing, and the cells per column.

    The counts are added to ``table.missing`` too, so every report that lists missing values lists these.
    """
    if not codes:
        return table, {}
    frame = table.frame.copy()
    found: dict[str, int] = {}
    for column in frame.columns:
        hits = np.isin(frame[column].to_numpy(dtype=float), list(codes))
        if hits.any():
            frame.loc[hits, column] = np.nan
            found[str(column)] = int(hits.sum())
    missing = dict(table.missing)
    for column, n in found.items():
        missing[column] = missing.get(column, 0) + n
    return replace(table, frame=frame, missing=missing), found
