"""Numbers in and out, one way: read (typed text and table cells), format (Babel), and the share of counts.

The lowest wing of ``geo``: every reader, page and export reads, formats and divides numbers here.

>>> from geo.numbers import parse_number, read_cell, format_value, share
>>> parse_number("1.234,5", "de"), read_cell("16,9 %"), format_value(share(1, 8), 1, "%", "de")
(1234.5, 16.9, '12,5\xa0%')
"""

from geo.numbers.formatting import (
    EN_DASH,
    LOCALES,
    MINUS,
    NBSP,
    axis_format,
    format_datetime,
    format_exact,
    format_number,
    format_signed,
    format_value,
    format_values,
    vega_locale,
)
from geo.numbers.parsing import (
    MISSING_MARKERS,
    NUMBER_LOCALES,
    NumberParseError,
    format_input,
    is_missing,
    looks_numeric,
    parse_number,
    parse_number_list,
    read_cell,
    read_cells,
)
from geo.numbers.shares import share

__all__ = [
    "EN_DASH",
    "LOCALES",
    "MINUS",
    "NBSP",
    "MISSING_MARKERS",
    "NUMBER_LOCALES",
    "NumberParseError",
    "axis_format",
    "format_datetime",
    "format_exact",
    "format_input",
    "format_number",
    "format_signed",
    "format_value",
    "format_values",
    "is_missing",
    "looks_numeric",
    "parse_number",
    "parse_number_list",
    "read_cell",
    "read_cells",
    "share",
    "vega_locale",
]
