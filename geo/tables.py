"""Indicator tables as municipalities export them: CSV or XLSX, wide or long.

CSV encoding (UTF-8 with or without BOM, else Windows-1252) and delimiter
(``;``, ``,``, tab) are detected; German numbers ("1.234,5") are understood.
Long tables (one row per area, indicator and year) are pivoted to one column
per indicator (and year). Errors name the file, the row and what to do.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["IndicatorTable", "TableReadError", "parse_number", "read_indicator_table", "table_columns"]

_GERMAN = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
KEY_NAMES = ("key", "id", "schluessel", "schlüssel", "gebiet_id", "ags", "code", "name", "gebiet", "stadtteil")


class TableReadError(ValueError):
    """A table cannot be used; the message names file, row and remedy (German / English)."""


@dataclass(frozen=True)
class IndicatorTable:
    frame: pd.DataFrame  # index: area key (str); one float column per indicator (or indicator@year)
    key_column: str
    layout: str  # "wide" or "long"
    years: dict[str, list[int]] = field(default_factory=dict)  # indicator -> years (long tables)
    parents: dict[str, str] = field(default_factory=dict)  # area key -> coarser unit it belongs to


def parse_number(text: object) -> float | None:
    """"1.234,5" -> 1234.5, "7" -> 7.0, "12.5" -> 12.5, "" -> None; raises ValueError otherwise."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    value = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if value in ("", "-", "–", "."):
        return None
    if _GERMAN.match(value):
        return float(value.replace(".", "").replace(",", "."))
    if _PLAIN.match(value):
        return float(value)
    raise ValueError(value)


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableReadError(f"{name}: unbekannte Zeichenkodierung. / unknown text encoding.")


def _read_raw(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    if not data.strip():
        raise TableReadError(f"{path.name}: Die Datei ist leer. / The file is empty.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            return pd.read_excel(io.BytesIO(data), dtype=str)
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise TableReadError(
                f"{path.name}: keine lesbare Excel-Datei ({type(exc).__name__}). / not a readable Excel file."
            ) from exc
    if suffix not in (".csv", ".txt", ".tsv"):
        raise TableReadError(f"{path.name}: nur CSV oder XLSX. / only CSV or XLSX.")
    text = _decode(data, path.name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    return pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)


def table_columns(path: str | Path) -> list[str]:
    """The column names of a table file, to offer as key and long-table choices."""
    return [str(c).strip() for c in _read_raw(Path(path)).columns]


def _guess_key(frame: pd.DataFrame) -> str:
    lowered = {c.lower().strip(): c for c in frame.columns}
    for name in KEY_NAMES:
        if name in lowered:
            return lowered[name]
    return frame.columns[0]


def _numbers(series: pd.Series, column: str, name: str, first_row: int = 2) -> pd.Series:
    values = []
    for offset, raw in enumerate(series.tolist()):
        try:
            values.append(parse_number(raw))
        except ValueError:
            raise TableReadError(
                f"{name}, Zeile {first_row + offset}, Spalte „{column}“: „{raw}“ ist keine Zahl. / "
                f"row {first_row + offset}, column '{column}': '{raw}' is not a number."
            ) from None
    return pd.Series(values, index=series.index, dtype=float)


def read_indicator_table(
    path: str | Path,
    key: str | None = None,
    indicator: str | None = None,
    year: str | None = None,
    value: str | None = None,
    parent: str | None = None,
) -> IndicatorTable:
    """Read a wide or long indicator table; a long one when ``indicator``/``value`` are given or obvious.

    ``parent`` names a column with the coarser unit each (finer) area belongs to,
    e.g. the Ortsbezirk of a Stadtteil; the areas are then aggregated to it.
    """
    path = Path(path)
    if not path.is_file():
        raise TableReadError(f"{path.name}: Datei nicht gefunden. / file not found.")
    raw = _read_raw(path)
    raw.columns = [str(c).strip() for c in raw.columns]
    if raw.empty:
        raise TableReadError(f"{path.name}: keine Datenzeilen. / no data rows.")
    lowered = {c.lower(): c for c in raw.columns}
    indicator = indicator or lowered.get("indikator") or lowered.get("indicator")
    value = value or lowered.get("wert") or lowered.get("value")
    year = year or lowered.get("jahr") or lowered.get("year")
    key = key or _guess_key(raw)
    for wanted in (key, indicator, year, value, parent):
        if wanted and wanted not in raw.columns:
            raise TableReadError(
                f"{path.name}: Spalte „{wanted}“ fehlt; vorhanden: {', '.join(raw.columns)}. / "
                f"column '{wanted}' missing."
            )
    raw[key] = raw[key].astype(str).str.strip()
    if indicator and value:
        raw["_value"] = _numbers(raw[value], value, path.name)
        columns = [indicator] + ([year] if year else [])
        dupes = raw.duplicated([key, *columns], keep=False)
        if dupes.any():
            first = int(dupes.idxmax()) + 2
            raise TableReadError(
                f"{path.name}, Zeile {first}: doppelter Eintrag für Gebiet, Indikator und Jahr. / "
                "duplicate row for area, indicator and year."
            )
        years: dict[str, list[int]] = {}
        if year:
            raw["_year"] = [int(parse_number(y) or 0) for y in raw[year]]
            raw["_column"] = raw[indicator].astype(str) + "@" + raw["_year"].astype(str)
            for name, group in raw.groupby(indicator):
                years[str(name)] = sorted(set(group["_year"]))
        else:
            raw["_column"] = raw[indicator].astype(str)
        wide = raw.pivot(index=key, columns="_column", values="_value")
        wide.columns.name = None
        return IndicatorTable(frame=wide, key_column=key, layout="long", years=years)
    if raw[key].duplicated().any():
        dupes = sorted(set(raw.loc[raw[key].duplicated(), key]))
        raise TableReadError(
            f"{path.name}: doppelte Gebietsschlüssel: {', '.join(dupes[:5])}. / duplicate area keys: {', '.join(dupes[:5])}."
        )
    frame = pd.DataFrame(index=raw[key].tolist())
    parents = dict(zip(raw[key], raw[parent].astype(str).str.strip())) if parent else {}
    for column in raw.columns:
        if column in (key, parent):
            continue
        try:
            frame[column] = _numbers(raw[column], column, path.name).to_numpy()
        except TableReadError:
            # Text columns (names, notes) are not indicators; a column that is mostly numbers is a mistake.
            numeric = sum(bool(_PLAIN.match(str(v)) or _GERMAN.match(str(v))) for v in raw[column])
            if numeric >= len(raw) / 2:
                raise
    if frame.columns.empty:
        raise TableReadError(f"{path.name}: keine Zahlenspalten gefunden. / no numeric columns found.")
    return IndicatorTable(frame=frame, key_column=key, layout="wide", parents=parents)
