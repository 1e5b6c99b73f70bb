"""The coarser districts as the dataset's declared parent level (issue #21), through the pages:

* a long table with the city total and coarser districts (tests/cityshapes.py, SYNTHETIC: invented names and
  numbers): the import review names them ("die Gesamtstadt … und 9 Stadtbezirke"), offers them as the parent
  level (named from the data: "Stadtbezirk") or a sum check; saved as the parent level, the data page heads
  its column "Stadtbezirk" and the comparison adds the selected areas' Stadtbezirke;
* Kaiserslautern (the default dataset): the Ortsbezirk column and row; the project indicators ranked among the
  nine areas with a boundary of their own, and saying so;
* Berlin (real files, read from /work/shared/data/berlin at run time): no parent level, and no page says
  "Stadtteil" or "Ortsbezirk".
"""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from geo.store.catalog import list_datasets, load_dataset_folder
from geo.store.ingest import main
from geo.store.pipeline import datasets_root
from tests.cityshapes import long_with_aggregates, stadtteile_geojson
from tests.conftest import BERLIN_DIR, REPO
from tests.realistic import area_name
from tests.test_pages_import_heuristics import import_page, imported_only

NB = "\u00a0"


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path, app_env):
    import tempfile

    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))


def open_page(page: str, ds: str | None = None, selection: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    if ds:
        at.query_params["ds"] = ds
    at.run()
    if selection is not None:
        at.session_state["selected_areas"] = selection
    return at.switch_page(page).run()


def _texts(at: AppTest) -> str:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    texts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    for kind in ("table", "dataframe"):
        for e in getattr(at, kind):
            texts += [str(c) for c in e.value.columns] + [str(i) for i in e.value.index]
            texts += [str(v) for v in e.value.astype(str).to_numpy().ravel()]
    return "\n".join(texts)


def test_district_rows_offered_as_the_parent_level_and_used_on_the_data_and_compare_pages(tmp_path):
    at = import_page(stadtteile_geojson(tmp_path), long_with_aggregates(tmp_path))
    at.selectbox(key="upload_key_field").select("nummer").run()
    assert not at.exception and not at.error
    assert at.radio(key="upload_districts_use").value == "parent"  # offered first
    assert at.text_input(key="upload_parent_level").value == "Stadtbezirk"  # from the rows' names
    assert any(f"9 Stadtbezirke, z. B. {area_name(41)}, {area_name(42)}" in c.value for c in at.caption)
    at.text_input(key="upload_municipality").input("Musterstadt").run()
    at.button(key="upload_confirm").click().run()
    assert not at.exception and not at.error
    (info,) = imported_only(list_datasets(datasets_root()))
    assert info.provenance["parent_level"]["one_de"] == "Stadtbezirk"
    dataset, _ = load_dataset_folder(info)
    first, second = dataset.areas.index[:2]  # 011 and 012: both in district 001
    assert dataset.parent_of(first) == dataset.parent_of(second) == area_name(41)

    at = open_page("pages/data.py", ds=info.id)
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["Gebiet", "Stadtbezirk", "Schreibweise im Original"]
    assert table["Stadtbezirk"].iloc[:18].nunique() == 9 and "Teil von" not in table.columns

    at = open_page("pages/compare.py", ds=info.id, selection=[first, second])
    compared = at.table[0].value
    row = f"{area_name(41)} (Stadtbezirk, gesamt)"
    assert list(compared.index)[-2:] == [row, "Gesamtstadt"]
    column = next(c for c in compared.columns if "2023" in c)  # Einwohner 2023
    residents = int(dataset.areas.loc[[first, second], next(k for k in dataset.specs if k.endswith("2023"))].sum())
    assert compared.loc[row, column] == f"{residents:,}".replace(",", ".")  # both Stadtteile of the district
    assert compared.loc["Auswahl gesamt", column] == compared.loc[row, column]
    assert any("Zeilen „(Stadtbezirk, gesamt)“" in c.value for c in at.caption)


def test_district_rows_kept_a_sum_check_when_the_person_says_so(tmp_path):
    at = import_page(stadtteile_geojson(tmp_path), long_with_aggregates(tmp_path))
    at.selectbox(key="upload_key_field").select("nummer").run()
    at.radio(key="upload_districts_use").set_value("check").run()
    assert "upload_parent_level" not in [t.key for t in at.text_input]
    at.text_input(key="upload_municipality").input("Musterstadt").run()
    at.button(key="upload_confirm").click().run()
    (info,) = imported_only(list_datasets(datasets_root()))
    assert info.provenance["parent_level"] is None
    assert len(info.provenance["aggregates"]) == 10  # still named and sum-checked
    at = open_page("pages/data.py", ds=info.id)
    assert "Stadtbezirk" not in at.dataframe[0].value.columns


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_kaiserslautern_ortsbezirk_column_row_and_project_ranks(monkeypatch, public):
    if public:
        monkeypatch.setenv("ANKUNFTSATLAS_MODE", "public")
    at = open_page("pages/data.py")
    table = at.dataframe[0].value.set_index("Gebiet")
    assert "Teil von" not in table.columns
    assert table.loc["Innenstadt Ost", "Ortsbezirk"] == "Innenstadt"
    assert table.loc["Hohenecken", "Ortsbezirk"] == ""  # an Ortsbezirk of its own
    at = open_page("pages/compare.py", selection=["hohenecken", "innenstadt-ost"])
    captions = [c.value for c in at.caption]
    assert ("Integrationsprojekte (Anzahl), Integrationsprojekte je 1.000 Einwohner: Rang unter 9 Gebieten mit "
            "eigener Grenze (nur dort ist der Wert bestimmt)") in captions
    assert not any("Ausländer" in c and "Rang unter 9" in c for c in captions)
    table = at.table[0].value
    # no projects in a fresh database: all nine areas with a boundary of their own have 0, so no rank is given
    # ("Rang 1/9" for every one of them said nothing; walk finding)
    assert table.loc["Hohenecken", "Integrationsprojekte (Anzahl)"] == f"0{NB}Projekte"
    assert table.loc["Innenstadt Ost", "Integrationsprojekte (Anzahl)"] == "–"  # no boundary of its own: no value
    at = open_page("pages/map.py")
    at.session_state["selected_unit"] = "Innenstadt"
    at.run()
    assert any(c.value.startswith("Besteht aus 9 Stadtteilen: ") for c in at.caption)
    at.session_state["selected_unit"] = "Hohenecken"
    at.run()
    details = at.table[0].value
    # every area 0 projects: no rank ("Rang 1 von 10" said nothing; walk finding)
    assert details.loc["Integrationsprojekte (Anzahl)"].iloc[-1] == (
        f"Gesamtstadt 0{NB}Projekte · alle Gebiete mit demselben Wert (kein Rang)")


def _berlin():
    if not (BERLIN_DIR / "plr.geojson").is_file():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"real Berlin files missing in {BERLIN_DIR}")
        pytest.skip(f"real Berlin files not in {BERLIN_DIR}")
    return BERLIN_DIR


def test_berlin_has_no_parent_level_and_no_kaiserslautern_words():
    folder = _berlin()
    assert main(["--boundaries", str(folder / "plr.geojson"), "--indicators", str(folder / "wide_2020_de.csv"),
                 "--name", "Berlin 2020", "--municipality", "Berlin", "--unit-label", "Planungsräume",
                 "--allow-unmatched"]) == 0
    selection = ["01011101", "01011102"]
    for page in ("pages/map.py", "pages/compare.py", "pages/data.py"):
        at = open_page(page, ds="berlin-2020", selection=selection)
        assert not at.exception, page
        text = _texts(at)
        for word in ("Stadtteil", "Ortsbezirk", "Kernstadt"):
            assert word not in text, (word, page)
    at = open_page("pages/compare.py", ds="berlin-2020", selection=selection)
    assert list(at.table[0].value.index)[-2:] == ["Auswahl gesamt", "Gesamtstadt"]  # no district rows
    at = open_page("pages/data.py", ds="berlin-2020")
    assert list(at.dataframe[0].value.columns[:2]) == ["Gebiet", "Schreibweise im Original"]
