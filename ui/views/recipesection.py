"""The ranking page's recipe section: which recipes run on this dataset, one recipe's result, and all compared.

The recipes are files (``data/recipes/*.toml``, :mod:`geo.analysis.recipes`); the user's own index takes
the weights set above on the ranking page. A recipe whose indicator is missing says which and does not
run. Indicators are found by name and by the network page's mapping, which a signed-in editor can extend
here for this dataset. Self-drawn quarters in the selection are scored against the areas; the Zensus grid
is not compared (its cells hold population counts, none of the recipes' shares).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from exports.cells import csv_bytes
from exports.registry import DOCUMENTS
from geo.analysis.network import IndicatorMapping, load_mapping, mapping_path, save_mapping
from geo.analysis.recipe_compare import RecipeRun, compare, own_recipe, run_recipe
from geo.analysis.recipe_rules import score_quarters
from geo.analysis.recipe_tables import (
    comparison_table,
    formatted,
    method_record,
    pairs_table,
    provenance_lines,
    run_table,
    summary_line,
    whole_columns,
    with_provenance,
)
from geo.analysis.recipes import Recipe, RecipeError, load_recipes, map_role
from geo.domain.dataset import Dataset
from geo.numbers import format_number
from geo.maps.categories import category_map_styles
from geo.store.ingest import datasets_root
from ui.shell import cache, state
from ui.widgets.legend import render_category_legend
from ui.widgets.mapview import render_map
from ui.shell.markdown import md_escape
from ui.shell.messages import shown
from ui.views.quarter_analysis import quarter_label
from ui.shell.quarter_data import indicator_frame
from ui.documents.decision import take_areas
from ui.shell.selection import get_selection
from ui.widgets.signin import current_editor
from ui.shell.strings import t, tmd, tn

__all__ = ["recipe_mapping", "recipe_runs", "render_recipes"]

# k of n recipes: white (none) to dark orange (all), ColorBrewer Oranges
_AGREEMENT = ("#f7f7f7", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603", "#7f2704")


def recipe_mapping(lang: str) -> IndicatorMapping:
    """The network page's mapping file; a broken file is said and read as empty."""
    try:
        return load_mapping(mapping_path(datasets_root().parent))
    except ValueError as exc:
        st.error(shown(exc))
        return IndicatorMapping()


def recipe_runs(data: Dataset, recipes: Mapping[str, Recipe], mapping: IndicatorMapping,
                weights: Mapping[str, float] | None = None, directions: Mapping[str, int] | None = None,
                labels: Mapping[str, str] | None = None) -> dict[str, RecipeRun]:
    """Every recipe on ``data``; the own index with the page's weights when given."""
    runs = {}
    for rid, recipe in recipes.items():
        if recipe.user_weights and weights:
            try:
                recipe = own_recipe(recipe, weights, directions or {}, labels or {})
            except RecipeError:
                pass  # no weight above 0: the file's default roles
        runs[rid] = run_recipe(recipe, data, mapping)
    return runs


def _status_list(runs: Mapping[str, RecipeRun], lang: str) -> None:
    """One line per recipe: name, source, whether it runs (and what it finds) or which indicators it misses."""
    lines = []
    for run in runs.values():
        if run.ran:
            result = run.result
            state_text = t("recipe_runs", lang, n=int(result.flagged.sum()), of=int(result.score.notna().sum()))
        elif run.error:
            state_text = t("recipe_refused", lang, why=run.error.text(lang))
        else:
            state_text = t("recipe_missing", lang, roles=run.binding.missing_text(lang))
        lines.append(f"- **{md_escape(run.recipe.name(lang))}** ({md_escape(run.recipe.source_text(lang))}): {md_escape(state_text)}")
    st.markdown("\n".join(lines))


def _chosen(data: Dataset, runs: Mapping[str, RecipeRun], lang: str) -> None:
    ids = list(runs)
    rid = st.selectbox(t("recipe_choose", lang), ids, format_func=lambda r: runs[r].recipe.name(lang),
                       **state.widget("recipe", ids))
    run = runs[rid]
    st.markdown("  \n".join(f"**{md_escape(what)}:** {md_escape(how)}" for what, how in provenance_lines(run, data, lang)))
    if not run.ran:
        st.warning(run.error and md_escape(run.error.text(lang))
                   or tmd("recipe_not_run", lang, name=run.recipe.name(lang), roles=run.binding.missing_text(lang)))
        return
    st.markdown(f"**{md_escape(summary_line(run, lang))}**")
    table = run_table(run, data.areas["name"], lang)
    st.dataframe(formatted(table, lang, whole=whole_columns(run, lang)), hide_index=True, key="recipe_table")
    flagged = run.result.flagged[run.result.flagged].index.tolist()
    left, right = st.columns(2)
    left.download_button(t("recipe_csv", lang), csv_bytes(with_provenance(table, run, lang), lang), file_name=DOCUMENTS["recipe"].file_name("csv", rid),
                         mime=DOCUMENTS["recipe"].mime("csv"), key="recipe_csv", on_click="ignore")
    if right.button(tn("recipe_take", len(flagged), lang), key="recipe_take", disabled=not flagged):
        step = {"Schritt": "Rezept", **method_record(run, data, {"Ergebnis": summary_line(run, "de")})}
        st.success(take_areas(flagged, step, lang))


def _agreement(data: Dataset, bounds, runs: list[RecipeRun], recipes: Mapping[str, Recipe], lang: str) -> None:
    result = compare(runs, data.areas["name"])
    n = len(runs)
    st.caption(tn("recipe_compare_help", n, lang, names=", ".join(r.recipe.name(lang) for r in runs)))
    labels = {a: t("recipe_k_of_n", lang, k=int(k), n=n) for a, k in result.areas["k"].items()}
    colours = {t("recipe_k_of_n", lang, k=k, n=n): _AGREEMENT[round(k * (len(_AGREEMENT) - 1) / n)] for k in range(n + 1)}
    if bounds.geometry is not None:
        title = t("recipe_agreement", lang)
        source = "; ".join(f"{r.recipe.name(lang)} ({r.recipe.source_text(lang)})" for r in runs)
        styles = category_map_styles(data, bounds.geometry, labels, colours, title, source, get_selection(), lang)
        render_map(bounds.geometry, styles, "recipe_agreement_map", lang, clickable=False)
        render_category_legend(title, labels, colours, lang)
    disagree = int(result.areas["disagree"].sum())
    st.markdown(tmd("recipe_disagree", lang, n=disagree, of=len(result.areas)))
    table = comparison_table(result, recipes, lang)
    st.dataframe(formatted(table, lang), hide_index=True, key="recipe_compare_table")
    if n > 1:
        pairs = pairs_table(result, recipes, lang)
        st.dataframe(formatted(pairs, lang), hide_index=True, key="recipe_pairs")
        st.caption(t("recipe_pairs_help", lang))
    else:
        st.info(t("recipe_one_only", lang))
    st.download_button(t("recipe_compare_csv", lang), csv_bytes(table, lang), file_name=DOCUMENTS["recipe_compare"].file_name("csv"),
                       mime=DOCUMENTS["recipe_compare"].mime("csv"), key="recipe_compare_csv", on_click="ignore")


def _quarters(data: Dataset, bounds, runs: list[RecipeRun], lang: str) -> None:
    quarters = indicator_frame(data, bounds.geometry)
    if quarters.empty:
        return
    st.markdown(f"**{t('recipe_quarters', lang)}**")
    rows = pd.DataFrame({t("col_name", lang): [quarter_label(n, lang) for n in quarters["name"]]}, index=quarters.index)
    notes = []
    for run in runs:
        columns = {i: k for k, i in run.binding.indicators.items()}
        try:
            scored = score_quarters(run.result, run.frame(data), quarters.rename(columns=columns), run.city(data))
        except RecipeError as exc:
            notes.append(f"{run.recipe.name(lang)}: {exc}")
            continue
        name = run.recipe.name(lang)
        rows[name] = [
            t("recipe_quarter_cell", lang, score=format_number(scored.at[q, "score"], 2, lang),
              flag=t("recipe_yes" if scored.at[q, "flagged"] else "recipe_no", lang),
              rank=int(scored.at[q, "would_rank"]), of=int(scored.at[q, "of"]))
            if q in scored.index else t("quarter_no_value", lang)
            for q in rows.index
        ]
    st.caption(t("recipe_quarters_note", lang))
    st.dataframe(rows.reset_index(drop=True), hide_index=True, key="recipe_quarters")
    for note in notes:
        st.caption(md_escape(note))


def _mapping_editor(data: Dataset, recipes: Mapping[str, Recipe], runs: Mapping[str, RecipeRun],
                    mapping: IndicatorMapping, lang: str) -> None:
    if cache.settings().public:
        return  # the public site reads the mapping; nobody changes it there
    missing = {(rid, key) for rid, run in runs.items() for key in run.binding.missing}
    with st.expander(t("recipe_mapping", lang)):
        st.caption(t("recipe_mapping_help", lang))
        if not current_editor():
            st.info(t("recipe_mapping_signin", lang))
            return
        if not missing:
            st.caption(t("recipe_mapping_none", lang))
            return
        specs = {i: s.label(lang) for i, s in data.specs.items()}
        roles = {}
        for rid, key in sorted(missing):
            role = next(r for r in recipes[rid].roles if r.key == key)
            roles.setdefault(role.label_de, role)
        with st.form("recipe_mapping_form"):
            picks = {
                label: st.selectbox(role.label(lang), ["", *specs], format_func=lambda i: specs.get(i, "–"),
                                    key=f"recipe_map_{role.key}")
                for label, role in roles.items()
            }
            if st.form_submit_button(t("recipe_mapping_save", lang)):
                for label, indicator in picks.items():
                    if indicator:
                        mapping = map_role(mapping, roles[label], data.source.id, indicator)
                save_mapping(mapping_path(datasets_root().parent), mapping)
                st.rerun()


def render_recipes(data: Dataset, bounds, weights: Mapping[str, float], directions: Mapping[str, int],
                   labels: Mapping[str, str], lang: str) -> None:
    """The whole section, below the ranking page's own index."""
    st.subheader(t("recipe_heading", lang))
    st.caption(t("recipe_help", lang))
    try:
        recipes = load_recipes()
    except RecipeError as exc:
        st.error(shown(exc))
        return
    mapping = recipe_mapping(lang)
    runs = recipe_runs(data, recipes, mapping, weights, directions, labels)
    recipes_shown = {rid: run.recipe for rid, run in runs.items()}
    _status_list(runs, lang)
    _mapping_editor(data, recipes, runs, mapping, lang)
    _chosen(data, runs, lang)
    ran = [run for run in runs.values() if run.ran]
    st.markdown(f"**{t('recipe_compare', lang)}**")
    if not ran:
        st.info(t("recipe_none_ran", lang))
        return
    _agreement(data, bounds, ran, recipes_shown, lang)
    _quarters(data, bounds, ran, lang)
    st.caption(t("recipe_grid_note", lang))
