"""File upload fields that state our own size limit, in the reader's language.

Streamlit's uploader says "200MB per file" (its server default) and "Upload" in English. Our limit
is ``ANKUNFTSATLAS_MAX_UPLOAD_MB``: it is handed to the widget (which then enforces and shows it),
and in German the widget's English line and button are replaced by German text scoped to this
one widget (``.st-key-<key>``), so the number on screen and the number enforced agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ui.shell import cache
from ui.shell.strings import t

__all__ = ["file_uploader", "limit_text"]

_CSS = """<style>
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span {{
  font-size: 0 !important; white-space: normal !important; }}
.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "{limit}"; font-size: 0.875rem; }}
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{
  font-size: 0 !important; }}
.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: 1rem; }}
</style>"""


def limit_text(types: Sequence[str], lang: str, max_mb: int) -> str:
    """ "höchstens 50 MB je Datei · CSV, XLSX" """
    return t("upload_limit", lang, mb=max_mb, types=", ".join(s.upper() for s in types))


def file_uploader(label: str, types: Sequence[str], key: str, lang: str, container=st, **kwargs: object):
    """``st.file_uploader`` with our size limit; German texts in German."""
    max_mb = cache.settings().max_upload_mb
    if lang != "en":  # lang-branch-ok: behaviour, not a text (Streamlit's own button words are English)
        css = _CSS.format(key=key, limit=limit_text(types, lang, max_mb), button=t("upload_button", lang))
        container.markdown(css, unsafe_allow_html=True)
    return container.file_uploader(label, type=list(types), key=key, max_upload_size=max_mb, **kwargs)
