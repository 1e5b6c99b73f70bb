"""The PDF report's data table laid out to fit the page: which columns, how wide, which page shape.

A table of 40 indicator columns, or a cell holding a 1,000-character name
without spaces, must neither fail (reportlab: "flowable given negative
availWidth") nor break ordinary words mid-word ("Innensta dt"). So every column
gets at least the width of its longest word (capped, so that only words longer
than any column can be are split), the table is set in landscape when it does
not fit upright, and indicators that do not fit even then are left out, most
relevant kept (weighted in the decision first, then the newest year, then the
dataset's order), and named under the table.

>>> layout = plan_table([["Gebiet", "Anteil"], ["Innenstadt Ost", "17,6 %"]], [0, 1], 17 * 28.35)
>>> layout.columns, layout.landscape, layout.left_out
((0, 1), False, ())
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth

__all__ = ["FONT", "FONT_SIZE", "HEADER_FONT", "PADDING", "TableLayout", "plan_table", "word_width"]

FONT, FONT_SIZE = "Helvetica", 7
HEADER_FONT = "Helvetica-Bold"
PADDING = 2 * 6  # reportlab's default left and right cell padding
_MAX_COLUMN = 4.5 * cm  # a word wider than this is split (only very long words: ids, planted names)
_MIN_COLUMN = 1.4 * cm
_BREAKS = re.compile(r"[ \t\r\n]+")  # where a line may break; not at the no-break space (U+00A0)


@dataclass(frozen=True)
class TableLayout:
    """Column indexes shown (in table order), their widths in points, page shape, indexes left out."""

    columns: tuple[int, ...]
    widths: tuple[float, ...]
    landscape: bool
    left_out: tuple[int, ...]


def word_width(text: str, font: str = FONT) -> float:
    """Width of the longest word of ``text`` in ``font`` at the cell size (points). A no-break space joins
    (a number and its unit, "8,794\u00a0persons", is one word: reportlab never breaks there either).

    >>> word_width("8,794\u00a0persons") > word_width("8,794 persons")
    True
    """
    return max((stringWidth(w, font, FONT_SIZE) for w in _BREAKS.split(str(text)) if w), default=0.0)


def _needs(rows: Sequence[Sequence[str]], column: int) -> tuple[float, float]:
    """(least width: the longest word, capped; natural width: the longest cell on one line, capped).

    The header (row 0) is set in bold, which is wider.
    """
    fonts = [HEADER_FONT] + [FONT] * (len(rows) - 1)
    cells = [(str(r[column]), f) for r, f in zip(rows, fonts)]
    least = max((word_width(c, f) for c, f in cells), default=0.0) + PADDING
    natural = max((stringWidth(c, f, FONT_SIZE) for c, f in cells), default=0.0) + PADDING
    least = min(max(least, _MIN_COLUMN), _MAX_COLUMN)
    return least, min(max(natural, least), 3 * _MAX_COLUMN)


def plan_table(
    rows: Sequence[Sequence[str]], priority: Sequence[int], portrait_width: float, landscape_width: float | None = None
) -> TableLayout:
    """Lay out ``rows`` (header first) on a page ``portrait_width`` (or ``landscape_width``) wide.

    ``priority`` lists the column indexes most relevant first; column 0 (the area name) is always shown.
    """
    n = len(rows[0])
    needs = [_needs(rows, c) for c in range(n)]
    order = [0, *[c for c in priority if c != 0]]
    order += [c for c in range(n) if c not in order]
    landscape = sum(needs[c][0] for c in order) > portrait_width and landscape_width is not None
    width = landscape_width if landscape and landscape_width is not None else portrait_width
    shown: list[int] = []
    used = 0.0
    for column in order:  # in order of relevance, up to the first that does not fit
        if shown and used + needs[column][0] > width:
            break
        shown.append(column)
        used += needs[column][0]
    shown.sort()
    widths = _spread([needs[c] for c in shown], width)
    left_out = tuple(c for c in range(n) if c not in shown)
    return TableLayout(tuple(shown), widths, landscape, left_out)


def _spread(needs: Sequence[tuple[float, float]], width: float) -> tuple[float, ...]:
    """Least widths plus the room left, shared in proportion to what each column would like more."""
    least = [a for a, _ in needs]
    room = max(width - sum(least), 0.0)
    wants = [max(b - a, 0.0) for a, b in needs]
    total = sum(wants)
    if total <= 0:
        return tuple(least)
    give = min(room / total, 1.0)
    return tuple(a + w * give for a, w in zip(least, wants))
