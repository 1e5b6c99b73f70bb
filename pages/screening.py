"""Screening page: areas meeting conditions on indicators, highlighted and listed."""

import pandas as pd
import streamlit as st

from geo.analysis.screening import OPERATORS, Condition, screen
from geo.numbers import format_input, format_value
from geo.domain.timeseries import newest
from geo.maps.categories import category_map_styles, category_tiles
from ui.shell import cache
from ui.shell.context import start_conditions
from ui.widgets.legend import render_category_legend
from ui.widgets.mapview import render_map
from ui.shell.messages import shown
from ui.shell.notices import suppression_notice
from ui.widgets.numeric import cell_numbers, format_cells
from ui.shell.page import current_lang, end_page
from ui.views.quarter_analysis import show_screened_quarters
from ui.views.screening_editor import conditions_editor
from ui.documents.decision import take_areas
from ui.shell.selection import get_selection
from ui.shell.strings import t, tmd, tn
from ui.widgets.tiles import show_tiles

lang = current_lang()
data = cache.dataset()
suppression_notice(data, lang)
bounds = cache.boundaries()
st.title(t("page_screening", lang))
st.caption(t("screening_help", lang))

# Comparisons as a reader writes them (≥, ≤), in the editor and the method text; ">=" is still read.
SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
OP_OF = {**{sign: op for op, sign in SIGNS.items()}, **{op: op for op in OPERATORS}}
label_of = {spec.id: spec.label(lang) for spec in data.specs.values()}
id_of = {label: key for key, label in label_of.items()}
if own := start_conditions(data.specs):  # the dataset's own start (its data configuration)
    defaults = pd.DataFrame(
        [{"indicator": label_of[i], "op": SIGNS.get(op, op), "threshold": format_input(th, lang), "relative": rel}
         for i, op, th, rel in own]
    )
else:  # otherwise its first indicator (in the newest year) at the median
    first = newest(data.specs)  # in the newest year the data has
    median = float(data.areas[first].median()) if data.areas[first].notna().any() else 0.0
    defaults = pd.DataFrame(
        [{"indicator": label_of[first], "op": "≥", "threshold": format_cells([median], lang, data.specs[first].decimals)[0],
          "relative": False}]
    )
rows = conditions_editor(  # switching "× Stadtwert" converts the typed number, and says so
    data,
    defaults,
    {
        "indicator": st.column_config.SelectboxColumn(t("indicator", lang), options=list(id_of), required=True),
        "op": st.column_config.SelectboxColumn(t("screening_op", lang), options=[SIGNS[op] for op in OPERATORS],
                                                 required=True),
        # text, read by geo.numbers: the browser's number cell turned "1,3" into 13
        "threshold": st.column_config.TextColumn(
            t("screening_threshold", lang), required=True, help=t("number_hint", lang)
        ),
        "relative": st.column_config.CheckboxColumn(t("screening_relative", lang), help=t("screening_switch_help", lang)),
    },
    lang,
)
combine = st.radio(
    t("screening_combine", lang), ["and", "or"], format_func=lambda c: t(f"screening_{c}", lang),
    horizontal=True, key="screening_combine",
)

thresholds = cell_numbers(
    rows["threshold"], lang, "screening_thresholds", [t("screening_row", lang, n=i + 1) for i in range(len(rows))]
)
conditions = [
    Condition(id_of.get(r["indicator"], str(r["indicator"])), OP_OF.get(str(r["op"]), str(r["op"])), threshold,
              bool(r["relative"]))
    for r, threshold in zip(rows.to_dict("records"), thresholds)
    if r.get("indicator") is not None and r.get("op") is not None and threshold is not None
]
try:
    result = screen(data.areas, data.city, conditions, combine)
except ValueError as exc:
    st.warning(shown(exc))
    end_page()

hits = result.matching_ids
descriptions = [
    f"{label_of.get(c.indicator, c.indicator)} {SIGNS.get(c.op, c.op)} "
    # a typed threshold as it stands in the table ("18,42 %", never "17,00 %"); one computed from the city value
    # with the indicator's decimals, as every page and document shows its values ("17,0 %", beside its factor)
    + format_value(th, data.specs[c.indicator].decimals if c.relative else None, data.specs[c.indicator].unit(lang), lang)
    + (f" (= {format_input(c.threshold, lang)} × {t('city_row', lang)})" if c.relative else "")
    for c, th in zip(conditions, result.thresholds)
]
method = f" {t('screening_' + combine, lang)} ".join(descriptions)
st.markdown(f"**{tn('screening_result', len(hits), lang, total=len(data.areas))}**")
st.text(method)
if result.unknown.any():
    st.caption(tmd("screening_unknown", lang, names=", ".join(data.areas.loc[result.unknown, "name"])))

hit_label, miss_label = t("screening_hit", lang), t("screening_miss", lang)
labels = {a: (hit_label if a in hits else miss_label) for a in data.areas.index}
colours = {hit_label: "#D55E00", miss_label: "#f0f0f0"}
if hits:
    shown_columns = list(dict.fromkeys(c.indicator for c in conditions))
    listing = data.areas.loc[hits, ["name", *shown_columns]].copy()
    for column in shown_columns:  # the reader's number format ("17,6 %"), as everywhere
        spec = data.specs[column]
        listing[column] = [format_value(v, spec.decimals, spec.unit(lang), lang) for v in listing[column]]
    listing = listing.rename(columns={"name": t("col_name", lang), **label_of})
    st.dataframe(listing, hide_index=True, key="screening_hits")
    if st.button(t("screening_take", lang), key="screening_take", type="primary"):
        # the step joins the method chain (a later ranking step keeps this condition in the record)
        st.success(take_areas(hits, {"Schritt": "Screening", "Bedingung": method, "Übernommen": f"{len(hits)} Treffer"}, lang))
show_screened_quarters(data, bounds.geometry, conditions, combine, lang)  # self-drawn quarters: extra rows

map_col, tile_col = st.columns([1, 1])
with map_col:
    if bounds.geometry is not None:
        styles = category_map_styles(
            data, bounds.geometry, labels, colours, t("page_screening", lang), data.source.source, get_selection(), lang
        )
        render_map(bounds.geometry, styles, "screening_map", lang, clickable=False)
        render_category_legend(t("page_screening", lang), labels, colours, lang)
    else:
        st.warning(t("no_boundaries", lang, filename=bounds.source.filename))
with tile_col:
    show_tiles(category_tiles(data, labels, colours, get_selection()), lang, "screening_tiles")
