"""Entry point: navigation and shared page setup only. Run: make run"""

import streamlit as st

from ui.shell import cache, state
from ui.shell.notices import page_failure
from ui.shell.pageaddresses import PAGES
from ui.views.selection_url import open_from_url
from ui.shell.page import current_lang, finish_page
from ui.shell.replicas import watch_replica
from ui.shell.strings import t
from ui.shell.theme import apply_css

cache.new_run()  # what the last run read is read again (a re-import shows); within this run, once
st.set_page_config(page_title="Ankunftsatlas", page_icon="🗺️", layout="wide")
apply_css()
watch_replica()  # after a failover to another replica: reload, so that the first change is not lost
# Link notices show on the first run only: they live in one fixed container, so that their
# going away does not shift the page below (a shifted map is re-mounted and loses its view).
url_notices = st.container()
for notice in state.load_from_url(list(cache.dataset_choices()), cache.dataset):
    url_notices.warning(notice)
lang = current_lang()
if selection_notice := open_from_url(lang):  # the saved selection the link names, into the form
    url_notices.warning(selection_notice)
present = state.mode() == "present"
public = cache.settings().public
# The map is served at the root; Streamlit still wants a url_path for it (without one, widget
# changes on it were not kept), and /karte itself is redirected to the root by server.py.
navigation = st.navigation(
    [
        st.Page(page.script, url_path=page.path or "karte", default=not page.path,
                title=t("page_selections_public" if public and page.title_key == "page_selections" else page.title_key,
                        lang))
        for page in PAGES
        if not (public and page.officer_only)
    ],
    position="hidden" if present else "sidebar",
)
try:
    navigation.run()
except Exception as exc:  # noqa: BLE001 - st.stop/st.rerun are BaseExceptions and pass through
    page_failure(exc, lang, cache.settings().public)
# The shared sidebar is built after the page, so that a click the page has just
# handled (toggling an area) shows in the selection list in the same run. A page
# that ends early calls ui.shell.page.end_page(), which builds it before stopping.
finish_page()
