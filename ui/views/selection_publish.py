"""The publish step of a saved selection version (editors only): the office's line, public rationales.

Publishing names the office ("Stadt …, Integrationsbüro"), never a person; the editor chooses which
rationales the public may read (the rest, e.g. internal notes, stays internal). Publishing and
withdrawing are audited (storage/publishing.py). The public site reads published versions only.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from geo.numbers import format_datetime
from storage.publishing import publish_version, withdraw_version
from storage.selections import SavedVersion, StorageError
from ui.shell.messages import shown
from ui.shell.strings import t, tmd

__all__ = ["publish_flash", "publish_panel"]

_FLASH = "sel_pub_flash"
_LAST = "_sel_last_publisher"  # the office typed last in this session, offered again


def publish_flash() -> None:
    """The confirmation of the last publish or withdrawal (shown once, on the run after it)."""
    if flash := st.session_state.pop(_FLASH, None):
        st.success(flash)


def publish_panel(
    engine: Engine, viewed: SavedVersion, editor: str, names: Mapping[str, str], quarters: Mapping[int, str], lang: str
) -> None:
    """Publish (or publish again with other choices) or withdraw the version ``viewed``."""
    st.markdown(f"**{t('sel_publish_heading', lang)}**")
    if viewed.published:
        when = format_datetime(viewed.published_at, lang) if viewed.published_at else ""
        st.caption(tmd("sel_published_state", lang, version=viewed.version, when=when, publisher=viewed.publisher))
    else:
        st.caption(t("sel_not_published", lang, version=viewed.version))
    suffix = f"{viewed.name}\u241f{viewed.version}"
    fields = viewed.public_fields if isinstance(viewed.public_fields, Mapping) else {}
    publisher = st.text_input(
        t("sel_publisher", lang), value=viewed.publisher or st.session_state.get(_LAST, ""),
        help=t("sel_publisher_help", lang), key=f"pub_who_{suffix}", max_chars=300,
    )
    public_rationale = st.checkbox(
        t("sel_public_rationale", lang), value=bool(fields.get("rationale")), key=f"pub_rationale_{suffix}"
    )
    labels = {a: names.get(a, a) for a in viewed.area_ids}
    labels.update({f"quarter:{q}": t("sel_quarter_row", lang, name=quarters[q]) for q in viewed.quarter_ids if q in quarters})
    options = [k for k in labels if (viewed.area_rationales.get(k) or viewed.quarter_rationales.get(k.removeprefix("quarter:")))]
    items = st.multiselect(
        t("sel_public_items", lang), options, default=[k for k in fields.get("items", []) if k in options],
        format_func=lambda k: labels.get(k, k), help=t("sel_public_items_help", lang), key=f"pub_items_{suffix}",
        placeholder=t("choose_option", lang),
    ) if options else []
    left, right = st.columns(2)
    try:
        if left.button(t("sel_publish", lang, version=viewed.version), key=f"pub_go_{suffix}", type="primary"):
            publish_version(engine, viewed.name, viewed.version, editor, publisher, public_rationale, items)
            st.session_state[_LAST] = publisher.strip()
            st.session_state[_FLASH] = tmd("sel_published_flash", lang, name=viewed.name, version=viewed.version)
            st.rerun()
        if viewed.published and right.button(t("sel_withdraw", lang, version=viewed.version), key=f"pub_off_{suffix}"):
            withdraw_version(engine, viewed.name, viewed.version, editor)
            st.session_state[_FLASH] = tmd("sel_withdrawn_flash", lang, name=viewed.name, version=viewed.version)
            st.rerun()
    except StorageError as exc:
        st.error(shown(exc))
    except SQLAlchemyError:
        st.error(t("db_error", lang))
