"""Numeric inputs that read the reader's number format (German: "1,3").

The browser's own number fields do not accept a decimal comma, and a grid cell typed "1,3"
became 13. Every number the reader types is therefore a text read by
:func:`geo.numbers.parse_number`: shown in the reader's format, refused with a German and
English message when it cannot be read, and the previous value kept meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from geo.numbers import NumberParseError, format_input, format_number, parse_number, parse_number_list
from ui.shell.messages import one_language
from ui.shell.strings import t, tmd

__all__ = ["cell_numbers", "format_cells", "number_input", "number_list_input"]

_KEPT = "_number_{}"
_LANG = "_number_lang_{}"


def _range_problem(value: float, lang: str, min_value: float | None, max_value: float | None) -> str | None:
    def shown(bound: float) -> str:
        return format_input(bound, lang)

    if min_value is not None and max_value is not None and not min_value <= value <= max_value:
        return t("number_between", lang, low=shown(min_value), high=shown(max_value))
    if min_value is not None and value < min_value:
        return t("number_at_least", lang, low=shown(min_value))
    if max_value is not None and value > max_value:
        return t("number_at_most", lang, high=shown(max_value))
    return None


def number_input(
    label: str,
    key: str,
    default: float,
    lang: str,
    min_value: float | None = None,
    max_value: float | None = None,
    container=st,
    help: str | None = None,
    grouping: bool = True,
    whole: bool = False,
    **kwargs: object,
) -> float:
    """A text field for one number in the reader's format; returns the last valid number.

    The number is kept under its own session key, so it survives pages that do not draw the
    field and is shown again in the other format when the language changes. Text that is not a
    number, or lies outside ``min_value``–``max_value``, gives an error under the field and the
    previous number stays in force. With ``whole`` (a count, a page, "Top k") a fraction such as
    "1,5" is refused the same way, and the number is returned as an ``int``.
    """
    kept_key, lang_key = _KEPT.format(key), _LANG.format(key)
    kept = float(st.session_state.get(kept_key, default))
    bounded = min(max(kept, min_value if min_value is not None else kept), max_value if max_value is not None else kept)
    if bounded != kept:  # kept for another dataset (more areas, more pages): the nearest number allowed now
        kept = bounded
        st.session_state[kept_key] = kept
        st.session_state.pop(key, None)
    if key not in st.session_state or st.session_state.get(lang_key, lang) != lang:
        st.session_state[key] = format_input(kept, lang)
    st.session_state[lang_key] = lang
    text = container.text_input(label, key=key, help=help, **kwargs)
    try:
        value = parse_number(text, lang, grouping)
    except NumberParseError as error:
        container.error(tmd("number_kept", lang, message=one_language(str(error), lang), value=format_input(kept, lang)))
        return int(kept) if whole else kept
    problem = _range_problem(value, lang, min_value, max_value)
    if whole and not problem and not value.is_integer():
        problem = t("number_whole", lang, text=text.strip())  # escaped with the rest below
    if problem:
        container.error(tmd("number_kept", lang, message=problem, value=format_input(kept, lang)))
        return int(kept) if whole else kept
    st.session_state[kept_key] = value
    return int(value) if whole else value


def number_list_input(
    label: str,
    key: str,
    default: Sequence[float],
    lang: str,
    increasing: bool = True,
    container=st,
    **kwargs: object,
) -> list[float]:
    """A text field for numbers separated by semicolons ("8; 12,5; 16"); returns the last valid list.

    With ``increasing``, bounds that do not rise are refused like unreadable text.
    """
    kept_key, lang_key = _KEPT.format(key), _LANG.format(key)
    kept = list(st.session_state.get(kept_key, default))
    if key not in st.session_state or st.session_state.get(lang_key, lang) != lang:
        st.session_state[key] = "; ".join(format_input(v, lang) for v in kept)
    st.session_state[lang_key] = lang
    text = container.text_input(label, key=key, **kwargs)
    shown = "; ".join(format_input(v, lang) for v in kept) or "–"
    try:
        values = parse_number_list(text, lang)
    except NumberParseError as error:
        container.error(tmd("number_kept", lang, message=one_language(str(error), lang), value=shown))
        return kept
    if not values or (increasing and any(b >= a for a, b in zip(values[1:], values))):
        container.error(t("number_kept", lang, message=t("numbers_increasing", lang), value=shown))
        return kept
    st.session_state[kept_key] = values
    return values


def cell_numbers(
    column: pd.Series,
    lang: str,
    key: str,
    labels: Sequence[str],
    min_value: float | None = None,
    container=st,
    grouping: bool = True,
) -> list[float | None]:
    """Read the text cells of a data-editor column as numbers in the reader's format.

    ``labels`` name the rows in a message. A cell that cannot be read keeps the number last read
    in that row (kept under ``key``); an empty cell is ``None``.
    """
    kept: dict[int, float] = st.session_state.setdefault(_KEPT.format(key), {})
    values: list[float | None] = []
    for position, (text, label) in enumerate(zip(column.tolist(), labels)):
        if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
            values.append(None)
            continue
        try:
            # a number already (a stored or programmatic edit) is taken as it is; text is read
            value = float(text) if isinstance(text, (int, float)) else parse_number(str(text), lang, grouping)
            problem = _range_problem(value, lang, min_value, None)
        except NumberParseError as error:
            value, problem = None, one_language(str(error), lang)
        if problem:
            previous = kept.get(position)
            if previous is None:
                container.error(tmd("number_cell_ignored", lang, row=label, message=problem))
            else:
                container.error(tmd("number_cell_kept", lang, row=label, message=problem,
                                  value=format_input(previous, lang)))
            values.append(previous)
            continue
        kept[position] = value
        values.append(value)
    return values


def format_cells(values: Sequence[float], lang: str, decimals: int | None = None) -> list[str]:
    """Numbers as editor cell texts: the reader's format ("1,2"), or fixed ``decimals``."""
    if decimals is None:
        return [format_input(v, lang) for v in values]
    return [format_number(v, decimals, lang) for v in values]
