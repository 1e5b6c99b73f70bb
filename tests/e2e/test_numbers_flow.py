"""Numbers typed in the browser are read in the interface language (German: decimal comma)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import settle

pytestmark = pytest.mark.e2e

HITS_12 = "2 von 18 Gebieten erfüllen die Bedingungen"
HITS_13 = "1 von 18 Gebieten erfüllt die Bedingungen"


def _type_into_cell(page, editor_key: str, row: int, column: int, text: str) -> None:
    """Select a cell of a data editor by keyboard (the grid is a canvas) and type into it."""
    grid = page.locator(f".st-key-{editor_key} [data-testid='stDataFrameResizable']")
    grid.wait_for(timeout=30_000)
    settle(page)  # the run that draws the sidebar last can still move the grid under the mouse
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17 + 35 * row)  # first column of the row
    # the keys go to the grid only once it has the focus (a busy machine takes a moment)
    page.wait_for_function(
        f"document.activeElement && document.activeElement.closest('.st-key-{editor_key}') !== null", timeout=10_000
    )
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # open the cell editor
    cell = page.locator("textarea.gdg-input")
    cell.wait_for(timeout=10_000)
    cell.fill(text)
    cell.press("Enter")


def test_screening_factor_with_a_decimal_comma_gives_the_hits_of_1_3(context, app_url):
    page = context.new_page()
    page.goto(f"{app_url}/screening")
    page.get_by_text(HITS_12).wait_for(timeout=60_000)
    _type_into_cell(page, "screening_conditions", row=0, column=2, text="1,3")
    page.get_by_text(HITS_13).wait_for(timeout=30_000)
    page.get_by_text("(= 1,3 × Gesamtstadt)").wait_for()


def test_screening_factor_in_english_format_is_refused_in_german(context, app_url):
    page = context.new_page()
    page.goto(f"{app_url}/screening")
    page.get_by_text(HITS_12).wait_for(timeout=60_000)
    _type_into_cell(page, "screening_conditions", row=0, column=2, text="1.3")
    page.get_by_text("meinten Sie „1,3“?").wait_for(timeout=30_000)
    page.get_by_text(HITS_12).wait_for()  # 1,2 stays in force


def test_manual_bounds_with_decimal_commas(context, app_url):
    page = context.new_page()
    page.goto(f"{app_url}/?scheme=manual")
    field = page.get_by_label("Obergrenzen, durch Semikolon getrennt (z. B. 8; 12; 16)")
    field.wait_for(timeout=60_000)
    field.fill("8,5; 12,5; 16")
    field.press("Enter")
    page.get_by_text("12,5 – 16,0\u00a0%").wait_for(timeout=30_000)
    page.wait_for_function("new URL(location.href).searchParams.get('breaks') === '8.5,12.5,16'", timeout=30_000)
