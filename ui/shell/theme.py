"""Small CSS additions for legibility (WCAG 2.1 AA contrast)."""

from __future__ import annotations

import streamlit as st

__all__ = ["apply_css"]

# Streamlit's captions are a light grey (contrast below 4.5:1 on white);
# a darker grey keeps them readable for everyone.
_CSS = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4a4a4a !important; opacity: 1 !important; }
</style>"""


def apply_css() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)
