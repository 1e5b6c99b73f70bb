"""Indicator tables as municipalities export them: CSV or XLSX, wide or long.

CSV encoding (UTF-8 with or without BOM, Excel's "Unicode text" = UTF-16 with
BOM, else Windows-1252) and delimiter (``;``, ``,``, tab) are detected; German
numbers ("1.234,5") are understood, and the missing-value markers of German
statistics (``k.A.``, ``-``, ``–``, ``.``, ``/``, ``x``, ``*``, ``()``, empty)
are read as missing, never as 0, and counted per column. Long tables (one row
per area, indicator and year, e.g. ``Planungsraum;Merkmal;Jahr;Anzahl``) are
detected and pivoted to one column per indicator (and year). Errors name the
file, the row and what to do.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from geo.numbers import is_missing, looks_numeric, read_cell
from geo.read.heuristics import is_id_column, is_name_like
from geo.i18n import MessageError, Words, tr

__all__ = [
    "IndicatorTable",
    "TableReadError",
    "guess_key",
    "guess_long",
    "read_indicator_table",
    "table_columns",
]

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
KEY_NAMES = (
    "key", "id", "schluessel", "schlüssel", "gebiet_id", "raum_id", "plr_id", "ags", "code", "gebiet", "name",
    "planungsraum", "raum", "stadtteil", "ortsteil", "stadtbezirk", "bezirk",
)
INDICATOR_NAMES = ("indikator", "indicator", "merkmal", "zeile", "kennzahl", "variable", "kategorie")
YEAR_NAMES = ("jahr", "year", "berichtsjahr", "stichjahr")
VALUE_NAMES = ("wert", "value", "anzahl", "zahl", "werte", "menge")


class TableReadError(MessageError):
    """A table cannot be used; the message names file, row and remedy (German / English)."""


@dataclass(frozen=True)
class IndicatorTable:
    frame: pd.DataFrame  # index: area key (str); one float column per indicator (or indicator@year)
    key_column: str
    layout: str  # "wide" or "long"
    years: dict[str, list[int]] = field(default_factory=dict)  # indicator -> years (long tables)
    parents: dict[str, str] = field(default_factory=dict)  # area key -> coarser unit it belongs to
    missing: dict[str, int] = field(default_factory=dict)  # column -> cells with a missing-value marker
    ids: tuple[str, ...] = ()  # id and code columns ("Stadtteil-Nr."): never indicators
    labels: dict[str, str] = field(default_factory=dict)  # area key -> its name in the table (a text column)


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel "Unicode text": UTF-16 with byte-order mark
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TableReadError("tblerr_broken_utf16", name=name) from exc
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableReadError("tblerr_unknown_text_encoding", name=name)


# pandas' parser messages turned into a plain reason (its own text is for programmers); the first match wins.
_CSV_REASONS: tuple[tuple[str, str, str], ...] = (
    (r"EOF inside string starting at row (\d+)",
     "ein Anführungszeichen ab Zeile {0} wird nicht geschlossen",
     "a quotation mark from row {0} is never closed"),
    (r"Expected (\d+) fields in line (\d+), saw (\d+)",
     "Zeile {1} hat {2} statt {0} Spalten",
     "row {1} has {2} columns instead of {0}"),
    (r"No columns to parse", "keine Spalten gefunden", "no columns found"),
)
_CSV_UNCLEAR = ("Aufbau nicht erkannt, bitte als CSV mit Semikolon speichern",
                "layout not recognised, please save as CSV with semicolons")


def _csv_reason(exc: Exception) -> Words:
    """Why pandas could not read a CSV file, in plain words (the row where it says so).

    >>> _csv_reason(ValueError("Error tokenizing data. C error: EOF inside string starting at row 1")).text("en")
    'a quotation mark from row 1 is never closed'
    """
    for pattern, de, en in _CSV_REASONS:
        found = re.search(pattern, str(exc))
        if found:
            return Words(de.format(*found.groups()), en.format(*found.groups()))
    return Words(*_CSV_UNCLEAR)


def _read_raw(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    if not data.strip():
        raise TableReadError("tblerr_file_empty", name=path.name)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            return pd.read_excel(io.BytesIO(data), dtype=str)
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise TableReadError(  # the reader's words, never openpyxl's type name
                "tblerr_not_excel", name=path.name, error=Words("beschädigt oder keine XLSX-Datei", "damaged or not an XLSX file")
            ) from exc
    if suffix not in (".csv", ".txt", ".tsv"):
        raise TableReadError("tblerr_only_csv_xlsx", name=path.name)
    text = _decode(data, path.name)
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = max(";\t,", key=header.count)
    if header.count("\t") > header.count(delimiter):  # tab-separated text with commas in numbers
        delimiter = "\t"
    try:
        return pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise TableReadError("tblerr_unreadable", name=path.name, error=_csv_reason(exc)) from exc


def table_columns(path: str | Path) -> list[str]:
    """The column names of a table file, to offer as key and long-table choices."""
    return [str(c).strip() for c in _read_raw(Path(path)).columns]


def _find(columns: list[str], names: tuple[str, ...], taken: tuple[str | None, ...] = ()) -> str | None:
    lowered = {c.lower().strip(): c for c in columns if c not in taken}
    return next((lowered[n] for n in names if n in lowered), None)


def guess_key(columns: list[str]) -> str:
    """The column most likely naming the area (an id before a name), else the first one.

    >>> guess_key(["Jahr", "Merkmal", "Planungsraum", "Anzahl"])
    'Planungsraum'
    """
    return _find(list(columns), KEY_NAMES) or columns[0]


def guess_long(columns: list[str], key: str | None, parent: str | None = None) -> tuple[str | None, str | None, str | None]:
    """The indicator, year and value columns of a long table, by their names, as :func:`read_indicator_table`
    finds them (the import page pre-fills its choices with them); ``(None, None, None)`` unless both an
    indicator and a value column are named plainly.

    >>> guess_long(["planungsraum", "merkmal", "jahr", "anzahl", "stand"], "planungsraum")
    ('merkmal', 'jahr', 'anzahl')
    >>> guess_long(["Gebiet", "Jahr", "Einwohner"], "Gebiet")
    (None, None, None)
    """
    indicator, year, value = _named_long(list(columns), key, parent)
    return (indicator, year, value) if indicator and value else (None, None, None)


def _named_long(columns: list[str], key: str | None, parent: str | None) -> tuple[str | None, str | None, str | None]:
    indicator = _find(columns, INDICATOR_NAMES, (key, parent))
    year = _find(columns, YEAR_NAMES, (key, parent, indicator))
    value = _find(columns, VALUE_NAMES, (key, parent, indicator, year))
    return indicator, year, value


def _guess_key(frame: pd.DataFrame) -> str:
    named = _find(list(frame.columns), KEY_NAMES)
    if named:
        return named
    return next((c for c in frame.columns if is_id_column(c, frame[c].tolist())), frame.columns[0])


def _id_columns(raw: pd.DataFrame, taken: tuple[str | None, ...]) -> tuple[str, ...]:
    return tuple(c for c in raw.columns if c not in taken and is_id_column(c, raw[c].tolist()))


def _labels(raw: pd.DataFrame, key: str, skip: tuple[str | None, ...]) -> dict[str, str]:
    """Area key -> name from the first text column (the table's own names, for the review)."""
    for column in raw.columns:
        if column in skip or column == key or _is_numeric_column(raw[column]):
            continue
        values = raw[column].astype(str).str.strip()
        if values.nunique() > 1 and is_name_like(values.tolist()):
            return dict(zip(raw[key], values))
    return {}


def _numbers(series: pd.Series, column: str, name: str, first_row: int = 2) -> pd.Series:
    values = []
    for offset, raw in enumerate(series.tolist()):
        try:
            values.append(read_cell(raw))
        except ValueError:
            raise TableReadError(
                "tblerr_row_column_number", name=name, row=first_row + offset, column=column, raw=raw
            ) from None
    return pd.Series(values, index=series.index, dtype=float)


def _is_numeric_column(series: pd.Series) -> bool:
    """Mostly numbers (or markers): an indicator; mostly text: a name or note column."""
    present = [str(v).strip() for v in series if not is_missing(v)]
    numeric = sum(looks_numeric(v) for v in present)
    return bool(present) and numeric >= len(present) / 2


def _long_hint(columns: list[str]) -> Words:
    """The hint on long tables, in both languages (a value of a :class:`TableReadError`)."""
    listed = ", ".join(columns)
    return Words(tr("tblerr_long_hint", "de", columns=listed), tr("tblerr_long_hint", "en", columns=listed))


def _years(series: pd.Series, column: str, name: str) -> list[int]:
    years = []
    for offset, raw in enumerate(series.tolist()):
        found = _YEAR.search(str(raw))
        if found is None:
            raise TableReadError(
                "tblerr_row_column_year", name=name, row=offset + 2, column=column, raw=raw
            )
        years.append(int(found.group(1)))
    return years


def _long(
    raw: pd.DataFrame, key: str, indicator: str, year: str | None, value: str, name: str, parent: str | None = None
) -> IndicatorTable:
    """One row per area, indicator (and year) -> one column per indicator (``indicator@year``)."""
    raw = raw.copy()
    raw["_value"] = _numbers(raw[value], value, name)
    raw["_marker"] = [is_missing(v) for v in raw[value]]
    raw[indicator] = raw[indicator].astype(str).str.strip()
    columns = [indicator] + ([year] if year else [])
    if year:
        raw["_year"] = _years(raw[year], year, name)
        columns = [indicator, "_year"]
    dupes = raw.duplicated([key, *columns], keep=False)
    if dupes.any():
        first = int(dupes.to_numpy().argmax()) + 2
        area = raw[key].iloc[first - 2]
        if year:
            raise TableReadError("tblerr_duplicate_row_year", name=name, row=first, area=area)
        raise TableReadError("tblerr_duplicate_row", name=name, row=first, area=area,
                             hint=_long_hint(list(raw.columns[: raw.columns.get_loc('_value')])))
    years: dict[str, list[int]] = {}
    if year:
        raw["_column"] = raw[indicator] + "@" + raw["_year"].astype(str)
        for label, group in raw.groupby(indicator, sort=False):
            years[str(label)] = sorted(set(group["_year"]))
    else:
        raw["_column"] = raw[indicator]
    wide = raw.pivot(index=key, columns="_column", values="_value")
    wide = wide.reindex(index=list(dict.fromkeys(raw[key])), columns=list(dict.fromkeys(raw["_column"])))
    wide.columns.name = None
    wide.index.name = None
    markers = raw.groupby("_column", sort=False)["_marker"].sum()
    missing = {str(c): int(n) for c, n in markers.items() if n}
    parents = dict(zip(raw[key], raw[parent].astype(str).str.strip())) if parent else {}
    return IndicatorTable(frame=wide, key_column=key, layout="long", years=years, parents=parents, missing=missing)


def read_indicator_table(
    path: str | Path,
    key: str | None = None,
    indicator: str | None = None,
    year: str | None = None,
    value: str | None = None,
    parent: str | None = None,
) -> IndicatorTable:
    """Read a wide or long indicator table.

    Long when ``indicator``/``value`` are given, or when their columns are obvious
    (``Merkmal``/``Indikator``/``zeile`` and ``Anzahl``/``Wert``/``zahl``); a table whose
    area keys repeat with a year column (``Gebiet;Jahr;Einwohner;…``) is long by year.
    When the layout is unclear, the message names ``--indicator/--year/--value``.
    ``parent`` names a column with the coarser unit each (finer) area belongs to,
    e.g. the Ortsbezirk of a Stadtteil; the areas are then aggregated to it.
    """
    path = Path(path)
    if not path.is_file():
        raise TableReadError("tblerr_file_not_found", name=path.name)
    raw = _read_raw(path)
    raw.columns = [str(c).strip().lstrip("\ufeff") for c in raw.columns]
    if raw.empty:
        raise TableReadError("tblerr_no_data_rows", name=path.name)
    names = list(raw.columns)
    for wanted in (key, indicator, year, value, parent):
        if wanted and wanted not in raw.columns:
            raise TableReadError("tblerr_column_missing", name=path.name, column=wanted, present=", ".join(names))
    key = key or _guess_key(raw)
    raw[key] = raw[key].astype(str).str.strip()
    repeats = bool(raw[key].duplicated().any())
    indicator = indicator or _find(names, INDICATOR_NAMES, (key, parent))  # as guess_long, given ones kept
    year = year or _find(names, YEAR_NAMES, (key, parent, indicator))
    value = value or _find(names, VALUE_NAMES, (key, parent, indicator, year))
    if indicator and not value and repeats:
        others = [c for c in names if c not in (key, parent, indicator, year) and _is_numeric_column(raw[c])]
        if len(others) != 1:
            raise TableReadError("tblerr_value_unclear", name=path.name, hint=_long_hint(names))
        value = others[0]
    if indicator and value:
        table = _long(raw, key, indicator, year, value, path.name, parent)
        return replace(table, labels=_labels(raw.drop_duplicates(key), key, (parent, indicator, year, value)))
    if repeats and year:
        # Long by year, wide by indicator ("Gebiet;Jahr;Einwohner;Ausländer"): every number column over the years.
        ids = _id_columns(raw.drop_duplicates(key), (key, parent, year))
        counts = [c for c in names if c not in (key, parent, year, *ids) and _is_numeric_column(raw[c])]
        if not counts:
            raise TableReadError("tblerr_no_numeric_columns", name=path.name)
        melted = raw.melt(id_vars=[key, year, *([parent] if parent else [])], value_vars=counts,
                          var_name="_indicator", value_name="_raw")
        table = _long(melted, key, "_indicator", year, "_raw", path.name, parent)
        return replace(table, ids=ids, labels=_labels(raw.drop_duplicates(key), key, (parent, year, *ids)))
    if repeats:
        dupes = list(dict.fromkeys(raw.loc[raw[key].duplicated(), key]))
        raise TableReadError("tblerr_duplicate_keys", name=path.name, keys=", ".join(map(str, dupes[:5])), column=key,
                             hint=_long_hint(names))
    frame = pd.DataFrame(index=raw[key].tolist())
    parents = dict(zip(raw[key], raw[parent].astype(str).str.strip())) if parent else {}
    missing: dict[str, int] = {}
    ids = _id_columns(raw, (key, parent))
    for column in names:
        if column in (key, parent, *ids):
            continue
        try:
            frame[column] = _numbers(raw[column], column, path.name).to_numpy()
        except TableReadError:
            # Text columns (names, notes) are not indicators; a column that is mostly numbers is a mistake.
            if _is_numeric_column(raw[column]):
                raise
            continue
        markers = sum(is_missing(v) for v in raw[column])
        if markers:
            missing[column] = int(markers)
    if frame.columns.empty:
        raise TableReadError("tblerr_no_numeric_columns", name=path.name)
    return IndicatorTable(frame=frame, key_column=key, layout="wide", parents=parents, missing=missing, ids=ids,
                          labels=_labels(raw, key, (parent, *ids)))
