"""The PDF report of any table: very long names, 41 indicator columns, published decimals.

Read back with pypdf: every word of the shown cells appears whole, left-out indicators are named,
wide tables are set in landscape. The 41-column dataset is synthetic (built here).
"""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from exports import EXPORTERS, DecisionRecord, build_export
from exports.pdf import FAILURE_MESSAGE, _priority, _table_rows
from exports.pdftable import plan_table
from geo.domain.indicators import IndicatorSpec
from geo.i18n import tr
from tests.test_disclosure import make_dataset

CREATED = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
RECORD = DecisionRecord(name="Prüfung", author="Test")


def _text(pdf: bytes) -> tuple[str, list]:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages), reader.pages


def test_a_name_of_1000_characters_without_spaces_makes_a_pdf(dataset, map_geometry):
    long_name = "Quartier" + "X" * 992
    areas = dataset.areas.copy()
    areas.loc["hohenecken", "name"] = long_name
    export = build_export(dataclasses.replace(dataset, areas=areas), ["hohenecken", "innenstadt-ost"], RECORD,
                          CREATED, map_geometry)
    pdf = EXPORTERS["pdf"].write(export)
    text, _ = _text(pdf)
    assert "konnte nicht gesetzt werden" not in text  # the real report, not the fallback
    assert "X" * 40 in re.sub(r"\s", "", text)  # the name is there, split where it must be
    assert "Innenstadt Ost" in " ".join(text.split())


def _spec(key: str, label: str, kind: str = "count", decimals: int = 0, unit: str = "Personen", year: int = 2020):
    return IndicatorSpec(id=key, label_de=label, label_en=label, unit_de=unit, unit_en=unit, kind=kind,
                         numerator=None, denominator=None, decimals=decimals, source="Testdaten (synthetisch)",
                         year=year)


def _wide_dataset():
    """Synthetic: 24 areas with long names, 41 indicators of 2015–2020 (counts and one-decimal shares)."""
    topics = [("einwohner", "Einwohnerinnen und Einwohner insgesamt"), ("auslaender", "Ausländerinnen und Ausländer"),
              ("jung", "Kinder und Jugendliche unter 18 Jahren"), ("alt", "Seniorinnen und Senioren ab 65 Jahren"),
              ("zuzug", "Zuzüge aus dem Ausland"), ("wegzug", "Fortzüge ins Ausland")]
    specs = []
    for year in range(2015, 2021):
        for key, label in topics:
            specs.append(_spec(f"{key}@{year}", f"{label} {year}", year=year))
        specs.append(_spec(f"anteil@{year}", f"Ausländeranteil in Prozent {year}", "value", 1, "%", year))
    specs = [s for s in specs if s.id != "wegzug@2015"]  # 41
    names = [f"Innenstadt Nordwest Bezirk {i}" for i in range(24)]
    table = {
        n: {s.id: (16.9 + i / 10 if s.unit_de == "%" else 1000 + 37 * i + j) for j, s in enumerate(specs)}
        for i, n in enumerate(names)
    }
    return make_dataset(table, {n: n for n in names}, specs)


@pytest.fixture(scope="module")
def wide_export():
    data = _wide_dataset()
    weighted = DecisionRecord(name="Breit", author="Test", method={"Gewichte": {"Zuzüge aus dem Ausland 2015": 1.0}})
    return build_export(data, list(data.areas.index[:20]), weighted, CREATED)


def test_41_indicator_columns_are_set_landscape_with_the_relevant_ones_and_the_rest_named(wide_export):
    assert len([s for s in wide_export.specs if "-" not in s.id]) == 41  # plus the changes the dataset adds
    pdf = EXPORTERS["pdf"].write(wide_export)
    text, pages = _text(pdf)
    assert "konnte nicht gesetzt werden" not in text
    assert pages[0].mediabox.width > pages[0].mediabox.height  # landscape
    flat = " ".join(text.split())
    rows = _table_rows(wide_export)
    layout = plan_table(rows, _priority(wide_export), 17 * 28.3465, 25.7 * 28.3465)
    shown = [rows[0][c] for c in layout.columns]
    assert 3 <= len(layout.columns) < 42 and layout.left_out
    assert "Zuzüge aus dem Ausland 2015" in shown  # weighted in the decision: kept although old
    assert "Ausländeranteil in Prozent 2020" in shown  # the newest year before older ones
    assert "Einwohnerinnen und Einwohner insgesamt 2015" not in shown
    assert "Aus Platzgründen nicht in der Tabelle" in flat
    assert "Einwohnerinnen und Einwohner insgesamt 2015" in flat  # named in the note
    tokens = set(text.split())
    words = {w for r in rows for c in layout.columns for w in r[c].split()}
    missing = sorted(w for w in words if w not in tokens)
    assert not missing, missing[:10]  # every word whole: no "Innensta dt"
    assert "16,9" in tokens and "17,0" in tokens, shown  # a one-decimal share stays one decimal


def test_portrait_when_the_table_fits(dataset):
    export = build_export(dataset, ["hohenecken"], RECORD, CREATED)
    _, pages = _text(EXPORTERS["pdf"].write(export))
    assert pages[0].mediabox.width < pages[0].mediabox.height


def test_a_failing_layout_still_gives_a_pdf_that_says_so(dataset, monkeypatch):
    import exports.pdf as pdf

    def broken(*args, **kwargs):
        raise ValueError("flowable given negative availWidth")

    monkeypatch.setattr(pdf, "plan_table", broken)
    for lang, words in (("de", "Der PDF-Bericht konnte nicht gesetzt werden"), ("en", "The PDF report could not be laid out")):
        export = build_export(dataset, ["hohenecken"], RECORD, CREATED, lang=lang)
        text, _ = _text(pdf.to_pdf(export))
        flat = " ".join(text.split())
        assert " ".join(tr(FAILURE_MESSAGE, lang).split()) in flat and words in flat
        assert ("The PDF report" in flat) == (lang == "en")  # the reader's language only
        assert "Hohenecken" in text


def test_bold_header_words_stay_whole_in_a_tight_table():
    # Ten columns headed by one long word each: every column as narrow as its bold header word allows.
    specs = [_spec(f"p{i}", f"Integrationsprojekte{i} (Anzahl)", unit="") for i in range(10)]
    names = ["Innenstadt Ost", "Hohenecken"]
    data = make_dataset({n: {s.id: 3.0 for s in specs} for n in names}, {n: n for n in names}, specs)
    export = build_export(data, names, RECORD, CREATED)
    text, _ = _text(EXPORTERS["pdf"].write(export))
    tokens = set(text.split())
    rows = _table_rows(export)
    layout = plan_table(rows, _priority(export), 17 * 28.3465, 25.7 * 28.3465)
    assert layout.left_out  # tight: not all ten fit
    assert {f"Integrationsprojekte{i}" for i in range(10) if 1 + i in layout.columns} <= tokens



@pytest.mark.parametrize(("lang", "expected"), [("en", "8,794 persons"), ("de", "8.794 Personen")])
def test_a_number_and_its_unit_stay_whole_in_a_tight_table(lang, expected):
    # The walk's English selection PDF: "8,794 person|s", "13,918 perso|ns" in a tight table. The unit follows
    # its number after a no-break space; the column is at least as wide as that pair. Synthetic: twelve
    # count columns of 8,794 persons each.
    specs = [IndicatorSpec(id=f"p{i}", label_de=f"Zahl {i}", label_en=f"Count {i}", unit_de="Personen",
                           unit_en="persons", kind="count", numerator=None, denominator=None, decimals=0,
                           source="Testdaten (synthetisch)", year=2020) for i in range(12)]
    names = ["Innenstadt Ost", "Hohenecken"]
    data = make_dataset({n: {s.id: 8794.0 for s in specs} for n in names}, {n: n for n in names}, specs)
    export = build_export(data, names, RECORD, CREATED, lang=lang)
    text, _ = _text(EXPORTERS["pdf"].write(export))
    assert "konnte nicht gesetzt werden" not in text and "could not be laid out" not in text
    flat = text.replace("\u00a0", " ")
    unit = expected.split()[1]
    assert flat.count(expected) >= 2 * len(_layout_columns(export)) > 0  # both areas' cells of every shown column, whole
    cut = [w for w in flat.split() if w != unit and unit.startswith(w) and len(w) > 2]
    assert not cut, cut  # never "person" + "s"


def _layout_columns(export) -> tuple[int, ...]:
    return plan_table(_table_rows(export), _priority(export), 17 * 28.3465, 25.7 * 28.3465).columns[1:]
