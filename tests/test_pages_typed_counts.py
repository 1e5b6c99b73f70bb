"""Whole numbers typed the reader's way on the ranking page ("Top k", "Anzahl Typen"): walk finding.

The browser's number fields made "1,5" 15 and "1.234,5" 1 without a word; the fields are now texts
read by geo.numbers (ui/widgets/numeric.py, ``whole=True``): a fraction or a number out of range is
refused with a message and the last number stays in force.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env  # the app in a fresh folder (tests/conftest.py): Kaiserslautern, 18 areas


def _ranking(lang: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    return at


def _top_k_used(at: AppTest) -> int:
    """The k of the stability column ("in Top 5 (Anteil der Gewichtungen)") the table was computed for."""
    table = at.dataframe[1].value
    (column,) = [c for c in table.columns if c.startswith(("in Top ", "in top "))]
    return int(column.split()[2])


def _types_used(at: AppTest) -> int:
    profile = next(d.value for d in at.dataframe if any(str(i).startswith(("Typ ", "Type ")) for i in d.value.index))
    return len(profile)


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        ("de", "1,5", "„1,5“ ist keine ganze Zahl (Beispiel: „3“). Es gilt weiter 5."),
        ("de", "1.234,5", "Bitte eine Zahl von 1 bis 17 eingeben. Es gilt weiter 5."),
        ("de", "abc", "„abc“ ist keine Zahl"),
        ("en", "1.5", "'1.5' is not a whole number (example: '3'). 5 stays in force."),
        ("en", "1,5", "'1,5' is not a number in English format – did you mean '1.5'? 5 stays in force."),
    ],
)
def test_top_k_typed_the_readers_way(lang, typed, message):
    at = _ranking(lang)
    assert at.text_input(key="ranking_top_k").value == "3" and _top_k_used(at) == 3
    at.text_input(key="ranking_top_k").input("5").run()
    assert not at.error and _top_k_used(at) == 5
    at.text_input(key="ranking_top_k").input(typed).run()
    assert not at.exception
    assert any(message in e for e in _errors(at)), _errors(at)
    assert _top_k_used(at) == 5  # the last number, not 15, 1 or 1234
    if lang == "en":
        assert not any("ungültig" in e or "Zahl" in e for e in _errors(at))


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        ("de", "1,5", "Bitte eine Zahl von 2 bis 7 eingeben. Es gilt weiter 4."),
        ("de", "2,5", "„2,5“ ist keine ganze Zahl (Beispiel: „3“). Es gilt weiter 4."),
        ("de", "1.234,5", "Bitte eine Zahl von 2 bis 7 eingeben. Es gilt weiter 4."),
        ("de", "abc", "„abc“ ist keine Zahl"),
        ("en", "2.5", "'2.5' is not a whole number (example: '3'). 4 stays in force."),
        ("en", "1.5", "Please enter a number from 2 to 7. 4 stays in force."),
    ],
)
def test_number_of_types_typed_the_readers_way(lang, typed, message):
    at = _ranking(lang)
    assert at.text_input(key="types_count").value == "3" and _types_used(at) == 3
    at.text_input(key="types_count").input("4").run()
    assert not at.error and _types_used(at) == 4
    at.text_input(key="types_count").input(typed).run()
    assert not at.exception
    assert any(message in e for e in _errors(at)), _errors(at)
    assert _types_used(at) == 4
