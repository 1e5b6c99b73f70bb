"""The network page's recipe section: the same recipe in every municipality, measured against its own areas.

Per municipality: the areas with the features of an arrival quarter, their share of the residents, and
the recipe's inputs (indicator, year, source); a warning names what a city lacks (the recipe does not run
there). The own index runs with its file's weights here (the ranking page's weights belong to one dataset).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from exports.cells import csv_bytes
from exports.registry import DOCUMENTS
from geo.analysis.network import IndicatorMapping, Member
from geo.analysis.recipe_compare import flagged_share, inputs_text, run_recipe
from geo.analysis.recipes import RecipeError, load_recipes
from geo.analysis.statusdynamics import guess_residents
from geo.numbers import format_number
from ui.shell.markdown import md_escape
from ui.shell.messages import shown
from ui.shell.strings import t, tmd

__all__ = ["network_recipe_table", "render_network_recipe"]


def network_recipe_table(members: Sequence[Member], recipe, mapping: IndicatorMapping, lang: str) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One row per municipality, and (city, missing roles) for those where the recipe does not run."""
    rows, lacking = [], []
    for member in members:
        data = member.dataset
        run = run_recipe(recipe, data, mapping)
        inputs = "; ".join(f"{role}: {how}" for role, how in inputs_text(run, data, lang))
        if not run.ran:
            why = run.error.text(lang) if run.error else run.binding.missing_text(lang)
            lacking.append((member.label, why))
            rows.append({"city": member.label, "flagged": t("recipe_net_not_run", lang), "share": "–", "areas": "",
                         "inputs": inputs})
            continue
        result = run.result
        flagged = result.flagged[result.flagged].index
        share = flagged_share(run, data, guess_residents(data.specs))
        rows.append({
            "city": member.label,
            "flagged": f"{len(flagged)} / {int(result.score.notna().sum())}",
            "share": "–" if math.isnan(share) else f"{format_number(share * 100, 1, lang)} %",
            "areas": ", ".join(data.areas.loc[flagged, "name"].astype(str)),
            "inputs": inputs,
        })
    frame = pd.DataFrame(rows, columns=["city", "flagged", "share", "areas", "inputs"]).rename(columns={
        "city": t("recipe_net_city", lang), "flagged": t("recipe_net_flagged", lang),
        "share": t("recipe_net_share", lang), "areas": t("recipe_net_areas", lang),
        "inputs": t("recipe_net_inputs", lang),
    })
    return frame, lacking


def render_network_recipe(members: Sequence[Member], mapping: IndicatorMapping, lang: str) -> None:
    st.subheader(t("recipe_net_heading", lang))
    st.caption(t("recipe_net_help", lang))
    try:
        recipes = load_recipes()
    except RecipeError as exc:
        st.error(shown(exc))
        return
    ids = list(recipes)
    rid = st.selectbox(t("recipe_choose", lang), ids, format_func=lambda r: recipes[r].name(lang), key="network_recipe")
    recipe = recipes[rid]
    st.caption(tmd("recipe_net_source", lang, name=recipe.name(lang), citation=recipe.citation_text(lang)))
    st.caption(md_escape(recipe.word("flagged", lang)) + (f" – {md_escape(recipe.note(lang))}" if recipe.note(lang) else ""))
    frame, lacking = network_recipe_table(members, recipe, mapping, lang)
    for city, roles in lacking:
        st.warning(tmd("recipe_net_lacks", lang, city=city, roles=roles))
    st.dataframe(frame, hide_index=True, key="network_recipe_table")
    with st.expander(t("recipe_net_inputs", lang)):  # the long input texts in full, wrapped
        column, city = t("recipe_net_inputs", lang), t("recipe_net_city", lang)
        st.markdown("\n".join(f"- **{md_escape(r[city])}:** {md_escape(r[column])}" for _, r in frame.iterrows()))
    named = frame.assign(**{t("recipe_col", lang): recipe.name(lang), t("recipe_col_source", lang): recipe.citation_text(lang)})
    st.download_button(t("recipe_csv", lang), csv_bytes(named, lang), file_name=DOCUMENTS["recipe_network"].file_name("csv", rid),
                       mime=DOCUMENTS["recipe_network"].mime("csv"), key="network_recipe_csv", on_click="ignore")
