"""axe-core (from the npm registry, installed at set-up) on every page: no serious or critical violations."""

from __future__ import annotations

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.e2e

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Each page with a text that shows its content has rendered.
PAGES = {
    "": "Kachelkarte (schematisch)",
    "screening": "Gebieten erfüllen die Bedingungen",
    "rangfolge": "Quartierstypen",
    "vergleich": "Auswahl gesamt",
    "auswahl": "Gespeicherte Auswahlen",
    "projekte": "Projekte je Ortsbezirk",
    "import": "dürfen nur angemeldete Bearbeiterinnen",  # the sign-in form; the upload needs it
    "daten": "Zuordnung Statistik",
    "?mode=present": "Präsentation beenden",
}


@pytest.mark.parametrize(("path", "ready"), PAGES.items())
def test_no_serious_or_critical_violations(context, app_url, path, ready):
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run make setup (npm ci)")
    page = context.new_page()
    separator = "&" if "?" in path else "?"
    page.goto(f"{app_url}/{path}{separator}sel=hohenecken,betzenberg")
    page.get_by_text(ready).first.wait_for(timeout=60_000)
    # Streamlit fades elements while a script runs; check the settled page.
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return [result.passes.length, result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))];
        }"""
    )
    passes, serious = violations
    assert passes > 10  # axe really checked the rendered page
    assert serious == []
