"""Data page: all areas with their values, the indicator table, matching and sources."""

import pandas as pd
import streamlit as st

from geo.numbers import format_value
from ui.shell import cache
from ui.views.datasetadmin import dataset_admin
from ui.widgets.formulas import spec_formula
from ui.shell.markdown import md_escape
from ui.shell.notices import suppression_notice
from ui.shell.page import current_lang
from ui.shell.strings import exists, t, tmd

lang = current_lang()
data = cache.dataset()
suppression_notice(data, lang)
bounds = cache.boundaries()

st.title(t("page_data", lang))

st.subheader(t("data_heading", lang))
columns = {"name": t("col_name", lang), "name_original": t("col_name_original", lang)}
table = data.areas[list(columns)].rename(columns=columns)
# The coarser districts the areas belong to: headed by the level the data declare ("Ortsbezirk", "Stadtbezirk");
# without a declared level the old "Teil von" column, where an area names one.
parents = data.parents() if data.parent is not None else data.areas["part"].fillna("").astype(str).str.strip()
if parents.astype(bool).any():
    header = data.parent.one(lang) if data.parent is not None else t("col_part", lang)
    table.insert(1, header, parents.to_numpy())
for spec in data.specs.values():
    fmt = [format_value(v, spec.decimals, spec.unit(lang), lang) for v in data.areas[spec.id]]
    table[spec.label(lang)] = fmt
city = {columns["name"]: t("city_row", lang)}
for spec in data.specs.values():
    city[spec.label(lang)] = format_value(data.city.get(spec.id), spec.decimals, spec.unit(lang), lang)
table = pd.concat([table, pd.DataFrame([city])], ignore_index=True).fillna("")
st.dataframe(table, hide_index=True, key="areas_table")
st.caption(md_escape(data.source.source))

st.subheader(t("indicators_heading", lang))
indicators = pd.DataFrame(
    [
        {
            t("col_indicator", lang): spec.label(lang),
            t("col_kind", lang): t(f"kind_{spec.kind}", lang),
            t("col_unit", lang): spec.unit(lang),
            t("col_formula", lang): spec_formula(spec, data, lang),  # names, not column ids
            t("col_year", lang): str(spec.year) if spec.year else t("year_unknown", lang),
            t("col_source", lang): spec.source_text(lang),
        }
        for spec in data.specs.values()
    ]
)
st.dataframe(indicators, hide_index=True, key="indicators_table")

st.subheader(t("join_heading", lang))
if bounds.geometry is None:
    st.warning(t("no_boundaries", lang, filename=bounds.source.filename))
else:
    report = bounds.geometry.report
    st.markdown(
        t(
            "join_summary",
            lang,
            matched=len(report.matches),
            total=len(bounds.geometry.frame),
            fuzzy=len(report.fuzzy),
        )
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col_join_table", lang): m.left,
                    t("col_join_boundary", lang): m.right,
                    # the method's words; a method without words (a later one) shows as it is named
                    t("col_join_method", lang): t(f"join_method_{m.method}", lang)
                    if exists(f"join_method_{m.method}") else m.method,
                }
                for m in report.matches
            ],
            columns=[t("col_join_table", lang), t("col_join_boundary", lang), t("col_join_method", lang)],
        ),
        hide_index=True,
        key="join_table",
    )
    if report.unmatched_boundaries:  # a boundary without a table row: on the map, without data
        st.warning(tmd("unmatched", lang, names=", ".join(report.unmatched_boundaries)))
    if report.unmatched_table:  # a table row without a boundary: not on the map at all
        st.warning(tmd("unmatched_table", lang, names=", ".join(report.unmatched_table)))

st.subheader(t("datasets_heading", lang))
rows = []
stored = cache.datasets()
for info in stored:
    p = info.provenance
    rows.append(
        {
            t("upload_name", lang): p.get("name", info.id),
            t("datasets_files", lang): ", ".join(f for f in (p.get("indicators_file"), p.get("boundaries_file")) if f),
            t("upload_source", lang): p.get("sources") or " · ".join(x for x in (p.get("source", ""), p.get("licence", "")) if x),
            # Built at set-up from the data configuration (data/sources.toml), else imported by someone.
            t("datasets_when", lang): str(p.get("imported_at", ""))[:16].replace("T", " ") or t("datasets_configured", lang),
            t("datasets_who", lang): p.get("imported_by", ""),
        }
    )
st.dataframe(pd.DataFrame(rows), hide_index=True, key="datasets_table")
if not cache.settings().public:
    # Remove and restore: signed-in editors only; datasets of the data configuration are rebuilt, not removed.
    dataset_admin([i for i in stored if not i.provenance.get("built_from")], lang)
