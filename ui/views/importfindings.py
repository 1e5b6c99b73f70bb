"""Import page: what the pipeline guessed, shown before saving (:mod:`geo.store.pipeline`).

The boundary attributes with sample values (which is the key, which the name, which holds the same
value everywhere), the id columns left out of the indicators, published shares and their check
against the counts, aggregate rows (city total, coarser districts) with their sum check, and the
question for the year when the table has no year column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.numbers import format_number
from geo.read.heuristics import published_decimals
from geo.read.tables import IndicatorTable
from geo.read.heuristics import plural_de
from geo.store.pipeline import FieldChoice, Recognised, district_level, district_name, needs_year, year_guess
from ui.shell.markdown import md_escape
from ui.shell.strings import t, tmd

__all__ = ["area_names", "field_overview", "show_findings", "year_question"]


def field_overview(choice: FieldChoice, key: str, name: str, lang: str) -> None:
    """Every attribute with its number of distinct values and a few samples; a constant name is refused."""
    uses = {key: t("upload_use_key", lang), name: t("upload_use_name", lang)}
    if key == name:
        uses[key] = f"{t('upload_use_key', lang)}, {t('upload_use_name', lang)}"
    rows = [
        {
            t("upload_field_col", lang): g.field,
            t("upload_distinct_col", lang): g.distinct,
            t("upload_samples_col", lang): ", ".join(g.samples),
            t("upload_use_col", lang): uses.get(g.field, t("upload_use_constant", lang) if g.constant else ""),
        }
        for g in choice.guesses
    ]
    st.caption(t("upload_fields_caption", lang))
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="upload_fields_table")
    chosen = next((g for g in choice.guesses if g.field == name), None)
    if chosen is not None and chosen.constant:
        st.warning(tmd("upload_name_constant", lang, field=name, n=chosen.rows, value=", ".join(chosen.samples)))


def area_names(boundaries, lang: str, shown: int = 5) -> None:
    """A few of the names the areas will carry."""
    names = list(dict.fromkeys(boundaries["name"].astype(str)))[:shown]
    st.caption(tmd("upload_name_samples", lang, names=", ".join(names)))


def _number(value: float, lang: str) -> str:
    return format_number(value, published_decimals([value], most=2), lang)


def show_findings(recognised: Recognised, lang: str, parent_col: str | None = None) -> str | None:
    """Id columns, published shares (with disagreeing rows) and aggregate rows (with their sum check).

    Returns the name of the dataset's parent level the person confirmed (the parent column's level, or the
    recognised district rows taken as that level), or ``None`` (district rows only a sum check)."""
    if recognised.ids:
        st.caption(tmd("upload_id_columns", lang, columns=", ".join(recognised.ids)))
    for match in recognised.shares:
        st.info(tmd("upload_share_found", lang, column=match.column, numerator=match.numerator,
                    denominator=match.denominator))
        rows = recognised.disagreements.get(match.column, [])
        if not rows:
            st.caption(tmd("upload_share_agrees", lang, column=match.column))
            continue
        st.warning(tmd("upload_share_disagrees", lang, column=match.column, n=len(rows)))
        decimals = recognised.decimals.get(match.column, 1)
        st.dataframe(
            pd.DataFrame([
                {t("upload_table_area", lang): area,
                 t("upload_col_published", lang): format_number(shown, decimals, lang),
                 t("upload_col_computed", lang): format_number(exact, decimals + 1, lang)}
                for area, shown, exact in rows
            ]),
            hide_index=True,
        )
    kept_out = recognised.kept_out
    if not kept_out:
        return _parent_column_level(recognised, parent_col, lang) if parent_col else None
    level = district_level(recognised) or t("upload_parent_level_default", lang)
    st.info(tmd("upload_aggregates_named", lang, n=len(kept_out), what=_what(recognised, level, lang)))
    rows = []
    for a in kept_out:
        kind = t("upload_agg_total", lang) if a.kind == "total" else t("upload_agg_level", lang, level=level,
                                                                        n=len(a.children))
        check = t("upload_agg_ok", lang) if not a.differences else t(
            "upload_agg_differs", lang,
            what="; ".join(f"{c} {_number(v, lang)} ≠ {_number(s, lang)}" for c, v, s in a.differences),
        )
        rows.append({t("upload_col_key", lang): a.key, t("upload_col_name", lang): a.name,
                     t("upload_col_kind", lang): kind, t("upload_col_check", lang): check})
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="upload_aggregates_table")
    return _district_level_choice(recognised, level, lang)


def _names(aggregates, shown: int = 3) -> str:
    names = [f"{a.key} {a.name}" for a in aggregates[:shown]]
    return ", ".join(names) + (", …" if len(aggregates) > shown else "")


def _what(recognised: Recognised, level: str, lang: str) -> str:
    """ "die Gesamtstadt (000 Stadt insgesamt) und 9 Stadtbezirke (001 …, 002 …, …)"."""
    totals = [a for a in recognised.kept_out if a.kind == "total"]
    districts = recognised.districts
    parts = [t("upload_agg_what_total", lang, names=_names(totals))] if totals else []
    if districts:
        parts.append(t("upload_agg_what_districts", lang, n=len(districts), level=plural_de(level),
                       names=_names(districts)))
    return t("upload_agg_what_and", lang).join(parts)


def _district_level_choice(recognised: Recognised, level: str, lang: str) -> str | None:
    """District rows: the dataset's parent level (named from the data, editable) or only a sum check."""
    districts = recognised.districts
    if not districts:
        return None
    use = st.radio(
        t("upload_districts_use", lang, n=len(districts), level=plural_de(level)), ["parent", "check"],
        format_func=lambda o: t(f"upload_districts_{o}", lang), key="upload_districts_use", horizontal=True,
    )
    if use != "parent":
        return None
    name = st.text_input(t("upload_parent_level", lang), value=level, key="upload_parent_level").strip()
    if name:
        samples = ", ".join(dict.fromkeys(district_name(a.name, name) for a in districts[:3]))  # as stored
        st.caption(tmd("upload_parent_level_shown", lang, level=name, n=len(districts), many=plural_de(name),
                       samples=samples))
    return name or None


def _parent_column_level(recognised: Recognised, parent_col: str, lang: str) -> str | None:
    """A parent column: the map units are the parent level, named after the column unless the person says."""
    name = st.text_input(t("upload_parent_level", lang), value=district_level(recognised, parent_col),
                         key="upload_parent_level").strip()
    return name or None


def year_question(table: IndicatorTable, path: Path, shown_name: str, lang: str) -> int | None:
    """The year of a table without a year column, asked (prefilled from file name or title row).

    Returns ``None`` when no column needs it or the field is left empty ("Jahr unbekannt"). Raises
    ``ValueError`` (German / English message) for a text that is not a year.
    """
    if not needs_year(table):
        return None
    guess = year_guess(path, shown_name)
    text = st.text_input(t("upload_year", lang), value=str(guess or ""), key="upload_year",
                         help=t("upload_year_help", lang))
    text = text.strip()
    if not text:
        st.caption(t("upload_year_unknown", lang))
        return None
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise ValueError(t("upload_year_bad", lang, text=md_escape(text)))
    return int(text)
