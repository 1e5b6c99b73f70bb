"""Page addresses: one address a page, other names redirected, unknown paths to the map with a notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.shell.pageaddresses import PAGES, UNKNOWN_PARAM, addresses, redirect_target, slug
from ui.shell.strings import t

REPO = Path(__file__).resolve().parent.parent
OFFICER = addresses(False, t)
PUBLIC = addresses(True, t)


@pytest.mark.parametrize(
    ("path", "query", "site", "expected"),
    [
        ("/", "", OFFICER, None),  # the map, served as it is
        ("/vergleich", "ds=x", OFFICER, None),  # a page's address
        ("/vergleich/", "", OFFICER, None),
        ("/Vergleich", "lang=en", OFFICER, "/vergleich?lang=en"),  # case does not matter
        ("/karte", "ds=berlin&sel=a", OFFICER, "/?ds=berlin&sel=a"),  # the map's German name
        ("/map", "", OFFICER, "/"),
        ("/rangfolge-und-typen", "", OFFICER, "/rangfolge"),  # a page title as an address
        ("/ranking-and-types", "", OFFICER, "/rangfolge"),
        ("/daten-importieren", "", OFFICER, "/import"),
        ("/auswahl-ansehen-und-exportieren", "", OFFICER, "/auswahl"),
        ("/import", "", OFFICER, None),
        ("/import", "ds=x", PUBLIC, f"/?ds=x&{UNKNOWN_PARAM}=%2Fimport"),  # no import page on the public site
        ("/daten-importieren", "", PUBLIC, f"/?{UNKNOWN_PARAM}=%2Fdaten-importieren"),
        ("/gibtsnicht", f"{UNKNOWN_PARAM}=old&k=5", OFFICER, f"/?k=5&{UNKNOWN_PARAM}=%2Fgibtsnicht"),
        ("/<script>", "", OFFICER, f"/?{UNKNOWN_PARAM}=%2F%3Cscript%3E"),  # text, escaped where shown
        # Streamlit's own paths and files pass through
        ("/_stcore/health", "", OFFICER, None),
        ("/_stcore", "", OFFICER, None),
        ("/static/js/index.js", "", OFFICER, None),
        ("/component/streamlit_folium.st_folium/index.html", "", OFFICER, None),
        ("/app/static/vendor/leaflet/leaflet.js", "", OFFICER, None),
        ("/favicon.png", "", OFFICER, None),
        ("/media/abc.png", "", OFFICER, None),
    ],
)
def test_redirect_target(path, query, site, expected):
    assert redirect_target(path, query, *site) == expected


def test_every_page_has_one_address_and_a_script():
    paths = [page.path for page in PAGES]
    assert len(paths) == len(set(paths)) == 9
    assert paths.count("") == 1  # the map, at the root
    for page in PAGES:
        assert (REPO / page.script).is_file(), page.script


def test_the_public_site_serves_every_page_but_the_import():
    officer_pages, _ = OFFICER
    public_pages, _ = PUBLIC
    assert officer_pages - public_pages == {"import"}
    assert public_pages == {"screening", "rangfolge", "vergleich", "netzwerk", "projekte", "auswahl", "daten"}


def test_aliases_never_shadow_a_page():
    for pages, aliases in (OFFICER, PUBLIC):
        assert not set(aliases) & pages
        assert set(aliases.values()) <= pages | {""}


@pytest.mark.parametrize(("text", "expected"), [
    ("Auswahl speichern und exportieren", "auswahl-speichern-und-exportieren"),
    ("Daten und Quellen", "daten-und-quellen"),
    ("Größe: Übersicht!", "groesse-uebersicht"),
])
def test_slug(text, expected):
    assert slug(text) == expected


def test_the_streamlit_flag_the_warm_up_sets_still_exists():
    """The warm-up declares st.navigation to Streamlit through a private class flag (ui/warmup.py);
    if Streamlit renames it, the first visit of a deep link after a restart gets "Page not found"."""
    from streamlit.runtime import pages_manager
    from streamlit.runtime.scriptrunner import script_runner

    from ui.shell.streamlit_adapter import declare_navigation

    assert "uses_pages_directory" in vars(pages_manager.PagesManager)
    assert "PagesManager.uses_pages_directory" in Path(script_runner.__file__).read_text()
    before = pages_manager.PagesManager.uses_pages_directory
    try:
        pages_manager.PagesManager.uses_pages_directory = None
        declare_navigation()
        assert pages_manager.PagesManager.uses_pages_directory is False
    finally:
        pages_manager.PagesManager.uses_pages_directory = before
