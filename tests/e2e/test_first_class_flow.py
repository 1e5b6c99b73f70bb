"""Another city in Chromium (issue #21): its name, areas and newest year on the pages, its published
decimals in the selection's CSV and XLSX, and a re-import shown on the next load without a restart.

SYNTHETIC TEST DATA: "Musterstadt" (21 invented Stadtbereiche, one-decimal shares 2019-2023) from
tests/test_pages_first_class.py, imported on the command line as an editor would.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serve
from tests.test_pages_first_class import FIRST, SECOND, import_city, share, write_city

pytestmark = pytest.mark.e2e

NB = "\u00a0"
DS = "musterstadt-2019-2023"


@pytest.fixture(scope="module")
def city(tmp_path_factory, mirror_dir, browser):
    data_dir = tmp_path_factory.mktemp("musterstadt-data")
    old = os.environ.get("ANKUNFTSATLAS_DATA_DIR")
    os.environ["ANKUNFTSATLAS_DATA_DIR"] = str(data_dir)
    try:
        import_city(*write_city(tmp_path_factory.mktemp("files")))
        with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_DATA_DIR=str(data_dir)) as url:
            yield url, tmp_path_factory, data_dir
    finally:
        if old is None:
            os.environ.pop("ANKUNFTSATLAS_DATA_DIR")
        else:
            os.environ["ANKUNFTSATLAS_DATA_DIR"] = old


def _settled(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)


def _first_cell(page) -> str:
    table = page.locator("[data-testid='stTable'] table").first
    table.wait_for(timeout=90_000)
    _settled(page)
    row = table.locator("tbody tr").filter(has_text="Alau 1").first
    return row.locator("td").first.inner_text()


def _download(page, label: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def test_the_city_its_newest_year_and_its_decimals(context, city):
    url = city[0]
    page = context.new_page()
    page.goto(f"{url}/?ds={DS}&sel={FIRST},{SECOND}")
    page.get_by_role("heading", name="Ankunftsquartiere in Musterstadt – 2023").wait_for(timeout=90_000)
    page.get_by_role("heading", name="Karte: Stadtbereiche").wait_for(timeout=30_000)
    page.goto(f"{url}/screening?ds={DS}")
    page.get_by_text("Ausländeranteil in % (2023) ≥").first.wait_for(timeout=90_000)
    page.goto(f"{url}/vergleich?ds={DS}&sel={FIRST},{SECOND}")
    assert _first_cell(page).startswith(f"16,9{NB}% · Rang 5/21")
    page.get_by_text("Rang unter allen 21 Gebieten").first.wait_for(timeout=30_000)
    page.goto(f"{url}/auswahl?ds={DS}&sel={FIRST},{SECOND}")
    page.get_by_role("button", name="CSV (Excel)").wait_for(timeout=90_000)
    _settled(page)
    csv = pd.read_csv(io.BytesIO(_download(page, "CSV (Excel)")), sep=";", encoding="utf-8-sig", dtype=str)
    row = csv[csv["Gebietsschlüssel"] == FIRST].iloc[0]
    assert row["Ausländeranteil in % (2023) [%]"] == "16,9"
    assert row["Ausländeranteil in %: Veränderung 2019–2023 [Prozentpunkte]"] == "13,8"
    book = openpyxl.load_workbook(io.BytesIO(_download(page, "Excel (XLSX)")))
    rows = list(book["Daten"].iter_rows(values_only=True))
    header, first = rows[0], next(r for r in rows if r[0] == FIRST)
    assert first[header.index("Ausländeranteil in % (2023) [%]")] == 16.9


def test_a_reimport_shows_on_the_next_load_without_a_restart(context, city, monkeypatch):
    url, factory, data_dir = city
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(data_dir))  # the server's data folder (tests/conftest.py sets its own)
    page = context.new_page()
    page.goto(f"{url}/vergleich?ds={DS}&sel={FIRST},{SECOND}")
    assert _first_cell(page).startswith(f"16,9{NB}%")
    import_city(*write_city(factory.mktemp("neu"), lambda i, j: "21,4" if (i, j) == (0, 4) else share(i, j)),
                "--replace")
    page.reload()
    cell = page.locator("[data-testid='stTable'] table tbody tr").filter(has_text="Alau 1").first.locator("td").first
    expect(cell).to_contain_text(f"21,4{NB}% · Rang 1/21", timeout=60_000)
