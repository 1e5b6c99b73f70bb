"""Numbers said one way in every document and page (issue 27): an indicator's values carry its published
decimals in the PDF, the CSV and the XLSX (where they stay numbers, with a number format), a shown negative
number has the typographic minus (U+2212) and a threshold reads as it stands, never "17,00 %".

Real Kaiserslautern values (2016); one test gives the share of foreigners two decimals the way a dataset
publishing hundredths would (the values stay the real ones)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime

import openpyxl
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from exports import EXPORTERS, DecisionRecord, build_export
from tests.conftest import REPO
from tests.downloads import downloads  # noqa: F401  (fixture)

NB = "\u00a0"
MINUS = "\u2212"
CHOSEN = ["innenstadt-suedwest", "hohenecken"]
RECORD = DecisionRecord(name="Zahlen", author="Test", rationale="", version=1,
                        saved_at=datetime(2017, 1, 20, 9, 5, tzinfo=UTC), method={})
CREATED = datetime(2017, 1, 24, 16, 30, tzinfo=UTC)


def _documents(export) -> tuple[list[list[str]], openpyxl.Workbook, str]:
    text = EXPORTERS["csv"].write(export).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if export.lang == "de" else ","))
    book = openpyxl.load_workbook(io.BytesIO(EXPORTERS["xlsx"].write(export)))
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(EXPORTERS["pdf"].write(export))).pages).split())
    return rows, book, pdf


def _column(rows: list[list[str]], book, starts: str):
    col = next(i for i, name in enumerate(rows[0]) if name.startswith(starts))
    sheet = book.worksheets[0]
    cells = [sheet.cell(r, col + 1) for r in range(2, len(rows) + 1)]
    return [r[col] for r in rows[1:]], cells


@pytest.mark.parametrize(("lang", "share", "hohenecken", "count"), [
    ("de", "Anteil Ausländerinnen", ("20,4", "9,2"), "Ausländerinnen und Ausländer (Anzahl)"),
    ("en", "Share of foreign", ("20.4", "9.2"), "Foreign"),
])
def test_the_published_decimals_in_csv_xlsx_and_pdf(dataset, map_geometry, lang, share, hohenecken, count):
    rows, book, pdf = _documents(build_export(dataset, CHOSEN, RECORD, CREATED, map_geometry, lang=lang))
    texts, cells = _column(rows, book, share)
    assert texts[:2] == list(hohenecken)
    assert [c.value for c in cells[:2]] == [20.4, 9.2] and {c.data_type for c in cells[:2]} == {"n"}  # numbers
    assert {c.number_format for c in cells if c.value is not None} == {"#,##0.0"}  # "20,4" in Excel, not "20.4"/"20"
    assert f"{hohenecken[0]} %" in pdf.replace(NB, " ") and f"{hohenecken[1]} %" in pdf.replace(NB, " ")
    counts, count_cells = _column(rows, book, count)
    assert counts[:2] == ["1794", "331"] and {c.number_format for c in count_cells if c.value is not None} == {"#,##0"}


def test_two_published_decimals_are_two_in_every_document(dataset, map_geometry):
    export = build_export(dataset, CHOSEN, RECORD, CREATED, map_geometry)
    export = replace(export, specs=[replace(s, decimals=2) if s.id == "foreign_share" else s for s in export.specs])
    rows, book, pdf = _documents(export)
    texts, cells = _column(rows, book, "Anteil Ausländerinnen")
    assert texts[:2] == ["20,40", "9,20"]  # was "20,4" in the CSV while the PDF said "20,40 %"
    assert {c.number_format for c in cells if c.value is not None} == {"#,##0.00"}
    assert "20,40 %" in pdf.replace(NB, " ") and "9,20 %" in pdf.replace(NB, " ")


@pytest.fixture
def app(app_env):
    return app_env


def _page(page: str, lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    return at


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_ranking_index_has_the_minus_sign(app, lang):
    at = _page("pages/ranking.py", lang)
    table = next(d.value for d in at.dataframe if "Index" in d.value.columns)
    index = table["Index"].tolist()
    assert len(index) == 18
    negative = [v for v in index if v.startswith(MINUS)]
    assert negative and not [v for v in index if "-" in v]  # z-scores below the mean: "−0,52", never "-0,52"
    assert index[0] == {"de": "1,71", "en": "1.71"}[lang]


def test_the_screening_threshold_from_the_city_value_has_the_indicators_decimals(app):
    at = _page("pages/screening.py")
    # 1,2 × 14,17 % (the city's share) = 17,004 %: shown as the share is published, never "17,00 %"
    assert at.text[0].value.startswith(f"Anteil Ausländerinnen und Ausländer ≥ 17,0{NB}% (= 1,2 × Gesamtstadt)")
    assert f"18{NB}%" in at.text[0].value  # the typed 18 of the second condition, as typed


@pytest.mark.parametrize(("lang", "date_word", "other"), [("de", "Stand 2023-12-31", "as of"), ("en", "as of 2023-12-31", "Stand")])
def test_the_network_documents_use_the_indicators_decimals_and_one_language(lang, date_word, other):
    from exports.network import network_pdf, network_xlsx
    from geo.analysis.network import IndicatorMapping, build_network_view
    from tests.test_network import make_member

    # synthetic test municipalities (tests/test_network.py): shares published with one decimal
    astadt = make_member("astadt", "Astadt", ["a1", "a2", "a3"], [10, 20, 35], [100, 100, 150])
    bdorf = make_member("bdorf", "Bdorf", ["b1", "b2"], [5, 15], [100, 50])
    view = build_network_view([astadt, bdorf], "foreign_share", IndicatorMapping(), {"astadt": ["a2"]}, lang=lang)
    book = openpyxl.load_workbook(io.BytesIO(network_xlsx(view, "Netz", lang)))
    summary, first = book.worksheets[0], book.worksheets[1]
    city = next(c for row in summary.iter_rows() for c in row if c.data_type == "n" and c.number_format != "General")
    assert (round(city.value, 6), city.number_format) == (18.6, "#,##0.0")  # 65 ÷ 350 = 18,57…: rounded as published
    heading = " ".join(str(c.value) for row in first.iter_rows(max_row=2) for c in row if c.value)
    assert ("18,6\u00a0%" if lang == "de" else "18.6\u00a0%") in heading  # one decimal, as published
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(network_pdf(view, {}, "Netz", lang))).pages).split())
    assert date_word in text and other not in text



def test_projects_per_thousand_read_0_00_in_csv_xlsx_and_pdf(app, downloads):
    """The walk's finding, through the selection page's buttons: the PDF said "0,00 je 1.000 Einw." where the CSV
    said "0,0" (the dataset publishes two decimals; Hohenecken has no integration project)."""
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.session_state["selected_areas"] = ["hohenecken"]
    at.switch_page("pages/selections.py").run()
    text = downloads.fetch(at, "export_csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    col = next(i for i, name in enumerate(rows[0]) if name.startswith("Integrationsprojekte je 1.000"))
    assert rows[1][col] == "0,00"
    book = openpyxl.load_workbook(io.BytesIO(downloads.fetch(at, "export_xlsx")))
    cell = book["Daten"].cell(2, col + 1)
    assert (cell.value, cell.data_type, cell.number_format) == (0, "n", "#,##0.00")
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(downloads.fetch(at, "export_pdf"))).pages).split())
    assert "0,00 je 1.000 Einw." in pdf.replace(NB, " ")
