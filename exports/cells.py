"""The one formula-safe tabular writer: CSV and XLSX whose cells cannot become formulas (OWASP
"CSV injection").

Text from data files and users ends up in CSV and XLSX files that officials
open in Excel. Real text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be read as a formula (``=HYPERLINK(...)``, ``=cmd|...``).

- XLSX: every text cell is written with the string type, so it is never a formula; risky text
  also gets Excel's ``quotePrefix`` (shown as typed). Nothing is added to the text itself.
- CSV has no cell types: risky text gets a leading apostrophe, which Excel reads as "text".
  Harmless values are left as they are: a class code "+" or "-" (signs only) and a number
  written as text ("-3,5") cannot be formulas, so they keep their spelling in the data.

Numbers stay numbers, written with the indicator's decimals where the caller names them: an XLSX
cell keeps its value and gets a number format ("17,0" in German Excel, not "17"), a CSV cell is the
number with exactly those decimals in the file's dialect ("0,00", "17,0").

>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("Innenstadt"), neutralise(-3.5), neutralise("+"), neutralise("-"), neutralise("-3,5")
('Innenstadt', -3.5, '+', '-', '-3,5')
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

__all__ = ["FORMULA_STARTS", "Sheet", "csv_bytes", "is_risky", "neutralise", "safe_frame", "write_xlsx"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# language -> (separator, decimal mark) Excel of that language opens without a wizard
_CSV_DIALECT = {"de": (";", ","), "en": (",", ".")}

# Values that start like a formula but cannot be one: signs only ("+", "-", "+/-") and numbers
# written as text ("-3,5", "+1.234", "-12 %").
_HARMLESS = re.compile(r"[+\-/±]+|[+\-]?\d+(?:[.,]\d+)*(?:\s?%)?")


def is_risky(text: str) -> bool:
    """True for text a spreadsheet could read as a formula.

    >>> [is_risky(t) for t in ("=1+1", "@SUM(A1)", "-Innenstadt", "+", "-", "-3,5", "Ost")]
    [True, True, True, False, False, False, False]
    """
    return text.startswith(FORMULA_STARTS) and not _HARMLESS.fullmatch(text)


@dataclass(frozen=True)
class Sheet:
    """A table for :func:`write_xlsx`, with optional lines of text above it (title, source, notes).

    ``above`` rows are written from row 1; the table's header goes to ``header_row`` (1-based;
    by default one empty row below the last line above).
    """

    frame: pd.DataFrame
    above: tuple[tuple[object, ...], ...] = ()
    header_row: int | None = None
    decimals: Mapping[str, int] = field(default_factory=dict)  # column label -> decimals its numbers show

    @property
    def start(self) -> int:
        return self.header_row if self.header_row is not None else (len(self.above) + 2 if self.above else 1)


def neutralise(value: object) -> object:
    """Prefix risky text (:func:`is_risky`) with an apostrophe; anything else comes back unchanged (for CSV)."""
    if isinstance(value, str) and is_risky(value):
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


def csv_bytes(frame: pd.DataFrame, lang: str = "de", decimals: Mapping[str, int] | None = None) -> bytes:
    """CSV that opens correctly in Excel of the language: German ``;`` and ``1,5``, English ``,`` and ``1.5``.

    UTF-8 with BOM; text cells neutralised. The numbers of a column named in ``decimals`` are written with
    exactly that many decimals ("0,00", not "0,0"; a plain hyphen for a negative one, as Excel reads it).

    >>> csv_bytes(pd.DataFrame({"a": [0.0, 17.04, None], "n": [1, 2, 3]}), "de", {"a": 2}).decode("utf-8-sig").split()
    ['a;n', '0,00;1', '17,04;2', ';3']
    """
    sep, decimal = _CSV_DIALECT.get(lang, _CSV_DIALECT["de"])
    if decimals:
        frame = frame.copy()
        for column, places in decimals.items():
            if column in frame.columns:
                frame[column] = [_fixed_text(v, places, decimal) for v in frame[column]]
    # CRLF as RFC 4180 says; it also makes the csv module quote fields holding a lone CR or LF.
    text = safe_frame(frame).to_csv(sep=sep, decimal=decimal, index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def write_xlsx(sheets: Mapping[str, pd.DataFrame | Sheet], moment: datetime | None = None) -> bytes:
    """An XLSX workbook, one sheet per frame (or :class:`Sheet`); text is written as text, never as a
    formula.

    With ``moment`` (a saved version's time) the file is the same byte for byte whenever it is written:
    the workbook's created/modified dates are ``moment`` and the archive's entries carry a fixed date.

    openpyxl turns every string starting with ``=`` into a formula, so cells are
    written one by one: text cells get the string type, and risky ones Excel's
    ``quotePrefix`` (shown as typed, never evaluated). Missing values stay empty.
    Sheet names are cut to Excel's 31 characters.
    """
    book = Workbook()
    book.remove(book.active)
    for title, content in sheets.items():
        page = content if isinstance(content, Sheet) else Sheet(content)
        frame = page.frame
        sheet = book.create_sheet(title=str(title)[:31])
        for row_no, line in enumerate(page.above, start=1):
            for col, value in enumerate(line, start=1):
                _cell(sheet, row_no, col, value)
        top = page.start
        for col, label in enumerate(frame.columns, start=1):
            _text_cell(sheet, top, col, str(label))
        formats = {col: number_format(page.decimals[label]) for col, label in enumerate(frame.columns, start=1)
                   if label in page.decimals}
        for row_no, row in enumerate(frame.itertuples(index=False), start=top + 1):
            for col, value in enumerate(row, start=1):
                _cell(sheet, row_no, col, value)
                if col in formats and sheet.cell(row_no, col).data_type == "n":
                    sheet.cell(row_no, col).number_format = formats[col]
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


def _fixed_text(value: object, places: int, decimal: str) -> str:
    number = pd.to_numeric(value, errors="coerce")
    if pd.isna(number):
        return ""
    text = f"{float(number):.{max(places, 0)}f}"
    return (text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text).replace(".", decimal)


def number_format(places: int) -> str:
    """Excel's number format for ``places`` decimals, grouped: Excel shows it in the reader's notation.

    >>> number_format(0), number_format(1), number_format(2)
    ('#,##0', '#,##0.0', '#,##0.00')
    """
    return "#,##0" + ("." + "0" * places if places > 0 else "")


def _cell(sheet, row: int, col: int, value: object) -> None:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return
    if isinstance(value, str):
        _text_cell(sheet, row, col, value)
    elif hasattr(value, "item"):  # numpy scalars
        sheet.cell(row, col, value.item())
    else:
        sheet.cell(row, col, value)


def _text_cell(sheet, row: int, col: int, text: str) -> None:
    cell = sheet.cell(row, col)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):  # shown as typed; the string type already keeps it from being a formula
        cell.quotePrefix = True
