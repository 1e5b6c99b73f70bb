"""The network view: relative measures against hand-computed values, matching, listing, exports, page.

All datasets here are synthetic test fixtures made in this file.
"""

from __future__ import annotations

import io
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo.analysis.network import (
    MISSING,
    NO_CITY_VALUE,
    OK,
    IndicatorMapping,
    MappedIndicator,
    Member,
    add_mapping,
    build_network_view,
    common_classes,
    indicator_options,
    load_mapping,
    location_quotients,
    mapping_path,
    percentiles,
    remove_mapping,
    resolve,
    save_mapping,
    year_spread,
)
from geo.domain.dataset import assemble
from geo.domain.indicators import IndicatorSpec
from geo.read.sources import StatisticsSource


def _spec(key: str, kind: str = "count", year: int = 2023, numerator=None, denominator=None) -> IndicatorSpec:
    return IndicatorSpec(
        id=key, label_de=key, label_en=key, unit_de="%" if kind != "count" else "", unit_en="%" if kind != "count" else "",
        kind=kind, numerator=numerator, denominator=denominator, decimals=1, source="Testquelle", year=year,
    )


def make_member(
    key: str, label: str, names: list[str], foreigners: list[float], residents: list[float],
    share: str = "foreign_share", year: int = 2023, share_kind: str = "share",
) -> Member:
    """A test municipality: counts per area and a share from them (or taken as given: ``share_kind="value"``)."""
    areas = pd.DataFrame(
        {"area_id": names, "name": names, "name_original": names, "part": "", "unit": names,
         "foreigners": foreigners, "residents": residents},
        index=names,
    )
    areas[share] = areas["foreigners"] / areas["residents"] * 100.0
    specs = {"foreigners": _spec("foreigners", year=year), "residents": _spec("residents", year=year)}
    if share_kind == "share":
        specs[share] = _spec(share, "share", year, "foreigners", "residents")
    else:
        specs[share] = _spec(share, "value", year)
    source = StatisticsSource(
        id=key, file="", title_de=label, title_en=label, source=f"Statistikstelle {label}", date=f"{year}-12-31",
        licence_de="dl-de/by-2-0", licence_en="dl-de/by-2-0", tiles="",
    )
    tiles = pd.DataFrame({"row": range(len(names)), "col": 0}, index=names)
    return Member(key, label, assemble(areas, specs, tiles, source))


@pytest.fixture
def astadt() -> Member:
    # shares 10, 20, 30, 40 %; city 100 / 400 = 25 %
    return make_member("astadt", "Astadt", ["a1", "a2", "a3", "a4"], [10, 20, 30, 40], [100, 100, 100, 100])


@pytest.fixture
def bdorf() -> Member:
    # shares 5, 15, 20 %; city 30 / 250 = 12 %; its share has another id
    return make_member("bdorf", "Bdorf", ["b1", "b2", "b3"], [5, 15, 10], [100, 100, 50], share="anteil-auslaender",
                       year=2020)


ALL_MAPPED = {"astadt": "foreign_share", "bdorf": "anteil-auslaender"}


def test_location_quotients_and_percentiles_by_hand(astadt, bdorf):
    mapping = add_mapping(IndicatorMapping(), "Ausländeranteil", ALL_MAPPED)
    view = build_network_view([astadt, bdorf], "map:Ausländeranteil", mapping)
    rows = view.areas.set_index("area_id")
    assert rows.loc[["a1", "a2", "a3", "a4"], "city"].tolist() == [25.0] * 4
    assert rows.loc[["a1", "a2", "a3", "a4"], "lq"].tolist() == pytest.approx([0.4, 0.8, 1.2, 1.6])
    assert rows.loc[["a1", "a2", "a3", "a4"], "percentile"].tolist() == [12.5, 37.5, 62.5, 87.5]
    assert rows.loc[["b1", "b2", "b3"], "city"].tolist() == pytest.approx([12.0] * 3)
    assert rows.loc[["b1", "b2", "b3"], "lq"].tolist() == pytest.approx([5 / 12, 15 / 12, 20 / 12])
    assert rows.loc[["b1", "b2", "b3"], "percentile"].tolist() == pytest.approx([100 / 6, 50.0, 500 / 6])
    assert [m.status for m in view.members] == [OK, OK]
    assert [m.year for m in view.members] == [2023, 2020]
    assert view.years == (2020, 2023)  # three years apart: a warning
    # common classes (upper bounds 0.67, 0.91, 1.1, 1.5, max) over both cities' seven areas
    assert view.bins == pytest.approx((0.67, 0.91, 1.1, 1.5, 5 / 3))
    assert view.counts == (2, 1, 0, 2, 2)
    assert rows.loc[["a1", "a2", "a3", "a4", "b1", "b2", "b3"], "class"].tolist() == [0, 1, 3, 4, 0, 3, 4]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([10.0, 20.0, 30.0, 40.0], [12.5, 37.5, 62.5, 87.5]),
        ([10.0, 10.0, 20.0], [100 / 3, 100 / 3, 250 / 3]),  # ties share their average rank
        ([7.0], [50.0]),
        ([3.0, np.nan, 1.0], [75.0, np.nan, 25.0]),  # missing stays missing, not counted
    ],
)
def test_percentiles(values, expected):
    assert percentiles(pd.Series(values)).tolist() == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize(("city", "expected"), [(20.0, [0.5, 1.5]), (0.0, [np.nan, np.nan]), (np.nan, [np.nan, np.nan])])
def test_location_quotients(city, expected):
    assert location_quotients(pd.Series([10.0, 30.0]), city).tolist() == pytest.approx(expected, nan_ok=True)


@pytest.mark.parametrize(
    ("years", "spread"), [([2016, 2023], (2016, 2023)), ([2021, 2023], None), ([2020, 2023, None], (2020, 2023)), ([], None)]
)
def test_year_spread_warns_over_two_years(years, spread):
    assert year_spread(years) == spread


def test_matching_by_id_and_by_mapping(astadt, bdorf):
    members = [astadt, bdorf]
    empty = IndicatorMapping()
    # by id: only the counts are shared; the two shares have different ids
    assert list(indicator_options(members, empty)) == ["foreigners", "residents"]
    assert resolve(members, "foreign_share", empty) == {"astadt": "foreign_share", "bdorf": None}
    mapping = add_mapping(empty, " Ausländeranteil ", ALL_MAPPED)
    options = indicator_options(members, mapping)
    assert list(options)[0] == "map:Ausländeranteil" and options["map:Ausländeranteil"] == "Ausländeranteil (2)"
    assert resolve(members, "map:Ausländeranteil", mapping) == ALL_MAPPED
    assert remove_mapping(mapping, "Ausländeranteil") == empty


def test_mapping_is_stored_and_read_back(tmp_path, astadt, bdorf):
    path = mapping_path(tmp_path)
    assert path == tmp_path / "indicator_mapping.json"
    assert load_mapping(path) == IndicatorMapping()  # no file yet
    mapping = add_mapping(IndicatorMapping(), "Ausländeranteil", {**ALL_MAPPED, "cstadt": ""})
    save_mapping(path, mapping)
    again = load_mapping(path)
    assert again.groups[0].label == "Ausländeranteil"
    assert dict(again.groups[0].members) == ALL_MAPPED  # the empty choice is not stored
    assert [p.name for p in tmp_path.iterdir()] == ["indicator_mapping.json"]  # no temporary file left
    replaced = add_mapping(again, "Ausländeranteil", {"astadt": "foreigners", "bdorf": "foreigners"})
    assert len(replaced.groups) == 1 and replaced.groups[0].members["astadt"] == "foreigners"


@pytest.mark.parametrize(
    ("label", "members", "message"),
    [
        ("", ALL_MAPPED, "Bitte einen Namen"),
        ("Anteil", {"astadt": "foreign_share", "bdorf": ""}, "mindestens zwei Datensätze"),
    ],
)
def test_mapping_refuses_bad_input(label, members, message):
    with pytest.raises(ValueError, match=message):
        add_mapping(IndicatorMapping(), label, members)


def test_broken_mapping_file_says_so(tmp_path):
    path = mapping_path(tmp_path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="beschädigt"):
        load_mapping(path)


def test_dataset_without_the_indicator_is_listed_not_dropped(astadt, bdorf):
    cdorf = make_member("cdorf", "Cdorf", ["c1", "c2"], [1, 2], [10, 10], share="anteil-nichtdeutsch", year=2016)
    view = build_network_view([astadt, bdorf, cdorf], "foreign_share", IndicatorMapping())
    assert [(m.label, m.status) for m in view.members] == [("Astadt", OK), ("Bdorf", MISSING), ("Cdorf", MISSING)]
    assert [m.label for m in view.missing] == ["Bdorf", "Cdorf"]
    assert sorted(view.areas["member"].unique()) == ["astadt"]
    assert [view.shows(m) for m in ("astadt", "bdorf", "cdorf")] == [True, False, False]
    assert view.years is None  # only the datasets that have the indicator count


def test_share_without_counts_has_no_city_value_but_percentiles(astadt):
    given = make_member("edorf", "Edorf", ["e1", "e2"], [1, 3], [10, 10], share_kind="value")
    lq = build_network_view([astadt, given], "foreign_share", IndicatorMapping(), measure="lq")
    assert [m.status for m in lq.members] == [OK, NO_CITY_VALUE]
    assert lq.areas.loc[lq.areas["member"] == "edorf", "lq"].isna().all()  # listed (for the XLSX), without LQ
    assert not lq.shows("edorf")
    pct = build_network_view([astadt, given], "foreign_share", IndicatorMapping(), measure="percentile")
    assert pct.areas.set_index("area_id").loc[["e1", "e2"], "percentile"].tolist() == [25.0, 75.0]
    assert pct.shows("edorf")
    assert pct.bins == (20.0, 40.0, 60.0, 80.0, 87.5)
    with pytest.raises(ValueError, match="Unbekanntes Maß"):
        build_network_view([astadt], "foreign_share", IndicatorMapping(), measure="ratio")


def test_selections_are_marked_on_areas_and_units(astadt, bdorf):
    view = build_network_view([astadt, bdorf], "foreigners", IndicatorMapping(), {"astadt": ["a2", "zz"], "bdorf": []})
    assert view.areas.loc[view.areas["selected"], "area_id"].tolist() == ["a2"]
    assert view.units.loc[view.units["selected"], "unit"].tolist() == ["a2"]
    assert [m.selected for m in view.members] == [1, 0]  # an unknown area id is ignored


def test_common_classes_with_mapclassify():
    classes, bins, counts = common_classes(pd.Series([0.5, 1.0, 2.0, np.nan]), "lq")
    assert classes.tolist() == [0, 2, 4, -1]
    assert bins == (0.67, 0.91, 1.1, 1.5, 2.0) and counts == (1, 0, 1, 0, 1)


# ---------------------------------------------------------------- exports


def _squares(names: list[str]) -> gpd.GeoDataFrame:
    # synthetic test geometry: adjoining squares in UTM 32N
    shapes = [box(410000 + i * 1000, 5475000, 411000 + i * 1000, 5476000) for i in range(len(names))]
    return gpd.GeoDataFrame({"key": names, "name": names, "unit": names}, geometry=shapes, crs=25832).to_crs(4326)


@pytest.fixture
def two_city_view(astadt, bdorf):
    # an area name that a spreadsheet would run as a formula
    hostile = make_member("astadt", "=Astadt", ["a1", "a2"], [10, 30], [100, 100])
    hostile.dataset.areas.loc["a1", "name"] = "=HYPERLINK(\"x\")"
    mapping = add_mapping(IndicatorMapping(), "Ausländeranteil", ALL_MAPPED)
    return build_network_view([hostile, bdorf], "map:Ausländeranteil", mapping, {"bdorf": ["b3"]})


def test_xlsx_has_a_summary_and_one_sheet_per_municipality(two_city_view):
    from openpyxl import load_workbook

    from exports.network import network_xlsx

    book = load_workbook(io.BytesIO(network_xlsx(two_city_view, "Netzwerk: Ausländeranteil")))
    assert book.sheetnames == ["Übersicht", "=Astadt", "Bdorf"]
    summary = book["Übersicht"]
    assert summary["A1"].value == "Netzwerk: Ausländeranteil"
    assert summary["B2"].value == "Standortquotient (Gebiet ÷ eigene Stadt)"
    assert summary["B3"].value.startswith("Achtung: Die Jahre der Datensätze liegen 2020–2023 auseinander")
    header = [c.value for c in summary[5]]
    assert header[:4] == ["Kommune", "Indikator", "Jahr", "Stadtwert"]
    first, second = ([c.value for c in summary[r]] for r in (6, 7))
    assert first[0] == "=Astadt"  # as typed, written as text: no formula, no apostrophe in the data
    assert (summary["A6"].data_type, summary["A6"].quotePrefix) == ("s", True)
    assert (first[2], first[3], second[2], second[3]) == (2023, 20.0, 2020, 12.0)
    assert header[8:10] == ["Quelle", "Stand"]
    assert (first[8], first[9]) == ("Statistikstelle =Astadt", "2023-12-31")
    assert (second[8], second[9], second[10]) == ("Statistikstelle Bdorf", "2020-12-31", "dl-de/by-2-0")
    sheet = book["Bdorf"]
    assert "Quelle: Statistikstelle Bdorf; Stand: 2020-12-31" in sheet["A2"].value
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0] == ["Gebietsschlüssel", "Gebiet", "anteil-auslaender [%]", "Standortquotient", "Perzentil",
                       "Kandidatenauswahl"]
    assert rows[1][:5] == ["b1", "b1", 5.0, round(5 / 12, 3), round(100 / 6, 1)]
    assert rows[3][5] == "ja" and rows[1][5] in ("", None)
    hostile_rows = [[c.value for c in row] for row in book["=Astadt"].iter_rows(min_row=5)]
    assert hostile_rows[0][1] == "=HYPERLINK(\"x\")"
    assert all(c.data_type != "f" for row in book["=Astadt"].iter_rows() for c in row)


def test_slide_png_and_pdf_page(two_city_view):
    from PIL import Image
    from pypdf import PdfReader

    from exports.network import network_map_png, slide_png, network_pdf

    frames = {"astadt": _squares(["a1", "a2"]), "bdorf": _squares(["b1", "b2", "b3"])}
    image = Image.open(io.BytesIO(slide_png(two_city_view, frames, "Netzwerk")))
    assert image.size == (1920, 1080)
    assert len(image.convert("RGB").getcolors(1_000_000)) > 50  # drawn, not blank
    tile = Image.open(io.BytesIO(network_map_png(two_city_view, "bdorf", frames["bdorf"]))).convert("RGB")
    assert (230, 97, 1) in {c for _, c in tile.getcolors(1_000_000)}  # Bdorf's highest class (LQ 1.67) is drawn
    reader = PdfReader(io.BytesIO(network_pdf(two_city_view, frames, "Netzwerk")))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Statistikstelle Bdorf" in text and "2020-12-31" in text and "dl-de/by-2-0" in text


def test_candidates_grouped_by_dataset(tmp_path):
    from storage.candidates import selections_by_dataset
    from storage.db import make_engine, migrate
    from storage.selections import save_selection

    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    migrate(engine)
    save_selection(engine, "Kern", ["a1"], "Anna", dataset="astadt")
    save_selection(engine, "Rand", ["a3", "a4"], "Anna", dataset="astadt")
    save_selection(engine, "Dorf", ["b2"], "Ben", dataset="bdorf")
    grouped = selections_by_dataset(engine)
    assert {k: [s.name for s in v] for k, v in grouped.items()} == {"astadt": ["Rand", "Kern"], "bdorf": ["Dorf"]}
    assert grouped["astadt"][0].area_ids == ("a3", "a4")
    engine.dispose()


# ---------------------------------------------------------------- the page


def _import(tmp_path, name: str, share: list[str], column: str = "Anteil Ausländer") -> None:
    """Import a synthetic municipality through the command line, as an officer would."""
    from geo.store.ingest import main

    folder = tmp_path / name
    folder.mkdir()
    boundaries = folder / "b.gpkg"
    _squares(["Nord", "Mitte", "Süd"]).rename(columns={"key": "id"})[["id", "name", "geometry"]].assign(
        id=["1", "2", "3"]
    ).to_file(boundaries)
    table = folder / "t.csv"
    rows = [f"{i};{100 * (i + 1)};{f}" for i, f in zip((1, 2, 3), share)]
    table.write_text(f"id;Einwohner;Ausländer\n" + "\n".join(rows) + "\n", encoding="utf-8")
    args = ["--boundaries", str(boundaries), "--indicators", str(table), "--name", name,
            "--share", f"{column}=Ausländer/Einwohner", "--source", f"Statistik {name}", "--year", "2023"]
    assert main(args) == 0


@pytest.fixture
def page_env(monkeypatch, tmp_path, mirror_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("ANKUNFTSATLAS_DATABASE_URL", raising=False)
    from storage.auth import hash_password

    monkeypatch.setenv("ANKUNFTSATLAS_EDITORS", f"anna={hash_password('geheim', iterations=1000)}")
    return tmp_path


def _open(sign_in: bool = False):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/network.py").run()
    if sign_in:  # the shared mapping is changed by signed-in editors only
        at.text_input(key="sign_in_user").input("anna")
        at.text_input(key="sign_in_password").input("geheim")
        next(b for b in at.get("form_submit_button") if b.label == "Anmelden").click().run()
        assert "Angemeldet als anna" in [c.value for c in at.caption]
    return at


def _mapped_everywhere(page_env, imports: list[str]) -> None:
    """The officer's mapping file: Kaiserslautern's share ≙ the imported "Anteil Ausländer"."""
    from geo.store.catalog import slug

    members = {"kaiserslautern_2016": "foreign_share", **{slug(name): "anteil-auslaender" for name in imports}}
    mapping = IndicatorMapping((MappedIndicator("Ausländeranteil", members),))
    save_mapping(mapping_path(page_env / "userdata"), mapping)


def _strip_rows(at) -> int:
    """Rows of area data in the strip chart (the largest of its Arrow datasets; the other is the reference line)."""
    import pyarrow as pa

    return max(pa.ipc.open_stream(d.data.data).read_all().num_rows for d in at.get("vega_lite_chart")[0].proto.datasets)


IMPORTS = {"Zweistadt": ["30", "60", "120"], "Zwölfstadt": ["10", "20", "90"]}


@pytest.mark.parametrize("imports", [0, 1, 2])
def test_page_with_one_two_and_three_datasets(page_env, imports):
    names = list(IMPORTS)[:imports]
    for name in names:
        _import(page_env, name, IMPORTS[name])
    if imports:
        _mapped_everywhere(page_env, names)
    at = _open()
    assert not at.exception and not at.error
    assert ("Nur ein Datensatz geladen" in " ".join(i.value for i in at.info)) == (imports == 0)
    expected = ["Kaiserslautern 2016 (Statistisches Amt)", *names]
    assert at.selectbox(key="network_indicator").value == ("map:Ausländeranteil" if imports else "foreign_share")
    summary = at.dataframe[0].value
    assert summary["Kommune"].tolist() == expected
    assert summary["Status"].tolist() == ["verglichen"] * (imports + 1)
    assert summary["Stadtwert"].tolist() == ["14,2\u00a0%", "23,3\u00a0%", "13,3\u00a0%"][: imports + 1]
    assert len(at.get("image")) == imports + 1  # one map per municipality
    assert len(at.get("vega_lite_chart")) == 1  # the strip chart ...
    assert _strip_rows(at) == 18 + 3 * imports  # ... with every area of every municipality
    assert bool(at.warning) == bool(imports)  # 2016 against the stated 2023: more than two years apart
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Ergebnis des Rezepts (CSV)", "Folie (PNG)", "PDF-Seite", "Excel (XLSX)"]  # the recipe section's first


def test_page_lists_a_dataset_without_the_indicator(page_env):
    for name, share in IMPORTS.items():
        _import(page_env, name, share)
    at = _open()
    assert "map:" not in " ".join(at.selectbox(key="network_indicator").options)  # nothing mapped yet
    at.selectbox(key="network_indicator").set_value("anteil-auslaender").run()
    assert not at.exception
    assert "Ohne diesen Indikator: Kaiserslautern 2016 (Statistisches Amt)" in [i.value for i in at.info]
    summary = at.dataframe[0].value
    assert summary["Status"].tolist() == ["Indikator fehlt", "verglichen", "verglichen"]
    assert len(at.get("image")) == 3  # its panel stays, saying the indicator is missing
    assert _strip_rows(at) == 6


def test_page_mapping_form_brings_the_shares_together(page_env):
    _import(page_env, "Zweistadt", IMPORTS["Zweistadt"])
    at = _open()
    assert "keinen Indikator mit gleicher Kennung" in " ".join(i.value for i in at.info)
    assert "Zuordnungen ändern nur angemeldete Bearbeiterinnen und Bearbeiter (Anmeldung oben)." in [
        i.value for i in at.info
    ]
    assert [b.label for b in at.get("form_submit_button")] == ["Anmelden"]  # no mapping form before sign-in
    at = _open(sign_in=True)
    at.text_input(key="network_map_label").set_value("Ausländeranteil")
    at.selectbox(key="network_map_kaiserslautern_2016").set_value("foreign_share")
    at.selectbox(key="network_map_zweistadt").set_value("anteil-auslaender")
    next(b for b in at.get("form_submit_button") if b.label == "Zuordnung speichern").click()
    at.run()
    assert not at.exception
    assert at.selectbox(key="network_indicator").options[0] == "Ausländeranteil (2)"
    summary = at.dataframe[0].value
    assert summary["Jahr"].tolist()[0] == 2016
    assert summary["Stadtwert"].tolist() == ["14,2\u00a0%", "23,3\u00a0%"]  # 210 ÷ 900 from the counts
    assert (page_env / "userdata" / "indicator_mapping.json").is_file()


def test_page_mapping_refuses_a_single_dataset(page_env):
    _import(page_env, "Zweistadt", IMPORTS["Zweistadt"])
    at = _open(sign_in=True)
    at.text_input(key="network_map_label").set_value("Nur eins")
    at.selectbox(key="network_map_zweistadt").set_value("anteil-auslaender")
    next(b for b in at.get("form_submit_button") if b.label == "Zuordnung speichern").click()
    at.run()
    assert not at.exception
    assert "mindestens zwei Datensätze" in at.error[0].value
    assert not (page_env / "userdata" / "indicator_mapping.json").exists()


def test_relative_measure_is_finite_for_every_kaiserslautern_area(dataset):
    member = Member("kaiserslautern_2016", "Kaiserslautern", dataset)
    view = build_network_view([member], "foreign_share", IndicatorMapping())
    assert len(view.areas) == 18 and view.areas["lq"].map(math.isfinite).all()
    assert view.members[0].city == pytest.approx(dataset.city["foreign_share"])


def test_public_mode_shows_the_disclosure_controlled_figures_and_no_mapping_form(page_env, monkeypatch, dataset):
    import pyarrow as pa

    monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    monkeypatch.setenv("ANKUNFTSATLAS_MIN_RESIDENTS", "1400")  # hides Mölschbach and Einsiedlerhof
    at = _open()
    assert not at.exception and not at.error
    assert "Öffentliche Ansicht: Zuordnungen können hier nicht geändert werden." in [i.value for i in at.info]
    assert [w for w in at.get("form_submit_button")] == []
    strip = max((pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in at.get("vega_lite_chart")[0].proto.datasets),
                key=len)
    assert len(strip) == 16
    assert {"moelschbach", "einsiedlerhof"}.isdisjoint(set(strip["area_id"]))
    # The public view carries figures at their published decimals (14,2 %), not 14,17 %.
    assert at.dataframe[0].value["Stadtwert"].tolist() == [f"{round(dataset.city['foreign_share'], 1):.1f}\u00a0%".replace(".", ",")]


def test_an_indicator_over_years_matches_by_name_at_each_datasets_newest_year(astadt):
    from dataclasses import replace as copy

    from geo.domain.dataset import assemble

    def yearly(member: Member, years: list[int], shift: float) -> Member:
        """The member's share given for several years (``anteil@year``), as a long-table import makes it."""
        data = member.dataset
        areas, specs = data.areas.copy(), {}
        for year in years:
            key = f"anteil@{year}"
            areas[key] = areas["foreign_share"] + shift * (year - years[0])
            specs[key] = copy(_spec(key, "value", year), label_de=f"Anteil ({year})")
        return Member(member.id, member.label, assemble(areas, specs, data.tiles, data.source))

    early = yearly(astadt, [2014, 2016], 1.0)
    late = yearly(make_member("bdorf", "Bdorf", ["b1", "b2"], [5, 15], [100, 100]), [2021, 2022, 2023], 2.0)
    options = indicator_options([early, late], IndicatorMapping())
    assert options == {"anteil": "Anteil (2)"}  # one option, not one per year
    assert resolve([early, late], "anteil", IndicatorMapping()) == {"astadt": "anteil@2016", "bdorf": "anteil@2023"}
    view = build_network_view([early, late], "anteil", IndicatorMapping(), measure="percentile")
    assert [m.year for m in view.members] == [2016, 2023] and view.years == (2016, 2023)
    assert view.areas.set_index("area_id").loc[["b1", "b2"], "value"].tolist() == [9.0, 19.0]  # 2023: +2 × 2
