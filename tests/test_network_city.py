"""City values of long tables on the network page: Berlin's planning areas over 2015–2020.

Berlin's long table has planning area 09041403 (Allende II) only from 2019 on (split off then);
before, its residents were counted in its neighbours. The city value of 2015–2018 is the sum
of the areas of that year's table, not "unknown". Where a value is really missing, the page and
the spreadsheet name the areas. Synthetic tables here are test fixtures made in this file;
the Berlin files are real (``ANKUNFTSATLAS_BERLIN``).
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.analysis.cityvalue import no_city_reason
from geo.analysis.network import NO_CITY_VALUE, OK, IndicatorMapping, MappedIndicator, build_network_view, mapping_path, save_mapping
from geo.domain.aggregate import absent_in_year, city_values
from tests.conftest import BERLIN_DIR
from tests.downloads import downloads  # noqa: F401  (fixture)
from tests.test_network import _import, _open, _spec, _squares, make_member, page_env  # noqa: F401  (fixture)


def _yearly(values: dict[str, list[float | None]]) -> tuple[pd.DataFrame, dict]:
    table = pd.DataFrame(values, index=["alt", "mitte", "neu"], dtype=float)
    table["name"] = ["Alt", "Mitte", "Neu"]
    specs = {key: _spec(key, year=int(key[-4:])) for key in values}
    return table, specs


def test_an_area_absent_from_a_years_table_adds_nothing_to_that_year():
    # "neu" split off in 2019: absent from the 2018 table, its residents then counted in "alt"
    table, specs = _yearly({"ew@2018": [30, 20, None], "ew@2019": [20, 20, 10]})
    assert {k: list(v) for k, v in absent_in_year(table, specs).items()} == {"ew@2018": ["neu"]}
    assert city_values(table, specs) == {"ew@2018": 50.0, "ew@2019": 50.0}


def test_a_count_missing_in_a_year_the_area_has_keeps_the_city_value_unknown():
    # "mitte" is in the 2019 table (its residents are there) but its foreigners are not
    table, specs = _yearly({"ew@2019": [20, 20, 10], "aus@2019": [2, None, 1]})
    assert absent_in_year(table, specs) == {}
    city = city_values(table, specs)
    assert city["ew@2019"] == 50.0 and math.isnan(city["aus@2019"])


def test_one_year_tables_are_unchanged():
    table, specs = _yearly({"ew@2020": [30, None, 10]})
    assert absent_in_year(table, specs) == {}
    assert math.isnan(city_values(table, specs)["ew@2020"])


def test_the_reason_names_the_areas_without_a_value(page_env):
    member = make_member("edorf", "Edorf", ["e1", "e2", "e3"], [1, np.nan, 3], [10, 10, 10])
    data = member.dataset
    assert math.isnan(data.city["foreign_share"])
    assert no_city_reason(data, "foreign_share") == "1 Gebiet(e) ohne Wert für 2023: e2"
    assert no_city_reason(data, "foreign_share", "en") == "1 area(s) without a value for 2023: e2"
    given = make_member("fdorf", "Fdorf", ["f1", "f2"], [1, 3], [10, 10], share_kind="value")
    assert no_city_reason(given.dataset, "foreign_share").startswith("ein Wert dieser Art lässt sich nicht")
    view = build_network_view([member, given], "foreign_share", IndicatorMapping())
    assert [m.status for m in view.members] == [NO_CITY_VALUE, NO_CITY_VALUE]
    assert view.members[0].reason == "1 Gebiet(e) ohne Wert für 2023: e2"
    assert not view.shows("edorf")  # no LQ: no map, no dots ...
    rows = view.areas[view.areas["member"] == "edorf"]  # ... but the values and percentiles are kept
    assert rows["value"].round(1).tolist()[0::2] == [10.0, 30.0] and rows["percentile"].tolist()[0::2] == [25.0, 75.0]


def test_the_sheet_of_a_municipality_without_city_value_lists_its_areas():
    from exports.network import network_xlsx

    member = make_member("edorf", "Edorf", ["e1", "e2", "e3"], [1, np.nan, 3], [10, 10, 10])
    view = build_network_view([member], "foreign_share", IndicatorMapping())
    book = load_workbook(io.BytesIO(network_xlsx(view, "Netzwerk")))
    sheet = book["Edorf"]
    assert sheet["A1"].value == "Edorf – kein Stadtwert (Standortquotient nicht berechenbar): 1 Gebiet(e) ohne Wert für 2023: e2"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == ["e1", "e2", "e3"]
    assert (rows[0][2], rows[0][3], rows[0][4]) == (10.0, None, 25.0)  # value, no LQ, percentile
    summary = [c.value for c in book["Übersicht"][6]]
    assert summary[7].endswith("1 Gebiet(e) ohne Wert für 2023: e2")


def test_the_page_says_which_area_lacks_a_value(page_env):
    """A long table whose 2023 foreigners are missing for one area: the page names it."""
    from geo.store.ingest import main

    folder = page_env / "lueckenstadt"
    folder.mkdir()
    boundaries = folder / "b.gpkg"
    _squares(["Nord", "Mitte", "Süd"]).assign(key=["1", "2", "3"])[["key", "name", "geometry"]].rename(
        columns={"key": "id"}).to_file(boundaries)
    rows = ["id;Merkmal;Jahr;Wert"]
    for year in (2022, 2023):
        for i in (1, 2, 3):
            rows.append(f"{i};Einwohner;{year};{100 * i}")
            if not (year == 2023 and i == 2):
                rows.append(f"{i};Ausländer;{year};{10 * i}")
    table = folder / "luecken.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["--boundaries", str(boundaries), "--indicators", str(table), "--indicator", "Merkmal", "--year", "Jahr",
                 "--value", "Wert", "--key", "id", "--name", "Lückenstadt", "--share",
                 "Anteil Ausländer=Ausländer/Einwohner"]) == 0
    save_mapping(mapping_path(page_env / "userdata"), IndicatorMapping((MappedIndicator(
        "Ausländeranteil", {"kaiserslautern_2016": "foreign_share", "lueckenstadt": "anteil-auslaender@2023"}),)))
    at = _open()
    assert not at.exception
    infos = [i.value for i in at.info]
    assert ("Lückenstadt (2023) hat keinen Stadtwert – 1 Gebiet(e) ohne Wert für 2023: Mitte. "
            "Daher kein Standortquotient, nur Perzentile.") in infos
    assert not any("Anteil ohne Anzahlen" in i for i in infos)  # the old, wrong reason


def _berlin(name: str) -> Path:
    path = BERLIN_DIR / name
    if not path.is_file():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{path} fehlt / missing")
        pytest.skip(f"{path} missing (real Berlin files)")
    return path


@pytest.mark.parametrize("year", [2016, 2020])
def test_berlin_has_a_city_value_in_every_year_on_the_network_page(page_env, downloads, year):  # noqa: F811
    from geo.store.ingest import main

    assert main(["--boundaries", str(_berlin("plr.geojson")), "--indicators", str(_berlin("long.csv")),
                 "--indicator", "merkmal", "--year", "jahr", "--value", "anzahl", "--key", "planungsraum",
                 "--share", "Ausländeranteil=Ausländer/Einwohner", "--name", "Berlin LOR", "--municipality", "Berlin",
                 "--unit-label", "Planungsräume", "--allow-unmatched"]) == 0
    # by hand from long.csv: the year's sums, less 04030417 (a row without a boundary, not an area of the map)
    raw = pd.read_csv(_berlin("long.csv"), dtype={"planungsraum": str})
    mapped = raw[(raw["jahr"] == year) & (raw["planungsraum"] != "04030417")]
    sums = mapped.groupby("merkmal")["anzahl"].sum()
    expected = sums["Ausländer"] / sums["Einwohner"] * 100
    save_mapping(mapping_path(page_env / "userdata"), IndicatorMapping((MappedIndicator(
        "Ausländeranteil", {"kaiserslautern_2016": "foreign_share", "berlin-lor": f"auslaenderanteil@{year}"}),)))
    at = _open()
    assert not at.exception
    assert not any("keinen Stadtwert" in i.value for i in at.info)
    summary = at.dataframe[0].value
    assert summary["Status"].tolist() == ["verglichen", "verglichen"]
    assert summary["Jahr"].tolist() == [2016, year]
    # shown with the indicator's decimals (one for a share defined at import), the value by hand above
    assert summary["Stadtwert"].tolist()[1] == f"{expected:.1f}\u00a0%".replace(".", ",")
    book = load_workbook(io.BytesIO(downloads.fetch(at, "network_xlsx")))
    sheet = book["Berlin LOR"]
    assert sheet["A1"].value == "Berlin LOR – verglichen"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == 447
    by_id = {r[0]: r for r in rows}
    allende = by_id["09041403"]  # Allende II: no value before 2019, a value from then on
    assert (allende[2] is None) == (year < 2019)
    first = raw[(raw["jahr"] == year) & (raw["planungsraum"] == "01011101")].set_index("merkmal")["anzahl"]
    share = first["Ausländer"] / first["Einwohner"] * 100
    assert by_id["01011101"][2] == round(share, 1)  # the indicator's decimals, as on the page
    assert by_id["01011101"][3] == round(share / expected, 3)
