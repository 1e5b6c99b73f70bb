"""The map page shows the ranking page's 12 status-dynamics classes on request (ui/views/classmap.py)."""

from __future__ import annotations

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.test_pages_statusdynamics import _long_table, status_from_2019


@pytest.fixture(autouse=True)
def environment(app_env, tmp_path):
    _long_table(tmp_path)  # dataset "zeitreihe" (synthetic): ALQ 2019, its change to 2021, residents
    return app_env


def _map(visit_ranking: bool) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    at.query_params["ds"] = "zeitreihe"
    at.run()
    if visit_ranking:
        at.switch_page("pages/ranking.py").run()
        status_from_2019(at)  # the page opens on the newest year
    at.switch_page("pages/map.py").run()
    assert not at.exception
    return at


def _tile_texts(at: AppTest) -> list[str]:
    """The class (or value) text of every tile, from the tile chart's Arrow data."""
    (chart,) = at.get("vega_lite_chart")
    (dataset,) = chart.proto.datasets
    frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
    return sorted(frame["value_text"])


def test_the_class_map_shows_the_ranking_page_classes_with_the_two_dimensional_legend():
    at = _map(visit_ranking=True)
    assert at.toggle(key="map_sdi").value is False
    before = _tile_texts(at)
    at.toggle(key="map_sdi").set_value(True).run()
    assert not at.exception
    legend = next(m.value for m in at.markdown if "aria-label='Legende: Status (Zeilen)" in m.value)
    assert "2+: 1" in legend and "2±: 6" in legend and "2−: 1" in legend and "4±: 1" in legend
    assert "ungültig: 1" in legend
    assert _tile_texts(at) == sorted(["4±", "1±", *["2±"] * 6, "2+", "2−", "ungültig"])
    assert _tile_texts(at) != before
    at.toggle(key="map_sdi").set_value(False).run()
    assert not any("Legende: Status (Zeilen)" in m.value for m in at.markdown)


def test_without_a_classification_the_map_offers_no_class_map():
    at = _map(visit_ranking=False)
    assert "map_sdi" not in [w.key for w in at.get("toggle")]
