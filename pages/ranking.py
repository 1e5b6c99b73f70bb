"""Ranking page: composite index, rank stability under weight changes, quarter types."""

import pandas as pd
import streamlit as st

from geo.analysis.ranking import (
    RankingError,
    composite_index,
    method_text,
    quarter_types,
    rank_stability,
    ranked_table,
)
from geo.numbers import format_number
from geo.maps.categories import TYPE_COLOURS, category_map_styles, category_tiles
from ui.shell import cache, session
from ui.shell.context import start_indicators
from ui.widgets.legend import render_category_legend
from ui.widgets.mapview import render_map
from ui.shell.messages import shown
from ui.shell.notices import suppression_notice
from ui.widgets.numeric import cell_numbers, format_cells, number_input
from ui.shell.page import current_lang, end_page
from ui.views.quarter_analysis import show_ranked_quarters, show_typed_quarters
from ui.views.recipesection import render_recipes
from ui.documents.decision import take_areas
from ui.shell.selection import get_selection
from ui.views.statussection import render_status_dynamics
from ui.shell.statusdynamics_share import forget_spec
from ui.shell.strings import t, tmd
from ui.widgets.tiles import show_tiles

DRAWS, SEED = 1000, 2017

lang = current_lang()
data = cache.dataset()
suppression_notice(data, lang)
bounds = cache.boundaries()
st.title(t("page_ranking", lang))
st.caption(t("ranking_help", lang), help=t("ranking_jargon", lang))
if len(data.areas) < 3:
    st.info(t("ranking_too_few", lang, n=len(data.areas)))
    end_page()

label_of = {spec.id: spec.label(lang) for spec in data.specs.values()}
up, down = t("ranking_up", lang), t("ranking_down", lang)
preset = set(start_indicators(data.specs))  # the dataset's own, else its first indicator in the newest year
defaults = pd.DataFrame(
    [
        {"indicator": label_of[i], "weight": format_cells([1.0 if i in preset else 0.0], lang)[0], "direction": up}
        for i in data.specs
    ]
)
rows = st.data_editor(
    defaults,
    key="ranking_weights",
    hide_index=True,
    disabled=["indicator"],
    column_config={
        "indicator": st.column_config.TextColumn(t("indicator", lang)),
        # text, read by geo.numbers: the browser's number cell turned "0,5" into 5
        "weight": st.column_config.TextColumn(t("ranking_weight", lang), help=t("number_hint", lang)),
        "direction": st.column_config.SelectboxColumn(t("ranking_direction", lang), options=[up, down], required=True),
    },
)
id_of = {label: key for key, label in label_of.items()}
typed = cell_numbers(
    rows["weight"], lang, "ranking_weight_values", list(rows["indicator"]), min_value=0.0, grouping=False
)
weights = {id_of[r["indicator"]]: w or 0.0 for r, w in zip(rows.to_dict("records"), typed)}
directions = {id_of[r["indicator"]]: (1 if r["direction"] != down else -1) for r in rows.to_dict("records")}
try:
    result = composite_index(data.areas, weights, directions)
except RankingError as exc:
    forget_spec()  # no status-dynamics classes in force elsewhere either
    st.warning(shown(exc))
    end_page()

method = method_text(result.weights, directions, label_of, lang)


@st.fragment
def ranked(result, weights: dict, directions: dict, method: str) -> None:
    """How many top areas and how far the weights vary: only the rank stability depends on them, so the
    slider and the number rerun this part, not the quarter types, classes and recipes further down."""
    controls = st.columns(3)
    # a text read in the reader's format: the browser's number field made "1,5" 15 and "1.234,5" 1, silently
    top_k = number_input(t("ranking_top_k", lang), "ranking_top_k", min(3, len(data.areas) - 1), lang, min_value=1,
                         max_value=len(data.areas) - 1, container=controls[0], whole=True)
    spread = controls[1].slider(t("ranking_spread", lang), 0, 50, 20, step=5, key="ranking_spread", format="%d %%")
    controls[2].caption(t("ranking_draws", lang, draws=DRAWS, seed=SEED))
    try:
        stability = rank_stability(data.areas, weights, directions, int(top_k), spread / 100, DRAWS, SEED)
    except RankingError as exc:
        st.warning(shown(exc))
        return
    left, right = st.columns([3, 2])
    with left:
        table = ranked_table(result, stability, data.areas["name"].to_dict())
        listed = pd.DataFrame(
            {
                t("ranking_rank", lang): table["rank"],
                t("col_name", lang): table["name"],
                t("ranking_index", lang): [format_number(v, 2, lang) for v in table["index"]],
                t("ranking_stability", lang, k=int(top_k)): [f"{format_number(v * 100, 0, lang)} %"
                                                             for v in table["top_share"]],
            }
        )
        st.dataframe(listed, hide_index=True, key="ranking_table")
        show_ranked_quarters(data, bounds.geometry, weights, directions, int(top_k), spread / 100, DRAWS, SEED, lang)
    with right:
        st.markdown(f"**{t('ranking_method', lang)}**")
        st.text(f"Index = {method}")
        st.caption(t("ranking_method_note", lang, spread=spread, draws=DRAWS, seed=SEED, k=int(top_k)))
        if result.excluded:
            st.caption(tmd("ranking_excluded", lang, names=", ".join(data.areas.loc[list(result.excluded), "name"])))
        top = table["rank"].sort_values().index[: int(top_k)].tolist()
        session.show_flash("ranking_take")
        if st.button(t("ranking_take", lang, k=int(top_k)), key="ranking_take", type="primary"):
            step = {
                "Schritt": "Ranking",
                "Index": method,
                "Gewichte": {label_of[i]: float(w) for i, w in result.weights.items()},
                "Rangstabilität": f"±{spread} %, {DRAWS} Ziehungen, Seed {SEED}",
                "Übernommen": f"Top {int(top_k)}",
            }
            # "0 neue Gebiete, 3 schon ausgewählt" when none was new; then the whole page, so that the
            # selection in the sidebar and the maps below show the areas taken
            session.flash("ranking_take", take_areas(top, step, lang))
            st.rerun(scope="app")


ranked(result, weights, directions, method)

st.subheader(t("types_heading", lang))
st.caption(t("types_help", lang))
if len(result.z) < 3:  # types need at least three areas with values
    st.info(t("ranking_too_few", lang, n=len(result.z)))
    end_page()
n_types = number_input(t("types_count", lang), "types_count", min(3, len(result.z)), lang, min_value=2,
                       max_value=min(7, len(result.z)), whole=True)
types, profile = quarter_types(result.z, int(n_types), result.index)
type_label = {a: t("type_n", lang, n=n) for a, n in types.items()}
colours = {t("type_n", lang, n=n): TYPE_COLOURS[n - 1] for n in profile.index}
profile_shown = pd.DataFrame(  # the reader's number format ("0,53"), as everywhere
    {
        column: [format_number(v, 0 if column == "areas" else 2, lang) for v in profile[column]]
        for column in profile.columns
    },
    index=profile.index,
).rename(columns={"areas": t("types_areas", lang), **label_of})
profile_shown.index = [t("type_n", lang, n=n) for n in profile.index]
st.dataframe(profile_shown, key="types_profile")
show_typed_quarters(data, bounds.geometry, weights, directions, profile, lang)  # nearest profile, areas unchanged
map_col, tile_col = st.columns(2)
with map_col:
    if bounds.geometry is not None:
        styles = category_map_styles(
            data, bounds.geometry, type_label, colours, t("types_heading", lang), method, get_selection(), lang
        )
        render_map(bounds.geometry, styles, "types_map", lang, clickable=False)
        render_category_legend(t("types_heading", lang), type_label, colours, lang)
with tile_col:
    show_tiles(category_tiles(data, type_label, colours, get_selection()), lang, "types_tiles")

render_status_dynamics(data, bounds, result.weights, directions, label_of, lang)
render_recipes(data, bounds, result.weights, directions, label_of, lang)
