"""Import page: which columns are changes (signed) and which numbers mean "no value".

Published monitoring tables hold change and balance columns ("Veränderung …", "Saldo", "Δ")
whose values are negative by nature, and mark areas without a value with a number such as
``-9999``. The person declares both here; the declarations go through the same code as the
command line's ``--signed`` and ``--missing`` (:func:`geo.store.ingest.declare_values`), and the
cells read as missing because of a code are listed, area by area.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from geo.numbers import NumberParseError, format_input, parse_number_list
from geo.domain.valuecodes import coded_cells, is_signed, signed_candidates
from geo.read.tables import IndicatorTable, TableReadError
from geo.store.ingest import declare_values
from ui.shell.messages import shown
from ui.shell.strings import t, tmd

__all__ = ["ValueDeclarations", "value_declarations"]


@dataclass(frozen=True)
class ValueDeclarations:
    signed: tuple[str, ...] = ()
    codes: tuple[float, ...] = ()
    coded: dict[str, list[str]] = field(default_factory=dict)  # column -> areas read as missing by a code


def _codes(text: str, lang: str) -> list[float]:
    if not text.strip():
        return []
    try:
        return parse_number_list(text, lang)
    except NumberParseError as exc:
        raise TableReadError(t("upload_codes_bad", lang, message=shown(exc))) from exc  # typed text


def value_declarations(table: IndicatorTable, source: str, lang: str) -> tuple[IndicatorTable, ValueDeclarations]:
    """Draw the two fields, apply them to ``table`` and list what a code made missing.

    Raises :class:`geo.read.tables.TableReadError` (German / English) for an unreadable code or a
    negative value in a column not declared signed; the page shows it like any reading error.
    """
    candidates = signed_candidates(table)
    with st.expander(t("upload_values", lang), expanded=True):
        signed = st.multiselect(
            t("upload_signed", lang),
            candidates,
            default=[c for c in candidates if is_signed(c)],
            key="upload_signed",
            help=t("upload_signed_help", lang),
            placeholder=t("choose_options", lang),
        )
        text = st.text_input(t("upload_codes", lang), key="upload_missing_codes", help=t("upload_codes_help", lang))
    codes = _codes(text, lang)
    coded = coded_cells(table, codes)
    table, _ = declare_values(table, source, signed, codes, detect=False)
    if coded:
        shown = "; ".join(f"{column}: {', '.join(areas)}" for column, areas in coded.items())
        st.info(
            tmd(
                "upload_coded",
                lang,
                n=sum(len(a) for a in coded.values()),
                codes="; ".join(format_input(c, lang) for c in codes),
                cells=shown,
            )
        )
    return table, ValueDeclarations(tuple(signed), tuple(codes), coded)
