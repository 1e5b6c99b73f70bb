"""Spreadsheet cells that cannot become formulas (OWASP "CSV injection").

Text from data files and users ends up in CSV and XLSX files that officials
open in Excel. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be read as a formula (``=HYPERLINK(...)``, ``=cmd|...``).
Text cells are therefore neutralised; numbers stay numbers.

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("Innenstadt"), neutralise(-3.5)
('Innenstadt', -3.5)
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

__all__ = ["FORMULA_STARTS", "csv_bytes", "neutralise", "safe_frame", "write_xlsx"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _risky(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """Prefix risky text with an apostrophe; anything that is not text comes back unchanged."""
    if isinstance(value, str) and _risky(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and column labels are neutralised (numeric columns untouched)."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame, lang: str = "de") -> bytes:
    """CSV that opens correctly in Excel of the language: German ``;`` and ``1,5``, English ``,`` and ``1.5``.

    UTF-8 with BOM; text cells neutralised.
    """
    sep, decimal = (";", ",") if lang == "de" else (",", ".")
    # CRLF as RFC 4180 says; it also makes the csv module quote fields holding a lone CR or LF.
    text = safe_frame(frame).to_csv(sep=sep, decimal=decimal, index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def write_xlsx(sheets: Mapping[str, pd.DataFrame], moment: datetime | None = None) -> bytes:
    """An XLSX workbook, one sheet per frame; text is written as text, never as a formula.

    With ``moment`` (a saved version's time) the file is the same byte for byte whenever it is written:
    the workbook's created/modified dates are ``moment`` and the archive's entries carry a fixed date.

    openpyxl turns every string starting with ``=`` into a formula, so cells are
    written one by one: text cells get the string type, and risky ones Excel's
    ``quotePrefix`` (shown as typed, never evaluated). Missing values stay empty.
    """
    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title=str(title)[:31])
        for col, label in enumerate(frame.columns, start=1):
            _text_cell(sheet, 1, col, str(label))
        for row_no, row in enumerate(frame.itertuples(index=False), start=2):
            for col, value in enumerate(row, start=1):
                if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
                    continue
                if isinstance(value, str):
                    _text_cell(sheet, row_no, col, value)
                elif hasattr(value, "item"):  # numpy scalars
                    sheet.cell(row_no, col, value.item())
                else:
                    sheet.cell(row_no, col, value)
        for col, label in enumerate(frame.columns, start=1):
            width = max([len(str(label))] + [len(str(v)) for v in frame.iloc[:, col - 1].head(200)])
            sheet.column_dimensions[get_column_letter(col)].width = min(60, max(10, width + 2))
    if moment is not None:
        book.properties.created = _utc(moment)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue() if moment is None else _fixed(buffer.getvalue(), _utc(moment))


def _utc(moment: datetime) -> datetime:
    return (moment.astimezone(UTC) if moment.tzinfo else moment).replace(tzinfo=None, microsecond=0)


def _fixed(archive: bytes, moment: datetime) -> bytes:
    """``archive`` with the modified date ``moment`` (openpyxl writes the moment of saving) and fixed entry dates."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def _text_cell(sheet, row: int, col: int, text: str) -> None:
    cell = sheet.cell(row, col)
    cell.value = text
    cell.data_type = "s"
    if _risky(text):
        cell.quotePrefix = True
