"""The screening page's "× Stadtwert" switch converts the typed number and says so (never reinterprets it).

Kaiserslautern's start conditions: share of foreigners ≥ 1,2 × city value (14,17 %), and share among
the under-30s ≥ 18 % (no city value). Numbers are typed the German way ("1,3").
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

NB = "\u00a0"


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env  # the app in a fresh folder (tests/conftest.py)


def _open(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/screening.py").run()
    return at


def _edit(at: AppTest, edited_rows: dict) -> AppTest:
    at.session_state["screening_conditions"] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def _editor(at: AppTest):
    return next(d.value for d in at.dataframe if "threshold" in d.value.columns)


def _hits(at: AppTest) -> list[str]:
    return next(d.value for d in at.dataframe if "Gebiet" in d.value.columns or "Area" in d.value.columns).iloc[:, 0].tolist()


def test_switching_off_converts_the_factor_into_the_same_threshold():
    at = _edit(_open(), {0: {"threshold": "1,3"}})
    assert _hits(at) == ["Innenstadt Südwest"]
    at = _edit(at, {0: {"threshold": "1,3", "relative": False}})
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [
        f"Bedingung 1: „× Stadtwert“ ausgeschaltet – die Schwelle 1,3 × Gesamtstadt ist umgerechnet in 18,42{NB}% "
        f"(Stadtwert 14,2{NB}%). Bitte prüfen."  # the city value as every page shows it; the threshold as in the field
    ]
    assert _editor(at)[["threshold", "relative"]].values.tolist()[0] == ["18,42", False]
    assert _hits(at) == ["Innenstadt Südwest"]  # the same areas: read as 1,3 % every area would be a hit
    assert at.text[0].value.startswith(f"Anteil Ausländerinnen und Ausländer ≥ 18,42{NB}% UND")
    at.run()  # said once
    assert not at.info and _editor(at)["threshold"].tolist()[0] == "18,42"


def test_switching_on_converts_a_typed_percentage_into_a_factor():
    at = _open()
    at = _edit(at, {0: {"relative": False}})  # 1,2 × 14,17 % = 17 %
    assert _editor(at)["threshold"].tolist()[0] == "17"
    at = _edit(at, {0: {"threshold": "18,5"}})  # typed anew as a percentage: taken as typed
    assert not at.info
    assert at.text[0].value.startswith(f"Anteil Ausländerinnen und Ausländer ≥ 18,5{NB}%")
    at = _edit(at, {0: {"threshold": "18,5", "relative": True}})
    assert [i.value for i in at.info] == [
        f"Bedingung 1: „× Stadtwert“ eingeschaltet – die Schwelle 18,5{NB}% ist umgerechnet in 1,31 × Gesamtstadt "
        f"(Stadtwert 14,2{NB}%). Bitte prüfen."  # as typed (never "18,50"), the city value with its published decimal
    ]
    assert _editor(at)[["threshold", "relative"]].values.tolist()[0] == ["1,31", True]
    assert "(= 1,31 × Gesamtstadt)" in at.text[0].value  # not 18,5 × the city value (262 %)
    assert _hits(at) == ["Innenstadt Südwest"]


def test_switching_without_a_city_value_clears_the_number_and_asks_for_it():
    at = _edit(_open(), {1: {"relative": True}})  # the under-30 share has no city value
    assert not at.exception
    message = at.warning[0].value
    assert message.startswith("Bedingung 2: „× Stadtwert“ eingeschaltet – für „Anteil Ausländer an den unter "
                              "30-Jährigen“ gibt es keinen Stadtwert, „18“ lässt sich daher nicht umrechnen.")
    assert "Die Schwelle wurde geleert: bitte neu eingeben." in message
    assert _editor(at)[["threshold", "relative"]].values.tolist()[1] == ["", True]
    assert "4 von 18 Gebieten erfüllen die Bedingungen" in at.markdown[0].value  # condition 1 alone
    assert "unter 30" not in at.text[0].value


def test_the_switch_speaks_english_with_english_numbers():
    at = _edit(_open("en"), {0: {"threshold": "1.3"}})  # each cell edit is a run of its own, as in the browser
    at = _edit(at, {0: {"threshold": "1.3", "relative": False}})
    assert [i.value for i in at.info] == [
        f"Condition 1: '× city value' switched off – the threshold 1.3 × Whole city has been converted to "
        f"18.42{NB}% (city value 14.2{NB}%). Please check."
    ]
    assert _editor(at)["threshold"].tolist()[0] == "18.42"


def test_an_unreadable_number_is_cleared_not_carried_over():
    at = _edit(_open(), {0: {"threshold": "1.3"}})  # English decimal point: refused, 1,2 stays in force
    assert "Es gilt weiter 1,2." in at.error[0].value
    at = _edit(at, {0: {"threshold": "1.3", "relative": False}})
    assert at.warning[0].value.startswith("Bedingung 1: „× Stadtwert“ ausgeschaltet – „1.3“ ist keine lesbare Zahl")
    assert _editor(at)[["threshold", "relative"]].values.tolist()[0] == ["", False]
    assert not any("1,2" in x.value for x in at.text)  # the kept 1,2 is not reused as 1,2 %


def test_on_berlin_the_converted_factor_keeps_the_same_hits(app_env):
    """Real Berlin planning areas (2020 share at the median 19,2 %): the factor has as many decimals as keep the hits."""
    import os

    from geo.store.ingest import main
    from tests.conftest import BERLIN_DIR

    if not (BERLIN_DIR / "long.csv").is_file():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{BERLIN_DIR} fehlt / missing")
        pytest.skip("real Berlin files missing")
    assert main(["--boundaries", str(BERLIN_DIR / "plr.geojson"), "--indicators", str(BERLIN_DIR / "long.csv"),
                 "--indicator", "merkmal", "--year", "jahr", "--value", "anzahl", "--key", "planungsraum",
                 "--share", "Ausländeranteil=Ausländer/Einwohner", "--name", "Berlin LOR", "--municipality", "Berlin",
                 "--unit-label", "Planungsräume", "--allow-unmatched"]) == 0
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params["ds"] = "berlin-lor"
    at.run()
    at.switch_page("pages/screening.py").run()
    before = at.markdown[0].value
    assert before == "**224 von 447 Gebieten erfüllen die Bedingungen**"
    assert _editor(at)["threshold"].tolist() == ["19,2"]
    at = _edit(at, {0: {"relative": True}})
    factor = _editor(at)["threshold"].tolist()[0]
    assert factor == "0,918"  # 19,2 ÷ 20,93: "0,92" would be 19,25 % and lose two areas
    assert at.info[0].value.startswith(f"Bedingung 1: „× Stadtwert“ eingeschaltet – die Schwelle 19,2{NB}% ist "
                                       f"umgerechnet in 0,918 × Gesamtstadt")
    assert at.markdown[0].value == before
