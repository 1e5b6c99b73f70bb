"""The network page's shared indicator mapping: read, and (signed-in editors only) changed.

The mapping says which indicator of each municipality means the same thing. It is stored
as a file beside the datasets (:mod:`geo.analysis.network`); this module only renders it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from geo.analysis.network import (
    IndicatorMapping,
    Member,
    add_mapping,
    load_mapping,
    mapping_path,
    remove_mapping,
    save_mapping,
)
from geo.numbers import format_value
from geo.store.pipeline import datasets_root
from ui.shell.messages import shown
from ui.widgets.signin import signin_panel
from ui.shell.strings import t, tmd

__all__ = ["mapping_section", "summary_table"]


def mapping_section(members: Sequence[Member], public: bool, lang: str) -> IndicatorMapping:
    """The stored mapping, with its editor in an expander; a broken file is a message, not a crash."""
    where = mapping_path(datasets_root().parent)
    try:
        mapping = load_mapping(where)
    except ValueError as exc:
        st.error(shown(exc))
        mapping = IndicatorMapping()
    editor = None if public else signin_panel(lang)  # the shared mapping is changed by signed-in editors only
    with st.expander(t("net_mapping", lang)):
        st.caption(t("net_mapping_help", lang, path=where.name))  # the file name only: no server paths on screen
        if public:
            st.info(t("net_mapping_public", lang))
        elif not editor:
            st.info(t("net_mapping_signin", lang))
        else:
            _editor(members, mapping, where, lang)
    return mapping


def _editor(members: Sequence[Member], mapping: IndicatorMapping, where, lang: str) -> None:
    with st.form("network_mapping"):
        label = st.text_input(t("net_mapping_label", lang), key="network_map_label")
        picks = {}
        for member in members:
            specs = {s.id: s.label(lang) for s in member.dataset.specs.values()}
            picks[member.id] = st.selectbox(
                member.label, ["", *specs], format_func=lambda i, s=specs: s.get(i, t("net_mapping_none", lang)),
                placeholder=t("choose_option", lang), key=f"network_map_{member.id}",
            )
        if st.form_submit_button(t("net_mapping_save", lang)):
            try:
                save_mapping(where, add_mapping(mapping, label, picks))
            except (ValueError, OSError) as exc:
                st.error(shown(exc))
            else:
                st.success(tmd("net_mapping_saved", lang, label=label.strip()))
                st.rerun()
    if mapping.groups:
        gone = st.selectbox(t("net_mapping_remove", lang), ["", *(g.label for g in mapping.groups)],
                            placeholder=t("choose_option", lang), key="network_map_remove")
        if gone and st.button(t("net_mapping_remove", lang), key="network_map_remove_button"):
            save_mapping(where, remove_mapping(mapping, gone))
            st.rerun()


def summary_table(view, lang: str) -> None:
    """One row per municipality: indicator, year, city value, selected areas, status, source."""
    st.dataframe(
        pd.DataFrame(
            {
                t("net_municipality", lang): [m.label for m in view.members],
                t("indicator", lang): [m.indicator_label or "–" for m in view.members],
                t("net_year", lang): [m.year for m in view.members],
                t("net_city", lang): [format_value(m.city, m.decimals, m.unit, lang) for m in view.members],
                t("net_selected", lang): [m.selected for m in view.members],
                t("net_status", lang): [t(f"net_status_{m.status}", lang) for m in view.members],
                t("net_source", lang): [m.source for m in view.members],
                t("net_date", lang): [m.date for m in view.members],
            }
        ),
        hide_index=True,
        key="network_summary",
    )
