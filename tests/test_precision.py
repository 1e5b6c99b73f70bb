"""Public figures leave the server at their published decimals: chart data, GeoJSON, CSV, XLSX.

Read from the bytes as a browser or a spreadsheet would; and an attacker reading the public CSV
of every area (plus "Auswahl gesamt" and the city) recovers no hidden figure. Synthetic tables.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest

from exports import EXPORTERS, DecisionRecord, build_export
from geo.analysis.compare import comparison_chart
from geo.analysis.disclosure import public_view
from geo.analysis.relations import AREA, CITY, Figure, published
from geo.settings import DisclosureRules
from tests.attacker import learn_splits, split_equations, work_out
from tests.test_disclosure import _spec, make_dataset

RULES = DisclosureRules(min_residents=300, min_count=3)
CREATED = datetime(2026, 12, 4, tzinfo=UTC)
RECORD = DecisionRecord(name="Test", author="Test")


def _shares():
    # A one-decimal share computed from counts: 60 / 87.45… → 68.6094040321974 % before rounding.
    specs = [_spec("einwohner", unit="Personen"), _spec("deutsche", unit="Personen"),
             _spec("auslaender", unit="Personen"), _spec("anteil", "share", "auslaender", "einwohner", unit="%")]
    specs = [s if s.kind == "share" else replace(s, decimals=0) for s in specs]
    table = {
        "nord": {"einwohner": 817, "deutsche": 815, "auslaender": 2},
        "sued": {"einwohner": 911, "deutsche": 851, "auslaender": 60},
        "west": {"einwohner": 1203, "deutsche": 1100, "auslaender": 103},
        "ost": {"einwohner": 643, "deutsche": 600, "auslaender": 43},
        "mitte": {"einwohner": 1507, "deutsche": 1380, "auslaender": 127},
    }
    return make_dataset(table, {a: a.title() for a in table}, specs)


def _decimals(number: float) -> int:
    text = repr(float(number))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def test_full_precision_is_there_before(monkeypatch):
    full = _shares()
    assert _decimals(full.areas.loc["sued", "anteil"]) > 10  # 6.586169045005488: what must not leave


def test_public_view_rounds_every_figure():
    public = public_view(_shares(), RULES)
    for spec in public.specs.values():
        values = [*public.areas[spec.id].dropna(), *public.units.table[spec.id].dropna()]
        assert all(_decimals(v) <= spec.decimals for v in values), spec.id
    assert public.areas.loc["sued", "anteil"] == 6.6


@pytest.mark.parametrize("indicator", ["anteil", "einwohner"])
def test_chart_data_carry_no_more_digits_than_the_page(indicator):
    full = _shares()
    chart = comparison_chart(full, list(full.areas.index), indicator).to_dict()
    numbers = [v for rows in chart["datasets"].values() for row in rows for v in row.values()
               if isinstance(v, float | int) and not isinstance(v, bool)]
    assert numbers
    assert all(_decimals(v) <= full.specs[indicator].decimals for v in numbers), numbers


def _public_export(full, ids):
    return build_export(public_view(full, RULES), ids, RECORD, CREATED)


def test_csv_xlsx_geojson_bytes_carry_published_decimals():
    full = _shares()
    export = build_export(full, ["sued", "west"], RECORD, CREATED)  # the officer's too
    text = EXPORTERS["csv"].write(export).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), sep=";", decimal=",", dtype=str, keep_default_na=False)
    shares = frame["anteil [%]"].tolist()
    assert shares[:2] == ["6,6", "8,6"] and all(re.fullmatch(r"\d+,\d", s) for s in shares if s)
    assert frame["einwohner [Personen]"].tolist()[:2] == ["911", "1203"]
    props = json.loads(EXPORTERS["geojson"].write(export))["features"][0]["properties"]
    assert (props["anteil"], props["einwohner"]) == (6.6, 911)
    sheet = openpyxl.load_workbook(io.BytesIO(EXPORTERS["xlsx"].write(export)))["Daten"]
    header = [c.value for c in sheet[1]]
    column = header.index("anteil [%]")
    cells = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert cells[:2] == [6.6, 8.6] and all(c is None or _decimals(c) <= 1 for c in cells)


def test_public_csv_of_every_area_gives_no_hidden_figure_back():
    full = _shares()
    ids = list(full.areas.index)
    data = EXPORTERS["csv"].write(_public_export(full, ids)).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(data), sep=";", decimal=",", keep_default_na=False, na_values=[""])
    columns = {"einwohner": "einwohner [Personen]", "deutsche": "deutsche [Personen]",
               "auslaender": "auslaender [Personen]", "anteil": "anteil [%]"}
    rows = [*[(AREA, a) for a in ids], ("total", ""), (CITY, "")]  # areas, Auswahl gesamt (= city here), city
    shown = {}
    for (level, row), (_, line) in zip(rows, frame.iterrows()):
        for key, column in columns.items():
            if not pd.isna(line[column]):
                shown[Figure(level, row, key)] = float(line[column])
    by_row = {}
    for figure, value in shown.items():
        by_row.setdefault((figure.level, figure.row), {})[figure.indicator] = value
    splits = learn_splits(by_row, ["einwohner", "deutsche", "auslaender"], [("einwohner", ("deutsche", "auslaender"))])
    linear = split_equations(rows, splits, lambda r, c: Figure(*r, c))
    for key in ("einwohner", "deutsche", "auslaender"):
        for total in (("total", ""), (CITY, "")):
            linear.append(({Figure(*total, key): 1, **{Figure(AREA, a, key): -1 for a in ids}}, 0))
    found = work_out(shown, [], linear)
    truth = published(full)
    recovered = {f: v for f, v in found.items() if f not in shown and f in truth and v == pytest.approx(truth[f])}
    assert Figure(AREA, "nord", "auslaender") not in shown  # hidden: 2 < 3
    assert recovered == {}
