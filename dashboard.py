"""Entry point: navigation and shared page setup only. Run: make run"""

import streamlit as st

from ui import cache, state
from ui.notices import page_failure
from ui.page import current_lang, finish_page
from ui.strings import t
from ui.theme import apply_css

st.set_page_config(page_title="Ankunftsatlas", page_icon="🗺️", layout="wide")
apply_css()
# Link notices show on the first run only: they live in one fixed container, so that their
# going away does not shift the page below (a shifted map is re-mounted and loses its view).
url_notices = st.container()
for notice in state.load_from_url(list(cache.dataset_choices()), cache.dataset):
    url_notices.warning(notice)
lang = current_lang()
present = state.mode() == "present"
navigation = st.navigation(
    [
        st.Page("pages/map.py", title=t("page_map", lang), url_path="karte", default=True),
        st.Page("pages/screening.py", title=t("page_screening", lang), url_path="screening"),
        st.Page("pages/ranking.py", title=t("page_ranking", lang), url_path="rangfolge"),
        st.Page("pages/compare.py", title=t("page_compare", lang), url_path="vergleich"),
        st.Page("pages/network.py", title=t("page_network", lang), url_path="netzwerk"),
        st.Page("pages/projects.py", title=t("page_projects", lang), url_path="projekte"),
        st.Page("pages/selections.py", title=t("page_selections_public" if cache.settings().public else "page_selections", lang),
                url_path="auswahl"),
        st.Page("pages/data.py", title=t("page_data", lang), url_path="daten"),
        *([] if cache.settings().public else [st.Page("pages/upload.py", title=t("page_upload", lang), url_path="import")]),
    ],
    position="hidden" if present else "sidebar",
)
try:
    navigation.run()
except Exception as exc:  # noqa: BLE001 - st.stop/st.rerun are BaseExceptions and pass through
    page_failure(exc, lang, cache.settings().public)
# The shared sidebar is built after the page, so that a click the page has just
# handled (toggling an area) shows in the selection list in the same run. A page
# that ends early calls ui.page.end_page(), which builds it before stopping.
finish_page()
