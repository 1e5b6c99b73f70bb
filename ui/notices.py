"""Notices every page shows the same way."""

from __future__ import annotations

import streamlit as st

from geo.dataset import Dataset
from geo.disclosure import describe
from ui.strings import t

__all__ = ["suppression_notice"]


def suppression_notice(data: Dataset, lang: str) -> None:
    """Say which areas' figures are hidden in the public view, and why."""
    if data.suppressed:
        st.info(t("suppressed", lang, details=describe(data.suppressed, data.areas["name"].to_dict())))
