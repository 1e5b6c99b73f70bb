"""Removing and restoring imported datasets on the data page: signed-in editors only.

The data layer (:mod:`geo.store.datastore`) refuses without an editor as well; this
panel only decides what to show.
"""

from __future__ import annotations

import streamlit as st

from geo.store.catalog import remove_dataset
from geo.store.datastore import Editor, list_versions, restore
from geo.store.pipeline import datasets_root
from ui.shell import cache, session
from ui.widgets.signin import signin_panel
from ui.shell.strings import t

__all__ = ["dataset_admin"]


def dataset_admin(imported: list, lang: str) -> None:
    """Remove and restore datasets: signed-in editors only (the data layer refuses without one, too)."""
    kept = list_versions(datasets_root())
    if not imported and not kept:
        return
    if cache.settings().public:
        return  # the public page neither changes data nor talks of editors
    editor = signin_panel(lang)
    if not editor:
        st.caption(t("datasets_signin", lang))
        return
    session.show_flash("datasets")
    if imported:
        by_id = {info.id: info for info in imported}
        doomed = st.selectbox(
            t("datasets_remove_pick", lang), list(by_id), format_func=lambda i: by_id[i].provenance.get("name", i),
            placeholder=t("choose_option", lang), key="datasets_remove_pick",
        )
        if st.button(t("datasets_remove", lang), key="datasets_remove"):
            remove_dataset(by_id[doomed], editor=Editor(editor))
            if session.kept("ds") == doomed:
                session.keep("ds", cache.DEFAULT)
            session.flash("datasets", t("datasets_removed", lang, name=by_id[doomed].provenance.get("name", doomed)))
            st.rerun()
    if kept:
        st.subheader(t("datasets_versions_heading", lang))
        versions = {f"{v.id}/{v.stamp}": v for v in kept}

        def label(key: str) -> str:
            v = versions[key]
            reason = v.retired.get("reason", "replaced")
            return t(
                "datasets_version_label", lang, name=v.provenance.get("name", v.id),
                reason=t(f"datasets_reason_{reason}", lang),
                when=str(v.retired.get("at", ""))[:16].replace("T", " "), who=v.retired.get("by", "–"),
            )

        chosen = st.selectbox(t("datasets_restore_pick", lang), list(versions), format_func=label,
                              placeholder=t("choose_option", lang), key="datasets_restore_pick")
        if st.button(t("datasets_restore", lang), key="datasets_restore"):
            version = versions[chosen]
            restore(datasets_root(), version.id, version.stamp, editor=Editor(editor))
            session.flash("datasets", t("datasets_restored", lang, name=version.provenance.get("name", version.id)))
            st.rerun()
