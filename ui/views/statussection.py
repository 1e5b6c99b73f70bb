"""The "Status-Dynamik-Index" section of the ranking page: controls, table, method, map, legend.

The logic is in :mod:`geo.analysis.statusdynamics`; this module only reads the widgets and renders.
The status indicators, weights and directions are those chosen above on the ranking page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from exports.cells import csv_bytes
from exports.registry import DOCUMENTS
from geo.analysis.statusdynamics import (
    dynamics_word,
    dynamics_words,
    INVALID,
    STATUS_CLASSES,
    StatusDynamicsRules,
    status_text,
    StatusDynamicsError,
    change_indicators,
    class_colours,
    social_status_guess,
    class_table,
    guess_residents,
    legend_counts,
    method_lines,
)
from geo.analysis.statusdynamics_spec import StatusDynamicsSpec, apply_spec
from geo.domain.dataset import Dataset
from geo.numbers import format_number
from geo.domain.timeseries import split_year
from geo.maps.categories import category_map_styles, category_tiles
from ui.shell.cache import Boundaries
from ui.widgets.mapview import render_map
from ui.shell.messages import shown
from ui.widgets.numeric import number_input, number_list_input
from ui.shell.selection import get_selection
from ui.shell.statusdynamics_share import forget_spec, labels_for, shown_code, store_spec
from ui.shell.strings import t
from ui.widgets.tiles import show_tiles

__all__ = ["INVALID_COLOUR", "legend_html", "render_status_dynamics", "shown_classes", "shown_code"]

INVALID_COLOUR = "#ffffff"


def shown_classes(codes: Mapping[str, str], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Codes per area and the colour of each, both keyed by the shown code (maps, tiles)."""
    colours = {**class_colours(), INVALID: INVALID_COLOUR}
    return ({a: shown_code(c, lang) for a, c in codes.items()},
            {shown_code(c, lang): colour for c, colour in colours.items()})


_SOURCES = ("years", "changes", "none")


def _years_before(data: Dataset, status: list[str]) -> list[int]:
    """Start years every chosen yearly indicator has, before its (common) year."""
    common: set[int] | None = None
    for indicator in status:
        base, end = split_year(indicator)
        if end is None:
            return []
        years = {y for k in data.specs for b, y in [split_year(k)] if b == base and y is not None and y < end}
        common = years if common is None else common & years
    return sorted(common or [])


def _controls(data: Dataset, status: list[str], label_of: Mapping[str, str], lang: str):
    """Dynamics source, residents and cut-offs as chosen; returns what :func:`status_dynamics` needs."""
    years = _years_before(data, status)
    changes = [c for c in change_indicators(data.specs) if c not in status]
    default = 0 if years else 1 if changes else 2
    left, right = st.columns(2)
    source = left.radio(
        t("sdi_dynamics_source", lang),
        _SOURCES,
        index=default,
        format_func=lambda s: t(f"sdi_source_{s}", lang),
        key="sdi_source",
        horizontal=True,
    )
    from_year, dynamics, reverse = None, {}, set()
    if source == "years":
        if years:
            from_year = left.selectbox(t("sdi_from_year", lang), years, placeholder=t("choose_option", lang), key="sdi_from_year")
        else:
            left.info(t("sdi_no_years", lang))
    elif source == "changes":
        chosen = left.multiselect(
            t("sdi_changes", lang), changes, default=changes[: len(status)], format_func=label_of.get, key="sdi_changes",
            placeholder=t("choose_options", lang),
        )
        reverse = set(
            left.multiselect(t("sdi_changes_reverse", lang), chosen, format_func=label_of.get, key="sdi_changes_reverse",
                             placeholder=t("choose_options", lang))
        )
        dynamics = {c: 1.0 for c in chosen}
    counts = [k for k, s in data.specs.items() if s.kind == "count"]
    guess = guess_residents(data.specs)
    residents = right.selectbox(
        t("sdi_residents", lang),
        [None, *counts],
        index=counts.index(guess) + 1 if guess in counts else 0,
        format_func=lambda k: t("sdi_no_residents", lang) if k is None else label_of.get(k, k),
        placeholder=t("choose_option", lang), key="sdi_residents",
    )
    # What the status index measures decides the class words: "hoch … sehr niedrig" only for social status.
    measures = right.radio(
        t("sdi_measures", lang), ("social", "other"),
        index=0 if social_status_guess(data.specs, status) else 1,
        format_func=lambda m: t(f"sdi_measures_{m}", lang), help=t("sdi_measures_help", lang), key="sdi_social",
    )
    with right.expander(t("sdi_cuts", lang)):
        status_cuts = number_list_input(t("sdi_status_cuts", lang), "sdi_status_cuts", [-1.0, 1.0, 1.5], lang)
        dynamics_cuts = number_list_input(t("sdi_dynamics_cuts", lang), "sdi_dynamics_cuts", [-1.0, 1.0], lang)
        minimum = number_input(t("sdi_min_residents", lang), "sdi_min_residents", 300.0, lang, min_value=0.0)
        sd = st.radio(
            t("sdi_sd", lang), ("population", "sample"), format_func=lambda s: t(f"sdi_sd_{s}", lang),
            key="sdi_sd", horizontal=True,
        )
    return from_year, dynamics, reverse, residents, (status_cuts, dynamics_cuts, minimum, sd, measures == "social")


def _plain(text: str) -> str:
    """Text shown as is in Markdown (labels may hold * or _)."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>#|" else c for c in text)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with the cell (WCAG relative luminance)."""
    light = _luminance(background)
    return "#000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#fff"


def _swatch(colour: str) -> str:
    return f"<span style='display:inline-block;width:1.6em;height:1em;border:1px solid #333;background:{colour}'></span>"


def legend_html(result, lang: str) -> str:
    """The 4 × 3 legend: status down, dynamics across, each cell its colour, code and count.

    Without dynamics a plain list of the four status classes.
    """
    colours, counts = class_colours(), legend_counts(result)
    social = result.config.social
    invalid = sum(code == INVALID for code in result.table["code"])
    caption = html.escape(t("sdi_legend" if result.dynamics_weights else "sdi_legend_status", lang))
    footer = f"<div>{_swatch(INVALID_COLOUR)} {html.escape(shown_code(INVALID, lang))}: {invalid}</div>"
    if not result.dynamics_weights:
        per_class = result.table["status_class"].value_counts()
        rows = "".join(
            f"<tr><td>{_swatch(colours[str(status)])}</td><td>{html.escape(status_text(status, social, lang))}</td>"
            f"<td style='text-align:right'>{int(per_class.get(status, 0))}</td></tr>"
            for status in STATUS_CLASSES
        )
        return f"<table aria-label='{caption}'><caption>{caption}</caption>{rows}</table>{footer}"
    head = "".join(
        f"<th scope='col'>{html.escape(shown_code(symbol, lang))} {html.escape(dynamics_word(n, social, lang))}</th>"
        for n, (symbol, _key) in dynamics_words(social).items()
    )
    rows = []
    for status in STATUS_CLASSES:
        cells = "".join(
            f"<td style='background:{colours[f'{status}{symbol}']};padding:0.3em 0.8em;"
            f"color:{_text_colour(colours[f'{status}{symbol}'])}'>{html.escape(shown_code(f'{status}{symbol}', lang))}: "
            f"{counts.at[status, symbol]}</td>"
            for symbol in counts.columns
        )
        rows.append(f"<tr><th scope='row'>{html.escape(status_text(status, social, lang))}</th>{cells}</tr>")
    return (
        f"<table aria-label='{caption}'><caption>{caption}</caption>"
        f"<tr><th>{html.escape(t('sdi_status_dynamics', lang))}</th>{head}</tr>{''.join(rows)}</table>{footer}"
    )


def render_status_dynamics(
    data: Dataset,
    bounds: Boundaries,
    weights: Mapping[str, float],
    directions: Mapping[str, int],
    label_of: Mapping[str, str],
    lang: str,
) -> None:
    """Draw the section; messages instead of tracebacks when the choice cannot be classified."""
    st.subheader(t("sdi_heading", lang))
    st.caption(t("sdi_help", lang))
    status = [i for i, w in weights.items() if w > 0]
    from_year, dynamics, reverse, residents, (status_cuts, dynamics_cuts, minimum, sd, social) = _controls(
        data, status, label_of, lang
    )
    try:
        config = StatusDynamicsRules(tuple(status_cuts), tuple(dynamics_cuts), minimum, sd, social)
        spec = StatusDynamicsSpec(
            status=tuple((i, float(weights[i])) for i in status),
            directions=tuple((i, int(directions.get(i, 1))) for i in status),
            config=config,
            residents=residents,
            from_year=None if from_year is None else int(from_year),
            changes=tuple(dynamics.items()),
            reverse=tuple(sorted(reverse)),
        )
        result, changes = apply_spec(data.areas, spec)
    except StatusDynamicsError as exc:
        forget_spec()
        st.warning(shown(exc))
        return
    store_spec(spec)  # the comparison page and the exports show these classes too
    labels = {**dict(label_of), **labels_for(data, changes, lang)}
    table = class_table(result, data.areas["name"], lang)
    visible = pd.DataFrame(
        {
            t("col_name", lang): table["name"],
            t("sdi_status_index", lang): [format_number(v, 2, lang) if pd.notna(v) else "–" for v in table["status_index"]],
            t("sdi_status_class", lang): [text or "–" for text in table["status_text"]],
            t("sdi_dynamics_index", lang): [
                format_number(v, 2, lang) if pd.notna(v) else "–" for v in table["dynamics_index"]
            ],
            t("sdi_dynamics_class", lang): [
                f"{shown_code(s, lang)} {label}" if s else "–"
                for s, label in zip(table["dynamics_class"], table["dynamics_label"])
            ],
            t("sdi_code", lang): [shown_code(c, lang) if c else "–" for c in table["code"]],
        }
    )
    # The whole width, and each text column as wide as its longest entry: the class words are long
    # ("Klasse 4 (höchste Indexwerte)") and a narrow column cut them ("Klasse 4 (").
    st.dataframe(visible, hide_index=True, key="sdi_table", column_config=_text_widths(visible))
    method = method_lines(result, labels, data.areas["name"].to_dict(), lang)
    st.markdown(f"**{t('sdi_method', lang)}**")
    st.markdown("\n".join(f"- **{_plain(what)}:** {_plain(how)}" for what, how in method))
    export = table.assign(method=" | ".join(f"{what}: {how}" for what, how in method))
    st.download_button(
        t("sdi_download", lang),
        csv_bytes(export, lang),
        file_name=DOCUMENTS["classes"].file_name("csv"),
        mime=DOCUMENTS["classes"].mime("csv"),
        key="sdi_download", on_click="ignore",
    )
    codes, colours = shown_classes({a: c for a, c in result.table["code"].items() if c}, lang)
    map_col, tile_col = st.columns(2)
    with map_col:
        if bounds.geometry is not None:
            styles = category_map_styles(
                data, bounds.geometry, codes, colours, t("sdi_heading", lang), method[0][1], get_selection(), lang
            )
            render_map(bounds.geometry, styles, "sdi_map", lang, clickable=False)
    with tile_col:
        show_tiles(category_tiles(data, codes, colours, get_selection()), lang, "sdi_tiles")
    st.markdown(legend_html(result, lang), unsafe_allow_html=True)


# Pixels per character of the table's font (Source Sans, 14 px; digits and wide letters included) and
# the cell's padding: a column sized from its longest text shows every word whole.
_CHAR_PX, _CELL_PX = 7, 24


def _text_widths(table: pd.DataFrame) -> dict[str, object]:
    """Column widths in pixels from the longest entry or heading of each column."""
    return {
        str(column): st.column_config.Column(
            width=_CELL_PX + _CHAR_PX * max([len(str(column)), *(len(str(v)) for v in table[column])])
        )
        for column in table.columns
    }
