"""The map page's controls: indicator, year, classification, palette; and the classified view.

Every control keeps its value through ``ui.shell.state`` (share links, visits to other pages). Notices
about the classification go to a fixed container, so that nothing above the map shifts it.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from geo.analysis.classify import PALETTES, ClassificationError, std_span
from geo.domain.dataset import Dataset
from geo.numbers import format_number
from geo.domain.timeseries import series
from geo.maps.choropleth import ChoroplethView, build_view
from ui.shell import state
from ui.widgets.formulas import formula_text
from ui.shell.messages import shown
from ui.widgets.numeric import number_list_input
from ui.shell.strings import SCHEME_KEYS, t, tmd

__all__ = ["DEFAULT_BREAKS", "MapChoice", "classified", "indicator_controls", "kept_indicator", "view_notes"]

DEFAULT_BREAKS = [8.0, 12.0, 16.0]


@dataclass(frozen=True)
class MapChoice:
    indicator: str  # "base" or "base@year"
    scheme: str
    k: int
    palette: str
    breaks: list[float] | None


def _base_label(data: Dataset, groups: dict[str, list[int]], base: str, lang: str) -> str:
    if base in data.specs:
        return data.specs[base].label(lang)
    return data.specs[f"{base}@{groups[base][-1]}"].label(lang).rsplit(" (", 1)[0]


def kept_indicator(data: Dataset) -> str:
    """The indicator of the kept state (or link), for the presentation view without controls."""
    groups = series(data.specs)
    base = state.value("indicator") if state.value("indicator") in groups else next(iter(groups))
    years = groups[base]
    return f"{base}@{state.value('year') if state.value('year') in years else years[-1]}" if years else base


def indicator_controls(data: Dataset, lang: str, extra_controls) -> MapChoice:
    """The control row; the year slider and manual bounds go into ``extra_controls``."""
    groups = series(data.specs)  # base indicator -> years (empty for single-year indicators)
    controls = st.columns([3, 3, 2, 2])
    base = controls[0].selectbox(
        t("indicator", lang), list(groups), format_func=lambda b: _base_label(data, groups, b, lang),
        placeholder=t("choose_option", lang), **state.widget("indicator", list(groups)),
    )
    indicator = base
    if groups[base]:  # several years: a year control, the newest year first
        if state.value("year") not in groups[base]:
            state.keep("year", groups[base][-1])
        year = extra_controls.select_slider(t("year", lang), groups[base], **state.widget("year", groups[base]))
        indicator = f"{base}@{year}"
    scheme = controls[1].selectbox(
        t("scheme", lang), SCHEME_KEYS, format_func=lambda s: t(f"scheme_{s}", lang), help=t("scheme_help", lang),
        placeholder=t("choose_option", lang), **state.widget("scheme"),
    )
    k = controls[2].slider(t("classes", lang), 3, 7, disabled=scheme == "manual", **state.widget("k"))
    palette = controls[3].selectbox(t("palette", lang), PALETTES, placeholder=t("choose_option", lang), **state.widget("palette"))
    breaks = None
    if scheme == "manual":
        breaks = number_list_input(t("manual_bins", lang), "manual_bins", state.value("breaks") or DEFAULT_BREAKS,
                                   lang, container=extra_controls)
        state.keep("breaks", breaks)
    return MapChoice(indicator, scheme, k, palette, breaks)


def classified(data: Dataset, choice: MapChoice, lang: str, notices=st) -> ChoroplethView:
    """The view of ``choice``; bad manual bounds fall back to quantiles with the reason said."""
    try:
        view = build_view(data, choice.indicator, choice.scheme, choice.k, choice.palette, choice.breaks, lang)
    except ClassificationError as exc:
        notices.warning(shown(exc, lang))
        return build_view(data, choice.indicator, "quantiles", choice.k, choice.palette, None, lang)
    result = view.classification
    if result.scheme == "std_mean" and (result.fewer_than_requested or result.std_step != 1.0):
        low, high = (format_number(v, 1, lang) for v in std_span(data.areas[choice.indicator]))
        if result.fewer_than_requested:
            notices.info(t("std_fewer_classes", lang, k=result.k, requested=result.requested_k, low=low, high=high))
        else:
            notices.info(t("std_half_step", lang, low=low, high=high))
    elif result.fewer_than_requested:
        notices.info(t("fewer_classes", lang, k=result.k, requested=result.requested_k))
    return view


def view_notes(view: ChoroplethView, data: Dataset, lang: str, notices=st) -> None:
    """Why a share has no value for merged units, and how a derived value is computed (from its spec, any dataset)."""
    spec = view.spec
    if spec.id in data.units.not_aggregable:
        counts = formula_text(data.units.not_aggregable[spec.id], data, lang)
        notices.info(tmd("not_aggregable_any", lang, label=spec.label(lang), counts=counts))
    if spec.is_derived:  # a share computed from counts, or a count derived from a published share
        note = "share_from_counts_note" if spec.kind == "share" else "derived_note"
        notices.info(tmd(note, lang, formula=formula_text(spec.derived, data, lang)))
