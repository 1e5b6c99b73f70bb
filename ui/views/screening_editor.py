"""The screening conditions' editor, whose "× Stadtwert" switch never reinterprets a number silently.

A threshold of 18 (%) means something else once the condition is switched to "× Stadtwert"
(18 times the city value). When the switch of a row changes and its number does not, the number
is converted to the same threshold on the other scale (18 % ÷ 14,17 % = 1,27 × Stadtwert, and
back) and a message says so; without a city value the number is cleared and the reader asked to
type it anew. The editor then shows the converted table (:data:`ui.shell.session.SCREENING_TABLE`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from geo.analysis.screening import OPERATORS, switch_threshold
from geo.domain.dataset import Dataset
from geo.numbers import format_value
from geo.numbers import NumberParseError, format_input, parse_number
from ui.shell import session
from ui.shell.strings import t, tmd

__all__ = ["conditions_editor", "switched"]

KEY = "screening_conditions"
_CHANNEL = "screening_switch"


def conditions_editor(data: Dataset, defaults: pd.DataFrame, column_config: Mapping, lang: str) -> pd.DataFrame:
    """The editor's rows; a switched row is converted (message, rerun) before anything is screened."""
    ident = (data.source.id, lang)
    stored = session.SCREENING_TABLE.get()
    ours = stored is not None and stored[0] == ident
    table = pd.DataFrame(stored[1]) if ours else defaults
    session.show_flash(_CHANNEL)
    rows = st.data_editor(table, key=KEY, num_rows="dynamic", hide_index=True, column_config=column_config)
    now = rows.to_dict("records")
    before = stored[2] if ours else table.to_dict("records")
    converted, messages = switched(before, now, data, lang)
    if messages:
        session.SCREENING_TABLE.set((ident, converted, converted))
        kind = "warning" if any(cleared for cleared, _ in messages) else "info"
        session.flash(_CHANNEL, "\n\n".join(text for _, text in messages), kind=kind)
        st.rerun()
    session.SCREENING_TABLE.set((ident, table.to_dict("records"), now))
    return rows


_OPS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<"}


def _same_hits(values: pd.Series, sign: str, threshold: float, scale: float):
    """A test of a rounded converted number: does ``number × scale`` find the areas ``threshold`` finds?

    The converted number is shown with as few decimals as keep the hits (2 for a factor, at least).
    """
    compare = OPERATORS.get(_OPS.get(sign, sign))
    if compare is None:
        return lambda _number: True
    present = values.dropna()
    hits = compare(present, threshold)
    return lambda number: bool((compare(present, number * scale) == hits).all())


def switched(
    before: list[dict], now: list[dict], data: Dataset, lang: str
) -> tuple[list[dict], list[tuple[bool, str]]]:
    """The rows with every switched threshold converted, and one message per switched row.

    A row counts as switched when its indicator and number are as in the run before and only its
    "× Stadtwert" box changed. Messages are ``(cleared, text)``: cleared when no city value allows
    the conversion (or the number could not be read), so the reader types it anew.
    """
    label_of = {spec.label(lang): key for key, spec in data.specs.items()}
    rows, messages = [dict(r) for r in now], []
    if len(before) != len(now):  # a row added or deleted: positions moved, nothing was switched
        return rows, []
    for n, (old, row) in enumerate(zip(before, rows), start=1):
        if (old.get("indicator"), old.get("threshold")) != (row.get("indicator"), row.get("threshold")):
            continue
        if bool(old.get("relative")) == bool(row.get("relative")):
            continue
        text = row.get("threshold")
        if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
            continue  # no number to reinterpret
        indicator = label_of.get(str(row.get("indicator")))
        spec = data.specs.get(indicator) if indicator else None
        to_relative = bool(row.get("relative"))
        try:
            value = float(text) if isinstance(text, (int, float)) else parse_number(str(text), lang)
        except NumberParseError:
            value = None
        city = data.city.get(indicator) if indicator else None
        new = switch_threshold(value, to_relative, city) if value is not None else None
        switch = t("screening_switch_on" if to_relative else "screening_switch_off", lang)
        if new is None or spec is None:
            row["threshold"] = ""
            why = "screening_switch_unreadable" if value is None else "screening_switch_no_city"
            messages.append((True, tmd(why, lang, n=n, switch=switch, old=str(text), indicator=str(row.get("indicator")))))
            continue
        same = _same_hits(data.areas[indicator], str(row.get("op")), value * (1 if to_relative else city),
                          city if to_relative else 1.0)
        row["threshold"] = next((shown for d in range(2 if to_relative else max(spec.decimals, 2), 7)
                                 if same(parse_number(shown := format_input(new, lang, max_decimals=d), lang))),
                                format_input(new, lang, max_decimals=6))
        # The city value as every page shows it (the indicator's decimals); the thresholds as they stand in the
        # field, typed or converted ("18,42 %"), so the message and the table say the same number.
        unit = spec.unit(lang)
        city_text = format_value(city, spec.decimals, unit, lang)
        if to_relative:
            old_text, new_text = format_value(value, None, unit, lang), f"{row['threshold']} × {t('city_row', lang)}"
        else:
            old_text = f"{format_value(value, None, '', lang)} × {t('city_row', lang)}"
            new_text = format_value(parse_number(row["threshold"], lang), None, unit, lang)
        messages.append((False, tmd("screening_switch_converted", lang, n=n, switch=switch, old=old_text, new=new_text,
                                    city=city_text)))
    return rows, messages

