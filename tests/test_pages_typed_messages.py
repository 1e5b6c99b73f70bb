"""Typed errors of the storage reach the selection page in the reader's language only (issue #27).

Saving without a name, a refused save after someone else saved, and publishing without a publishing office:
the page says it in German or in English, never both in one line.
"""

from __future__ import annotations

import pytest

from tests.test_pages_analysis import _save, _signed_in, open_page


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env  # the app in a fresh folder (tests/conftest.py)


def _english(at):
    at.selectbox(key="lang").set_value("en").run()
    return at


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "Bitte einen Namen für die Auswahl angeben."),
    ("en", "Please name the selection."),
])
def test_saving_without_a_name_is_refused_in_one_language(lang, expected):
    at = _signed_in(open_page("pages/selections.py", ["hohenecken"]))
    if lang == "en":
        _english(at)
    at.text_input(key="sel_name").input("")
    at.text_area(key="sel_rationale").input("x")
    at.button(key="sel_save").click().run()
    assert [e.value for e in at.error] == [expected]


def test_a_refused_save_says_what_changed_in_english_only():
    first = open_page("pages/selections.py", ["hohenecken"])
    _save(first, "Gemeinsam", "eins")
    second = _signed_in(open_page("pages/selections.py", []))
    second.button(key="sel_load").click().run()  # B opens version 1
    first.session_state["selected_areas"] = ["hohenecken", "betzenberg"]
    _save(first.run(), "Gemeinsam", "A: zwei")  # A saves version 2
    _english(second)
    second.text_area(key="sel_rationale").input("B: drei").run()
    second.button(key="sel_save").click().run()  # B, still at version 1
    message = second.error[0].value
    assert message.startswith("Not saved: 'Gemeinsam' is now at version 2, saved by anna on ")
    assert message.endswith("(areas added: betzenberg; rationale changed); your change started from version 1. "
                            "Please load the newest version and make your changes there.")
    assert "Nicht gespeichert" not in message and "Gebiete" not in message and " / " not in message
