"""Indicator definitions and the statistics table they describe.

Indicators are declared as data (``data/indicators.csv``): one row per
indicator with labels, unit, kind (count or share), numerator and denominator
of shares, source and year. Code never branches on an indicator's id; it reads
the spec.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.i18n import MessageError, in_language, localized

__all__ = [
    "AREA_COLUMNS",
    "DERIVATIONS",
    "IndicatorSpec",
    "TableError",
    "add_derived",
    "load_area_table",
    "load_indicator_specs",
    "readable_formula",
]

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def readable_formula(formula: str, names: Mapping[str, str]) -> str:
    """A formula over column ids for the reader: ids replaced by ``names``, "/" shown as "÷".

    Ids without a name stay as they are (an imported table's own column names are readable).

    >>> readable_formula("foreigners_u30 / residents_u30", {"foreigners_u30": "Ausländer unter 30"})
    'Ausländer unter 30 ÷ residents_u30'
    """
    text = _TOKEN.sub(lambda m: names.get(m.group(0), m.group(0)), formula)
    return re.sub(r"\s*/\s*", " ÷ ", text)


KINDS = ("count", "share", "value")  # value: taken as given, not aggregable

# Columns the statistics table must have besides the indicator columns.
AREA_COLUMNS = ("area_id", "name", "name_original", "part", "unit")

# Raw columns of the statistics file -> indicator id. Shares are published in
# percent; we keep them in percent (the unit column says so).
_RAW_TO_INDICATOR = {
    "foreigners": "foreigners",
    "foreign_share_pct": "foreign_share",
    "foreign_share_u30_pct": "foreign_share_u30",
}


class TableError(MessageError):
    """A statistics or definition table cannot be used; message in German and English."""


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: what it is, how it aggregates and where it comes from."""

    id: str
    label_de: str
    label_en: str
    unit_de: str
    unit_en: str
    kind: str
    numerator: str | None
    denominator: str | None
    decimals: int
    source: str
    year: int
    derived: str | None = None
    per: int = 100  # shares are numerator ÷ denominator × per (100: percent; 1000: per thousand)
    source_en: str = ""  # the app's own source words in English (optional column); empty: ``source`` in both

    def label(self, lang: str = "de") -> str:
        return in_language(self, "label", lang)

    def source_text(self, lang: str = "de") -> str:
        return localized(self.source, self.source_en, lang)

    def unit(self, lang: str = "de") -> str:
        return in_language(self, "unit", lang)

    @property
    def is_derived(self) -> bool:
        return bool(self.derived)


def _optional(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def load_indicator_specs(path: str | Path) -> dict[str, IndicatorSpec]:
    """Read the indicator table; keys keep the file's order.

    Raises :class:`TableError` for unknown kinds or shares without numerator and
    denominator.
    """
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    specs: dict[str, IndicatorSpec] = {}
    for row in frame.to_dict("records"):
        kind = row["kind"].strip()
        if kind not in KINDS:
            raise TableError(
                "taberr_unknown_kind", indicator=f"{row['id']!r}", kind=f"{kind!r}", valid=', '.join(KINDS)
            )
        spec = IndicatorSpec(
            id=row["id"].strip(),
            label_de=row["label_de"].strip(),
            label_en=row["label_en"].strip(),
            unit_de=row["unit_de"].strip(),
            unit_en=row["unit_en"].strip(),
            kind=kind,
            numerator=_optional(row.get("numerator")),
            denominator=_optional(row.get("denominator")),
            decimals=int(row["decimals"]),
            source=row["source"].strip(),
            year=int(row["year"]),
            derived=_optional(row.get("derived")),
            per=int(_optional(row.get("per")) or 100),
            source_en=_optional(row.get("source_en")) or "",
        )
        if spec.kind == "share" and not (spec.numerator and spec.denominator):
            raise TableError(
                "taberr_share_needs_counts", id=f"{spec.id!r}"
            )
        specs[spec.id] = spec
    return specs


def _residents_from_share(table: pd.DataFrame) -> pd.Series:
    # count ÷ share: carries the rounding error of the published one-decimal share.
    return table["foreigners"] / (table["foreign_share"] / 100.0)


# Derived indicators: id -> function of the table. Adding one is adding a row here
# and in data/indicators.csv.
DERIVATIONS: Mapping[str, Callable[[pd.DataFrame], pd.Series]] = {
    "residents": _residents_from_share,
}


def load_area_table(path: str | Path) -> pd.DataFrame:
    """Read a statistics table in German CSV format (``;``, decimal comma).

    Returns one row per area with the columns :data:`AREA_COLUMNS` plus one
    float column per indicator id.
    """
    try:
        frame = pd.read_csv(path, sep=";", decimal=",", thousands=".", dtype={"area_id": str})
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise TableError(
            "taberr_statistics_table_cannot_read", name=Path(path).name, exc=exc
        ) from exc
    missing = [c for c in (*AREA_COLUMNS, *_RAW_TO_INDICATOR) if c not in frame.columns]
    if missing:
        raise TableError(
            "taberr_lacks_columns", name=Path(path).name, columns=', '.join(missing)
        )
    if frame["area_id"].duplicated().any():
        dupes = sorted(frame.loc[frame["area_id"].duplicated(), "area_id"])
        raise TableError(
            "taberr_duplicate_area_keys", name=Path(path).name, keys=', '.join(dupes)
        )
    table = frame.rename(columns=_RAW_TO_INDICATOR)
    for column in _RAW_TO_INDICATOR.values():
        table[column] = pd.to_numeric(table[column], errors="raise").astype(float)
    return table.set_index("area_id", drop=False)


def add_derived(table: pd.DataFrame, specs: Mapping[str, IndicatorSpec]) -> pd.DataFrame:
    """Return a copy of ``table`` with every derived indicator of ``specs`` computed."""
    result = table.copy()
    for spec in specs.values():
        if spec.is_derived and spec.id in DERIVATIONS:
            result[spec.id] = DERIVATIONS[spec.id](result)
    return result
