"""The share link carries every view parameter (ui/shell/state.py): a round trip over all of them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from ui.shell.state import VIEW_PARAMS

NB = "\u00a0"

# One non-default value per view parameter, as it stands in a link. A new row in VIEW_PARAMS
# without a row here fails test_every_view_parameter_has_a_sample.
SAMPLE = {
    "ds": "kaiserslautern",
    "indicator": "foreigners",
    "year": "2016",
    "scheme": "manual",
    "k": "4",
    "palette": "PuBu",
    "lang": "en",
    "mode": "present",
    "breaks": "500,1000.5,1500",
    "sel": "betzenberg,hohenecken",
    "layer": "grid",
    "q": "3,7",
    "recipe": "kurtenbach",
}
KEPT = {
    "ds": "kaiserslautern",
    "indicator": "foreigners",
    "year": 2016,
    "scheme": "manual",
    "k": 4,
    "palette": "PuBu",
    "lang": "en",
    "mode": "present",
    "breaks": [500.0, 1000.5, 1500.0],
    "layer": "grid",
    "q": [3, 7],
    "recipe": "kurtenbach",
}
MAP_VIEW = {"lat": "49.44", "lon": "7.77", "z": "13"}


@pytest.fixture(autouse=True)
def with_boundaries(monkeypatch, tmp_path, mirror_dir):
    monkeypatch.setenv("ANKUNFTSATLAS_MIRROR", str(mirror_dir))
    monkeypatch.setenv("ANKUNFTSATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "userdata"))


def _open(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for name, raw in params.items():
        at.query_params[name] = raw
    return at.run()


def _link(at: AppTest) -> dict[str, str]:
    return {name: str(value) for name, value in at.query_params.items()}


# The saved selection a link opens (auswahl, v) needs a saved selection: tests/test_pages_publish.py.
SAVED_SELECTION = {"auswahl", "v"}


def test_every_view_parameter_has_a_sample():
    assert {p.name for p in VIEW_PARAMS} - SAVED_SELECTION == set(SAMPLE)
    assert all(SAMPLE[p.name] != str(p.default) for p in VIEW_PARAMS if p.name not in {"ds", *SAVED_SELECTION})


def test_a_link_with_every_parameter_is_restored_and_written_back_unchanged():
    at = _open({**SAMPLE, **MAP_VIEW})
    assert not at.exception
    assert not at.warning
    for name, expected in KEPT.items():
        assert at.session_state[f"_kept_{name}"] == expected, name
    assert at.session_state["selected_areas"] == ["betzenberg", "hohenecken"]
    assert at.session_state["_initial_view"] == (49.44, 7.77, 13.0)
    # the presentation view draws the manual bounds from the link
    legend = next(m.value for m in at.markdown if "Legend" in m.value)
    assert f"<td>over 1,500 – 1,998{NB}persons</td>" in legend
    assert _link(at) == {**SAMPLE, **MAP_VIEW}


def test_a_view_set_by_the_controls_survives_the_link():
    at = _open({})
    at.selectbox(key="lang").set_value("en").run()
    at.selectbox(key="indicator").set_value("foreigners").run()
    at.selectbox(key="palette").set_value("Purples").run()
    at.slider(key="k").set_value(6).run()
    at.selectbox(key="scheme").set_value("manual").run()
    at.text_input(key="manual_bins").set_value("500; 1,000.5; 1,500").run()
    at.session_state["selected_areas"] = ["hohenecken", "innenstadt-ost"]
    at.run()
    link = _link(at)
    assert link["breaks"] == "500,1000.5,1500"
    assert link["sel"] == "hohenecken,innenstadt-ost"
    again = _open(link)
    assert not again.warning
    for name in ("indicator", "scheme", "k", "palette", "lang", "breaks"):
        assert again.session_state[f"_kept_{name}"] == at.session_state[f"_kept_{name}"], name
    assert again.session_state["selected_areas"] == ["hohenecken", "innenstadt-ost"]
    assert again.text_input(key="manual_bins").value == "500; 1000.5; 1500"
    assert _link(again) == link


@pytest.mark.parametrize("raw", ["12,8", "8,x", "", "nan,3"])
def test_broken_breaks_in_a_link_fall_back_with_a_notice(raw):
    at = _open({"scheme": "manual", "breaks": raw})
    assert not at.exception
    if raw:
        assert any("„breaks“" in w.value for w in at.warning)
    assert at.session_state["_kept_breaks"] == [8.0, 12.0, 16.0]  # the default bounds
    assert at.text_input(key="manual_bins").value == "8; 12; 16"


@pytest.mark.parametrize(
    ("name", "raw", "lang"),
    [("ds", "nope", "en"), ("k", "99", "en"), ("palette", "x", "en"), ("k", "99", "de")],
)
def test_a_bad_link_value_is_told_in_the_language_the_link_asks_for(name, raw, lang):
    # ``lang`` is applied before the notice is worded, wherever it stands in the link (walk finding:
    # "?k=99&lang=en" gave the German notice on an English page)
    at = _open({name: raw, "lang": lang})
    assert not at.exception
    notices = [w.value for w in at.warning if f"{name}" in w.value and raw in w.value]
    if lang == "en":
        assert notices == [f"The link has an invalid or outdated value for '{name}' ({raw}); the default is used."]
    else:
        assert notices == [f"Der Link enthält einen ungültigen oder veralteten Wert für „{name}“ ({raw}); es gilt die "
                           "Voreinstellung."]
    assert not any("ungültig" in w.value for w in at.warning) or lang == "de"
