"""Projects: validation, districts, indicators, storage with audit and lost-update refusal, import/export."""

from __future__ import annotations

import io
import json
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest

from geo.domain.integration_projects import (
    ProjectError,
    assign_units,
    load_themenfelder,
    project_counts,
    projects_to_geojson,
    read_project_table,
    records_frame,
    status,
    validate_project,
    with_projects,
)
from storage.db import make_engine, migrate
from storage.projects import (
    ConflictError,
    ProjectStoreError,
    add_project,
    audit_log,
    delete_project,
    end_project,
    import_projects,
    list_projects,
    update_project,
)
from tests.conftest import DATA_DIR

THEMEN = load_themenfelder(DATA_DIR / "themenfelder.csv")
XSS = "<img src=x onerror=alert(1)>"


def _values(**overrides):
    values = {"name": "Sprachcafé", "provider": "Träger e. V.", "themenfeld": "sprache", "lat": 49.40, "lon": 7.70}
    values.update(overrides)
    return values


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite'}")
    migrate(engine)
    yield engine
    engine.dispose()


def test_five_themenfelder_from_the_integration_concept():
    assert [t.label_de for t in THEMEN.values()] == [
        "Bildung und Arbeit",
        "Sprachförderung",
        "Begegnung, Sicherheit und Antirassismus",
        "Ehrenamt, Partizipation, Beteiligung",
        "Wohnbedarfe und Wohnraumversorgung",
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": " "}, "Der Projektname fehlt"),
        ({"themenfeld": "Sport"}, "Themenfeld „Sport“ unbekannt"),
        ({"lat": 7.7, "lon": 49.4}, "nicht in Deutschland"),
        ({"lat": "abc"}, "„lat“ fehlt oder ist keine Zahl"),
        ({"start_date": "2024-05-01", "end_date": "2023-01-01"}, "Ende liegt vor dem Beginn"),
        ({"end_date": "bald"}, "„bald“ ist kein Datum"),
        ({"url": "javascript:alert(1)"}, "muss mit https:// beginnen"),
    ],
)
def test_validation_names_the_problem(overrides, message):
    with pytest.raises(ProjectError, match=message):
        validate_project(_values(**overrides), THEMEN)


def test_validation_accepts_labels_and_german_dates():
    record = validate_project(_values(themenfeld="Sprachförderung", lat="49,41", end_date="31.12.2025"), THEMEN)
    assert (record.themenfeld, record.lat, record.end_date) == ("sprache", 49.41, date(2025, 12, 31))
    assert status(record, date(2026, 1, 1)) == "ended"
    assert status(record, date(2025, 6, 1)) == "running"


def test_point_in_polygon_and_indicators(dataset, map_geometry):
    hohenecken = map_geometry.frame.set_index("name").loc["Hohenecken"].geometry.representative_point()
    innenstadt = map_geometry.frame.set_index("name").loc["Innenstadt"].geometry.representative_point()
    units = assign_units([(hohenecken.y, hohenecken.x), (innenstadt.y, innenstadt.x), (49.0, 8.5)], map_geometry)
    assert units == ["Hohenecken", "Innenstadt", None]
    counts = project_counts(units, dataset)
    assert (counts["Hohenecken"], counts["Innenstadt"], counts.sum()) == (1, 1, 2)
    enriched = with_projects(dataset, counts, DATA_DIR / "indicators.csv")
    assert enriched.areas.loc["hohenecken", "projects"] == 1
    assert enriched.areas.loc["dansenberg", "projects"] == 0
    assert pd.isna(enriched.areas.loc["betzenberg", "projects"])  # Kernstadt district: no own boundary
    residents = dataset.areas.loc["hohenecken", "residents"]
    assert enriched.units.table.loc["Hohenecken", "projects_per_1000"] == pytest.approx(1 / residents * 1000)
    assert enriched.city["projects"] == 2
    assert "projects_per_1000" in enriched.specs and "projects" not in dataset.specs


def test_storage_audits_every_change_and_refuses_lost_updates(engine):
    stored = add_project(engine, validate_project(_values(name=XSS), THEMEN), "anna")
    assert list_projects(engine)[0].record.name == XSS  # stored as typed
    first = update_project(engine, stored.id, validate_project(_values(provider="A"), THEMEN), stored.version, "anna")
    # Bernd started from the old version and saves later: refused, Anna's change stays.
    with pytest.raises(ConflictError, match="inzwischen von anna geändert"):
        update_project(engine, stored.id, validate_project(_values(provider="B"), THEMEN), stored.version, "bernd")
    assert list_projects(engine)[0].record.provider == "A"
    ended = end_project(engine, first, "anna", date(2026, 1, 31))
    assert ended.record.end_date == date(2026, 1, 31) and ended.version == 3
    with pytest.raises(ConflictError):
        delete_project(engine, stored.id, first.version, "bernd")
    delete_project(engine, stored.id, ended.version, "anna")
    assert list_projects(engine) == []
    assert [(e["user"], e["action"]) for e in reversed(audit_log(engine))] == [
        ("anna", "add"), ("anna", "edit"), ("anna", "end"), ("anna", "delete")
    ]


def test_public_listing_and_read_only_refusal(engine, tmp_path):
    add_project(engine, validate_project(_values(name="offen"), THEMEN), "anna")
    add_project(engine, validate_project(_values(name="intern", public="nein"), THEMEN), "anna")
    assert [p.record.name for p in list_projects(engine, public_only=True)] == ["offen"]
    read_only = make_engine(f"sqlite:///{tmp_path / 'p.sqlite'}", read_only=True)
    with pytest.raises(ProjectStoreError, match="Öffentliche Ansicht"):
        add_project(read_only, validate_project(_values(), THEMEN), "gast")
    assert len(list_projects(engine)) == 2


def test_import_round_trip_csv_cp1252_and_xlsx(engine, map_geometry):
    csv_text = "name;themenfeld;lat;lon;provider;end_date\nBegegnungsstätte Mölschbach;Begegnung, Sicherheit und Antirassismus;49,41;7,79;Träger;31.12.2030\n"
    records = read_project_table(csv_text.encode("cp1252"), "projekte.csv", THEMEN)
    assert records[0].name == "Begegnungsstätte Mölschbach" and records[0].themenfeld == "begegnung"
    assert import_projects(engine, records, "anna", "projekte.csv") == 1
    frame = records_frame(records)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    again = read_project_table(buffer.getvalue(), "export.xlsx", THEMEN)
    assert again == records
    doc = json.loads(projects_to_geojson(records, assign_units([(r.lat, r.lon) for r in records], map_geometry)))
    assert doc["features"][0]["geometry"]["coordinates"] == [7.79, 49.41]
    assert gpd.read_file(io.BytesIO(projects_to_geojson(records, ["X"])))["district"].tolist() == ["X"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "leer.csv", "Die Datei ist leer"),
        (b"name;lat\nA;49\n", "a.csv", "Spalten fehlen: themenfeld, lon"),
        (b"name;themenfeld;lat;lon\nA;sprache;49.4;7.7\nB;sprache;x;7.7\n", "b.csv", "Zeile 3: „lat“ fehlt"),
        (b"PK\x03\x04kaputt", "c.xlsx", "Datei nicht lesbar"),
        (b"%PDF-1.4", "d.pdf", "nur CSV oder XLSX"),
    ],
)
def test_bad_import_files_give_clear_messages_and_change_nothing(engine, content, name, message):
    add_project(engine, validate_project(_values(name="vorher"), THEMEN), "anna")
    with pytest.raises(ProjectError, match=message) as info:
        import_projects(engine, read_project_table(content, name, THEMEN), "anna", name)
    assert name in str(info.value)
    assert [p.record.name for p in list_projects(engine)] == ["vorher"]


def test_markers_escape_database_text_and_use_local_assets():
    from streamlit_folium import _get_feature_group_string

    from geo.maps.leaflet import build_base_map
    from geo.maps.project_markers import project_layer

    record = validate_project(_values(name=XSS, description="<script>alert(2)</script>", url="https://x.example/?a=<b>"), THEMEN)
    layer = project_layer([(1, record, "Hohenecken")], THEMEN, "../../app/static/vendor", today=date(2026, 1, 1))
    base = build_base_map((7.6, 49.3, 7.9, 49.5), "x.geojson", "a", "../../app/static/vendor")
    script = _get_feature_group_string(layer, base)
    assert "<img src=x" not in script and "<script>alert(2)" not in script
    assert "&lt;img src=x onerror=alert(1)&gt;" in script
    assert "#E69F00" in script  # Sprachförderung colour
    assert "$(" not in script and "`" not in script  # no jQuery, no JS template literals with data
    urls = [src for _, src in layer._children[next(iter(layer._children))].default_js]
    assert urls == ["../../app/static/vendor/markercluster/leaflet.markercluster.js"]


def test_backticks_and_template_syntax_in_names_stay_text():
    from streamlit_folium import _get_feature_group_string

    from geo.maps.leaflet import build_base_map
    from geo.maps.project_markers import project_layer

    record = validate_project(_values(name="`${alert(1)}`"), THEMEN)
    script = _get_feature_group_string(
        project_layer([(1, record, None)], THEMEN, "v"), build_base_map((7.6, 49.3, 7.9, 49.5), "x", "a", "v")
    )
    assert '"tooltip": "`${alert(1)}`"' in script  # a JSON string, never evaluated
