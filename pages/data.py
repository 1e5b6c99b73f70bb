"""Data page: all areas with their values, the indicator table, matching and sources."""

import pandas as pd
import streamlit as st

from geo.numbers import format_value
from ui import cache
from ui.datasetadmin import dataset_admin
from ui.formulas import spec_formula
from ui.markdown import md_escape
from ui.notices import suppression_notice
from ui.page import current_lang
from ui.strings import t, tmd

lang = current_lang()
data = cache.dataset()
suppression_notice(data, lang)
bounds = cache.boundaries()

st.title(t("page_data", lang))

st.subheader(t("data_heading", lang))
columns = {
    "name": t("col_name", lang),
    "name_original": t("col_name_original", lang),
    "part": t("col_part", lang),
}
table = data.areas[list(columns)].rename(columns=columns)
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
            t("col_source", lang): spec.source,
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
        pd.DataFrame([{"statistik": m.left, "grenzen": m.right, "methode": m.method} for m in report.matches]),
        hide_index=True,
        key="join_table",
    )
    if report.unmatched_boundaries or report.unmatched_table:
        st.warning(tmd("unmatched", lang, names=", ".join(report.unmatched_boundaries + report.unmatched_table)))

st.subheader(t("datasets_heading", lang))
rows = [
    {
        t("upload_name", lang): cache.dataset_choices()[cache.EMBEDDED],
        t("datasets_files", lang): cache.embedded_display().files,
        t("upload_source", lang): cache.embedded_display().sources,
        t("datasets_when", lang): "eingebettet / embedded",
        t("datasets_who", lang): "",
    }
]
imported = cache.imported_datasets()
for info in imported:
    p = info.provenance
    rows.append(
        {
            t("upload_name", lang): p.get("name", info.id),
            t("datasets_files", lang): f"{p.get('boundaries_file', '')}, {p.get('indicators_file', '')}",
            t("upload_source", lang): " · ".join(x for x in (p.get("source", ""), p.get("licence", "")) if x),
            t("datasets_when", lang): str(p.get("imported_at", ""))[:16].replace("T", " "),
            t("datasets_who", lang): p.get("imported_by", ""),
        }
    )
st.dataframe(pd.DataFrame(rows), hide_index=True, key="datasets_table")
if not cache.settings().public:
    dataset_admin(imported, lang)  # remove and restore: signed-in editors only
