"""axe-core (from the npm registry, installed at set-up) on every page: no serious or critical violations."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.e2e

# Each page with a text that shows its content has rendered.
PAGES = {
    "": "Kachelkarte (schematisch)",
    "screening": "Gebieten erfüllen die Bedingungen",
    "rangfolge": "Quartierstypen",
    "vergleich": "Auswahl gesamt",
    "auswahl": "Gespeicherte Auswahlen",
    "projekte": "Projekte je Gebiet (Ortsbezirke)",
    "import": "dürfen nur angemeldete Bearbeiterinnen",  # the sign-in form; the upload needs it
    "daten": "Zuordnung Statistik",
    "?mode=present": "Präsentation beenden",
}


@pytest.mark.parametrize(("path", "ready"), PAGES.items())
def test_no_serious_or_critical_violations(context, app_url, path, ready):
    page = context.new_page()
    separator = "&" if "?" in path else "?"
    page.goto(f"{app_url}/{path}{separator}sel=hohenecken,betzenberg")
    page.get_by_text(ready).first.wait_for(timeout=60_000)
    passes, serious = serious_violations(page)
    assert passes > 10  # axe really checked the rendered page
    assert serious == []
