"""Side-by-side comparison of selected areas, and the selection as a whole.

Counts and shares are never mixed up: the share of a group of areas is
recomputed from its counts (via :func:`geo.domain.aggregate.aggregate`), never
averaged. A share is compared with the city value as a difference in
percentage points; a count as its part of the city total.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from geo.domain.aggregate import aggregate
from geo.domain.dataset import Dataset
from geo.i18n import MessageError, localized, tr
from geo.numbers import axis_format, vega_locale
from geo.domain.precision import round_to

__all__ = [
    "SelectionError",
    "compare",
    "comparison_chart",
    "comparison_table",
    "parent_totals",
    "rank_scope",
    "selection_total",
    "toggle",
]

class SelectionError(MessageError):
    """The selection cannot be used as given; message in German and English."""


def toggle(selection: Sequence[str], area_id: str) -> list[str]:
    """Add ``area_id`` to the selection, or remove it when already there."""
    current = list(selection)
    return [a for a in current if a != area_id] if area_id in current else [*current, area_id]


def _check(dataset: Dataset, area_ids: Sequence[str]) -> list[str]:
    if not area_ids:
        raise SelectionError(
            "selerr_empty"
        )
    unknown = [a for a in area_ids if a not in dataset.areas.index]
    if unknown:
        raise SelectionError(
            "selerr_unknown_areas", names=', '.join(unknown)
        )
    return list(dict.fromkeys(area_ids))


def selection_total(dataset: Dataset, area_ids: Sequence[str]) -> pd.Series:
    """The selected areas as one group: counts summed, shares recomputed from counts."""
    ids = _check(dataset, area_ids)
    grouped = aggregate(dataset.areas.loc[ids].assign(_group="selection"), dataset.specs, by="_group")
    return grouped.table.loc["selection"]


def parent_totals(dataset: Dataset, area_ids: Sequence[str]) -> dict[str, pd.Series]:
    """The districts of the dataset's parent level the selected areas belong to, each as one group of all its
    areas (counts summed, shares recomputed); empty without a parent level or when no area has a district."""
    ids = _check(dataset, area_ids)
    if dataset.parent is None:
        return {}
    parents = dataset.parents()
    names = list(dict.fromkeys(parents[a] for a in ids if parents[a]))
    if not names:
        return {}
    if dataset.parent.column == "unit":  # the map units: as the map shows them (projects are counted per unit)
        return {name: dataset.units.table.loc[name] for name in names if name in dataset.units.table.index}
    members = dataset.areas.assign(_parent=parents)
    grouped = aggregate(members[members["_parent"].isin(names)], dataset.specs, by="_parent")
    return {name: grouped.table.loc[name] for name in names}


def rank_scope(dataset: Dataset, indicator: str) -> tuple[str, int]:
    """Over which areas an indicator is ranked: ``("all", n)``; ``("own", n)`` when it is defined exactly on
    the areas that are map units of their own (projects are located by boundary); else ``("values", n)``."""
    values = dataset.areas[indicator]
    defined = set(values.index[values.notna()])
    if len(defined) == len(values):
        return "all", len(values)
    single = {unit for unit, n in dataset.units.members.items() if n == 1}
    own = set(dataset.areas.index[dataset.areas["unit"].isin(single)])
    return ("own" if defined == own else "values"), len(defined)


def compare(dataset: Dataset, area_ids: Sequence[str]) -> pd.DataFrame:
    """One row per (area, indicator): value, rank among all areas (none where all values are equal), city
    value, deviation.

    ``deviation`` is percentage points for shares and the percentage of the city
    total for counts; ``deviation_kind`` says which.
    """
    ids = _check(dataset, area_ids)
    rows = []
    for spec in dataset.specs.values():
        values = dataset.areas[spec.id]
        ranks = values.rank(ascending=False, method="min")
        present = values.dropna()
        if len(present) > 1 and present.nunique() == 1:  # every area the same (0 projects): no order, no rank
            ranks = pd.Series(np.nan, index=ranks.index)
        city = dataset.city.get(spec.id, np.nan)
        for area in ids:
            value = values[area]
            if spec.kind == "share" and spec.per == 100:
                deviation, kind = value - city, "pp"
            elif spec.kind == "share":  # a rate ("je 1.000 Einw."): the difference in its own unit, never "pp"
                deviation, kind = value - city, f"diff:{spec.unit_de}|{spec.unit_en}"
            else:
                deviation, kind = (value / city * 100.0 if city else np.nan), "pct_of_city"
            rows.append(
                {
                    "area_id": area,
                    "name": dataset.areas.loc[area, "name"],
                    "indicator": spec.id,
                    "kind": spec.kind,
                    "value": value,
                    "rank": None if pd.isna(ranks[area]) else int(ranks[area]),
                    "of": int(values.notna().sum()),
                    "city": city,
                    "deviation": deviation,
                    "deviation_kind": kind,
                }
            )
    return pd.DataFrame(rows)


def _deviation_text(row: pd.Series, decimals: int, lang: str) -> str:
    from geo.numbers import format_number

    if pd.isna(row["deviation"]):
        return ""
    if row["deviation_kind"] == "pp":
        sign = "+" if row["deviation"] > 0 else ("±" if row["deviation"] == 0 else "−")
        return f"{sign}{format_number(abs(row['deviation']), decimals, lang)} pp"
    if str(row["deviation_kind"]).startswith("diff:"):
        unit_de, _, unit_en = row["deviation_kind"][5:].partition("|")
        sign = "+" if row["deviation"] > 0 else ("±" if row["deviation"] == 0 else "−")
        return f"{sign}{format_number(abs(row['deviation']), decimals, lang)} {localized(unit_de, unit_en, lang)}".rstrip()
    share = format_number(row["deviation"], 1, lang)
    return tr("cmp_pct_of_city", lang, share=share)


def comparison_table(dataset: Dataset, area_ids: Sequence[str], lang: str = "de") -> pd.DataFrame:
    """Readable comparison: one row per selected area, then the selection and the city.

    Each indicator cell reads "value · rank r/n · deviation from the city".
    """
    from geo.numbers import format_value

    long = compare(dataset, area_ids)
    total = selection_total(dataset, area_ids)
    parents = parent_totals(dataset, area_ids)
    level = dataset.parent.one(lang) if dataset.parent is not None else ""
    rank_word = tr("cmp_rank", lang)
    table: dict[str, dict[str, str]] = {}
    for spec in dataset.specs.values():
        unit = spec.unit(lang)
        column: dict[str, str] = {}
        for _, row in long[long["indicator"] == spec.id].iterrows():
            parts = [format_value(row["value"], spec.decimals, unit, lang)]
            if row["rank"] is not None and not pd.isna(row["rank"]):
                parts.append(f"{rank_word} {int(row['rank'])}/{row['of']}")
            deviation = _deviation_text(row, spec.decimals, lang)
            if deviation:
                parts.append(deviation)
            column[row["name"]] = " · ".join(parts)
        column[tr("cmp_selection_total", lang)] = format_value(
            total[spec.id], spec.decimals, unit, lang
        )
        for name, values in parents.items():  # the selected areas' districts on the parent level
            column[tr("cmp_parent_total", lang, name=name, level=level)] = format_value(
                values[spec.id], spec.decimals, unit, lang
            )
        column[tr("cmp_whole_city", lang)] = format_value(
            dataset.city.get(spec.id), spec.decimals, unit, lang
        )
        table[spec.label(lang)] = column
    return pd.DataFrame(table)


def comparison_chart(dataset: Dataset, area_ids: Sequence[str], indicator: str, lang: str = "de"):
    """Altair bar chart of one indicator for the selected areas, with the city as a reference line.

    For counts the reference is the city mean per area (a count cannot be
    compared with the city total); the label says which.
    """
    import altair as alt

    spec = dataset.specs[indicator]
    long = compare(dataset, area_ids)
    data = long[long["indicator"] == indicator][["name", "value"]]
    # The chart's data travels to the browser: no more digits than the tooltip shows.
    data = data.assign(value=data["value"].astype(float).round(max(spec.decimals, 0)))
    if spec.kind == "share":
        reference = dataset.city.get(indicator)
        ref_label = tr("cmp_ref_city", lang)
    else:
        reference = dataset.areas[indicator].mean()
        ref_label = tr("cmp_ref_mean", lang)
    reference = round_to(reference, spec.decimals)
    title = f"{spec.label(lang)} [{spec.unit(lang)}]" if spec.unit(lang) else spec.label(lang)
    number = axis_format(spec.decimals)
    # ticks no finer than the indicator's decimals: a count axis never shows 0,5 persons
    axis = alt.Axis(format=number, tickMinStep=10.0 ** -spec.decimals)
    bars = alt.Chart(data).mark_bar(color="#2c7fb8").encode(
        x=alt.X("value:Q", title=None, axis=axis),  # the chart title names the indicator and unit
        y=alt.Y("name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
        tooltip=[
            alt.Tooltip("name:N", title=tr("doc_area", lang)),
            alt.Tooltip("value:Q", format=number, title=spec.unit(lang) or spec.label(lang)),
        ],
    )
    layers = [bars]
    if reference is not None and not pd.isna(reference):
        ref = pd.DataFrame({"value": [reference], "label": [ref_label]})
        layers.append(alt.Chart(ref).mark_rule(color="#d95f02", strokeDash=[6, 3], size=2).encode(x="value:Q"))
        layers.append(
            # Above the plot, so that the label never covers a bar or is cut off at the edge.
            alt.Chart(ref).mark_text(align="center", baseline="bottom", dy=-4, color="#d95f02").encode(
                x="value:Q", y=alt.value(0), text="label:N"
            )
        )
    return (
        # A band per area (a fixed total height collapses in Streamlit's layout: bars vanished, names overlapped).
        alt.layer(*layers)
        .properties(width="container", height=alt.Step(28), title=title)
        .configure(locale=vega_locale(lang))
    )

