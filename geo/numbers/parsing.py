"""Every number the dashboard reads: typed by the reader (strict) or found in a table cell (tolerant).

Two front doors, one module:

- :func:`parse_number` for what a reader types into a field (below);
- :func:`read_cell` / :func:`read_cells` for a cell of an imported table or grid file: German or plain
  notation, a trailing "%", and the missing-value signs of German statistical offices.

Typed numbers are read in the reader's language (Babel, strict).

One rule for every numeric input of the dashboard: the text is read in the format of the
interface language and nothing else. German: decimal comma, dot groups thousands
("1,3" is 1.3, "1.234,5" is 1234.5, "1.234" is 1234). English: decimal point, comma groups.
A text that is not a well-formed number in that language is refused with a German and English
message that suggests the intended spelling; it is never silently reinterpreted. So "1.3" in
German is refused ("meinten Sie 1,3?"), not read as 13 or as 1.3.

>>> parse_number("1,3", "de")
1.3
>>> parse_number("1.234,5", "de")
1234.5
>>> parse_number("1,234.5", "en")
1234.5
>>> parse_number("1.3", "de")
Traceback (most recent call last):
...
geo.numbers.parsing.NumberParseError: „1.3“ ist keine Zahl im deutschen Format – meinten Sie „1,3“? / '1.3' is not a number in German format – did you mean '1,3'?
>>> parse_number_list("8; 12,5; 16", "de")
[8.0, 12.5, 16.0]
"""

from __future__ import annotations

import math
import re

import pandas as pd
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from geo.i18n import LANGS, MessageError, lang_index

__all__ = [
    "MISSING_MARKERS",
    "NUMBER_LOCALES",
    "NumberParseError",
    "format_input",
    "is_missing",
    "looks_numeric",
    "parse_number",
    "parse_number_list",
    "read_cell",
    "read_cells",
]

NUMBER_LOCALES = {"de": "de_DE", "en": "en_US"}

# Characters a browser or a word processor puts where a plain minus or space belongs.
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_INNER_SPACE = re.compile(r"(?<=\d)[\u00a0\u202f\u2009](?=\d)")
_GROUP = {"de": ".", "en": ","}
_EXAMPLE = {"de": "1,5", "en": "1.5"}
_OTHER = {"de": "en", "en": "de"}


class NumberParseError(MessageError):
    """A typed text that is not a number in the reader's format: a catalogue key and its values, so the UI
    shows it in the reader's language (``error.text(lang)``); ``str()`` is German and English.

    ``typed`` is the text as read; ``suggestion`` the intended spelling in the reader's format when the
    text is a number in the other language (e.g. "1,3" for "1.3" typed in German), else ``None``.
    """

    def __init__(self, text: str, lang: str, suggestion: str | None = None, reason: str = "format"):
        self.typed = text
        self.lang = lang
        self.suggestion = suggestion
        self.reason = reason
        key, values = _message(text, lang, suggestion, reason)
        super().__init__(key, **values)


def _locale(lang: str) -> str:
    return NUMBER_LOCALES.get(lang, NUMBER_LOCALES["de"])


def _message(text: str, lang: str, suggestion: str | None, reason: str) -> tuple[str, dict[str, object]]:
    """The catalogue key and its values; the key names the number format the text was read in
    (``…_de``: German, ``…_en``: English) where the message names that format or its separator."""
    fmt = LANGS[lang_index(lang)]
    if reason in ("empty", "finite"):
        return f"numerr_{reason}", {"text": text}
    if reason == "grouping":
        return (f"numerr_grouping_hint_{fmt}" if suggestion else f"numerr_grouping_{fmt}"), {"text": text, "suggestion": suggestion}
    if suggestion is not None:
        return f"numerr_suggest_{fmt}", {"text": text, "suggestion": suggestion}
    return "numerr_example", {"text": text, "example": _EXAMPLE.get(lang, _EXAMPLE["de"])}


def _clean(text: str) -> str:
    return _INNER_SPACE.sub("", str(text).strip().translate(_MINUS))


def _suggest(cleaned: str, lang: str) -> str | None:
    """The reader's spelling of ``cleaned`` when it is a well-formed number in the other language."""
    other = _OTHER.get(lang, "en")
    try:
        value = parse_decimal(cleaned, locale=_locale(other), strict=True)
    except NumberFormatError:
        return None
    if not value.is_finite():
        return None
    return format_decimal(value, locale=_locale(lang), decimal_quantization=False)


def parse_number(text: str, lang: str = "de", grouping: bool = True) -> float:
    """Read ``text`` as a number in the format of ``lang`` ("de" or "en").

    Surrounding spaces, a typographic minus (−) and no-break spaces between digits are accepted.
    Raises :class:`NumberParseError` (a ``ValueError``) for anything else that is not a
    well-formed number in that format, for an empty text and for NaN/infinity.

    ``grouping=False`` refuses thousands separators, for inputs where a large number is never
    meant (coordinates, weights): "49.407" in German is then refused with the suggestion
    "49,407" instead of being read as 49407.
    """
    cleaned = _clean(text)
    if not cleaned:
        raise NumberParseError(str(text), lang, reason="empty")
    try:
        value = parse_decimal(cleaned, locale=_locale(lang), strict=True)
    except NumberFormatError:
        raise NumberParseError(cleaned, lang, _suggest(cleaned, lang)) from None
    if not grouping and _GROUP[LANGS[lang_index(lang)]] in cleaned:
        raise NumberParseError(cleaned, lang, _suggest(cleaned, lang), reason="grouping")
    if not value.is_finite() or math.isinf(float(value)):
        raise NumberParseError(cleaned, lang, reason="finite")
    return float(value)


def parse_number_list(text: str, lang: str = "de", separator: str = ";") -> list[float]:
    """Numbers separated by semicolons ("8; 12,5; 16"), each read by :func:`parse_number`.

    Empty parts are skipped; the first unreadable part raises :class:`NumberParseError`.
    """
    return [parse_number(part, lang) for part in str(text).split(separator) if part.strip()]


def format_input(value: float, lang: str = "de", max_decimals: int = 6) -> str:
    """``value`` spelt so that :func:`parse_number` reads it back: "1,3" in German, no grouping,
    no trailing zeros.

    >>> format_input(1234.5, "de"), format_input(0.5, "en"), format_input(3.0, "de")
    ('1234,5', '0.5', '3')
    """
    pattern = "0." + "#" * max_decimals if max_decimals > 0 else "0"
    return format_decimal(value, format=pattern, locale=_locale(lang))


# --- cells of imported tables -------------------------------------------------------------------

# Signs German statistical offices put where no number is published ("keine Angabe", "Zahlenwert
# unbekannt", "nichts vorhanden", "gesperrt", "unsicher"), and the empty cell.
MISSING_MARKERS = ("k.a.", "k. a.", "-", "–", "—", ".", "/", "x", "*", "()", "...", "…", "")

# The two notations a cell may use: German ("1.234,5", "12,5", "1.234") and plain ("12.5", "1e3").
# "1.234" is German (thousands), as every German office writes it; "12.5" cannot be German, so plain.
_CELL_GERMAN = r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[+-]?\d+,\d+"
_CELL_PLAIN = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_GERMAN_CELL = re.compile(f"^(?:{_CELL_GERMAN})$")
_PLAIN_CELL = re.compile(f"^(?:{_CELL_PLAIN})$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_PERCENT = re.compile(r"\s*%$")


def is_missing(text: object) -> bool:
    """True for an empty cell or a missing-value marker ("k.A.", "-", "x", "()", …).

    >>> [is_missing(t) for t in ("k.A.", " – ", "()", "0", "12")]
    [True, True, True, False, False]
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return True
    return str(text).strip().replace("\u00a0", "").casefold() in MISSING_MARKERS


def _cell_text(text: object) -> str:
    value = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return _PERCENT.sub("", value).replace("\u2212", "-")


def looks_numeric(text: object) -> bool:
    """A cell text :func:`read_cell` reads as a number (markers and blanks are not numbers)."""
    value = _cell_text(text)
    return bool(value) and bool(_GERMAN_CELL.match(value) or _PLAIN_CELL.match(value))


def read_cell(text: object, grouping: bool = True) -> float | None:
    """A table cell as a number: "1.234,5" -> 1234.5, "16,9 %" -> 16.9, "12.5" -> 12.5, "7" -> 7.0;
    ``None`` for a blank or a missing-value marker ("–", "k.A.", "."); ``ValueError`` otherwise.

    German notation is read by Babel (de_DE, strict), plain notation by Python. ``grouping=False``
    for values that are never large (coordinates): "49.443" is then 49.443, not 49443.

    >>> [read_cell(t) for t in ("1.234,5", "16,9 %", "12.5", "–", "")]
    [1234.5, 16.9, 12.5, None, None]
    """
    if is_missing(text):
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    value = _cell_text(text)
    if (_GERMAN_CELL if grouping else _DECIMAL_COMMA).match(value):
        return float(parse_decimal(value.lstrip("+"), locale=NUMBER_LOCALES["de"], strict=True))
    if _PLAIN_CELL.match(value):
        return float(value)
    raise ValueError(value)


def read_cells(values: pd.Series) -> pd.Series:
    """:func:`read_cell` for a whole column at once (grid files have millions of cells), with NaN for
    blanks, markers and anything else that is not a number.

    >>> read_cells(pd.Series(["12,5", "–", ".", "1.234", "", "16,9 %"])).tolist()
    [12.5, nan, nan, 1234.0, nan, 16.9]
    """
    text = values.astype("string").str.strip().str.replace("\u00a0", "", regex=False)
    text = text.str.replace(" ", "", regex=False).str.replace(_PERCENT, "", regex=True).str.replace("\u2212", "-", regex=False)
    german = text.str.fullmatch(_CELL_GERMAN).fillna(False).astype(bool)
    plain = text.str.fullmatch(_CELL_PLAIN).fillna(False).astype(bool)
    text = text.where(~german, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    return pd.to_numeric(text.where(german | plain), errors="coerce").astype(float)
