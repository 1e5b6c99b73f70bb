"""The tables of a recipe run and of a comparison, as the page shows them and the command line writes them.

Column labels in the reader's language; numbers stay numbers (the page formats them, the CSV writer
writes them for German or English Excel). Every table names its recipe and source in
:func:`provenance_lines`, which the page shows as a caption and the command line prints.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from geo.analysis.recipe_compare import Comparison, RecipeRun, inputs_text
from geo.analysis.recipes import Recipe
from geo.domain.dataset import Dataset
from geo.i18n import tr
from geo.numbers import format_number

__all__ = ["COLUMNS", "comparison_table", "formatted", "method_record", "pairs_table", "provenance_lines", "run_table", "summary_line", "whole_columns", "with_provenance"]

# column and word keys, each read as catalogue key rtab_<key> (geo.i18n)
COLUMNS = ("area", "rank", "flagged", "class", "yes", "no", "none", "k", "disagree", "a", "b", "jaccard", "tau",
           "common", "points")


def _w(key: str, lang: str) -> str:
    return tr(f"rtab_{key}", lang)


def _yes(flag: bool, scored: bool, lang: str) -> str:
    return _w("yes" if flag else "no", lang) if scored else _w("none", lang)


def run_table(run: RecipeRun, names: pd.Series, lang: str = "de") -> pd.DataFrame:
    """One row per area, best rank first: area, score (the recipe's word), rank, flagged, what each role gave."""
    result = run.result
    recipe = run.recipe
    scored = result.score.notna()
    table = pd.DataFrame({
        _w("area", lang): names.reindex(result.score.index).astype(str),
        # the quintile recipe's points are whole numbers (also in the CSV)
        recipe.word("score", lang): result.score.round().astype("Int64") if recipe.rule == "quintile_points"
        else result.score.astype(float),
        _w("rank", lang): result.rank,
        _w("flagged", lang): [_yes(f, s, lang) for f, s in zip(result.flagged, scored)],
    }, index=result.score.index)
    if result.classes is not None:
        table[_w("class", lang)] = result.classes.astype(str)
    if recipe.rule == "quintile_points":
        for role in recipe.roles:
            table[f"{_w('points', lang)}: {role.label(lang)}"] = result.detail[role.key]
    order = table[_w("rank", lang)].astype(float).fillna(math.inf)
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def comparison_table(comparison: Comparison, recipes: Mapping[str, Recipe], lang: str = "de") -> pd.DataFrame:
    """Per area (disagreeing first): k of n, then per recipe flagged and rank."""
    areas = comparison.areas
    n = int(areas["n"].iloc[0]) if len(areas) else 0
    table = pd.DataFrame({
        _w("area", lang): areas["name"],
        _w("k", lang): [f"{k} / {n}" for k in areas["k"]],
        _w("disagree", lang): [_w("yes" if d else "no", lang) for d in areas["disagree"]],
    })
    for rid in comparison.recipes:
        name = recipes[rid].name(lang)
        ranks = areas[f"rank:{rid}"]
        table[f"{name}: {_w('flagged', lang)}"] = [
            _yes(f, not pd.isna(r), lang) for f, r in zip(areas[f"flag:{rid}"], ranks)
        ]
        table[f"{name}: {_w('rank', lang)}"] = ranks
    return table.reset_index(drop=True)


def pairs_table(comparison: Comparison, recipes: Mapping[str, Recipe], lang: str = "de") -> pd.DataFrame:
    pairs = comparison.pairs
    return pd.DataFrame({
        _w("a", lang): [recipes[r].name(lang) for r in pairs["a"]],
        _w("b", lang): [recipes[r].name(lang) for r in pairs["b"]],
        _w("jaccard", lang): pairs["jaccard"].astype(float),
        _w("tau", lang): pairs["tau"].astype(float),
        _w("common", lang): pairs["common"].astype(int),
    })


def summary_line(run: RecipeRun, lang: str = "de") -> str:
    """ "Kurtenbach: Quintilpunkte: 3 von 18 Gebieten mit Merkmalen eines Ankunftsquartiers (…)"."""
    result = run.result
    flagged, scored = int(result.flagged.sum()), int(result.score.notna().sum())
    return tr("rcp_summary", lang, recipe=run.recipe.name(lang), flagged=flagged, scored=scored,
              word=run.recipe.word("flagged", lang))


def provenance_lines(run: RecipeRun, dataset: Dataset, lang: str = "de") -> list[tuple[str, str]]:
    """(what, how) lines naming the recipe, its source, the inputs and the rule's note."""
    lines = [
        (tr("rcp_recipe", lang), run.recipe.name(lang)),
        (tr("rcp_recipe_source", lang), run.recipe.citation_text(lang)),
        (tr("rcp_data", lang), f"{dataset.source.source} ({dataset.source.date})"),
    ]
    lines += [(tr("rcp_input", lang, role=role), how) for role, how in inputs_text(run, dataset, lang)]
    if run.recipe.note(lang):
        lines.append((tr("rcp_rule", lang), run.recipe.note(lang)))
    return lines


def method_record(run: RecipeRun, dataset: Dataset, extra: Mapping[str, object] | None = None) -> dict[str, object]:
    """What a saved selection version keeps of the recipe (German keys, as the other method records)."""
    # flat text lines (the documents print each as "Methode: <key>"), the weights as {label: number}
    record: dict[str, object] = {
        "Rezept": f"{run.recipe.name('de')} ({run.recipe.id})",
        "Quelle des Rezepts": run.recipe.citation,
        **{f"Eingang: {role}": how for role, how in inputs_text(run, dataset, "de")},
    }
    if run.recipe.note("de"):
        record["Regel"] = run.recipe.note("de")
    if run.recipe.user_weights:
        total = sum(r.weight for r in run.recipe.roles) or 1.0
        record["Gewichte"] = {r.label_de: r.weight / total for r in run.recipe.roles}
    record.update(dict(extra or {}))
    return record


def formatted(table: pd.DataFrame, lang: str = "de", decimals: int = 2, whole: Sequence[str] = ()) -> pd.DataFrame:
    """The table with numbers in the reader's format: integer columns (ranks, points) and those named in
    ``whole`` without decimals, other numbers with ``decimals``; "–" for none."""
    shown = table.copy()
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]) or pd.api.types.is_bool_dtype(shown[column]):
            continue
        places = 0 if column in whole or pd.api.types.is_integer_dtype(shown[column]) else decimals
        shown[column] = ["–" if pd.isna(v) else format_number(float(v), places, lang) for v in shown[column]]
    return shown


def whole_columns(run: RecipeRun, lang: str = "de") -> list[str]:
    """The columns of :func:`run_table` that hold whole numbers (the quintile recipe's points)."""
    return [run.recipe.word("score", lang)] if run.recipe.rule == "quintile_points" else []


def with_provenance(table: pd.DataFrame, run: RecipeRun, lang: str = "de") -> pd.DataFrame:
    """The table for a file: every row names its recipe and the recipe's source (a CSV travels alone)."""
    return table.assign(**{tr("rcp_recipe", lang): run.recipe.name(lang), tr("rcp_recipe_source", lang): run.recipe.citation_text(lang)})
