"""Number fields in the reader's format (ui/widgets/numeric.py), driven through AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from ui.widgets.numeric import number_input

    lang = st.session_state.get("lang", "de")
    value = number_input("Mindesteinwohner", "minimum", 300.0, lang, min_value=0.0, max_value=10000.0)
    st.session_state["read"] = value


def _run(lang: str = "de") -> AppTest:
    at = AppTest.from_function(_app, default_timeout=30)
    at.session_state["lang"] = lang
    return at.run()


def test_default_is_shown_in_the_readers_format():
    at = _run()
    assert at.text_input(key="minimum").value == "300"
    assert at.session_state["read"] == 300.0


@pytest.mark.parametrize(
    ("lang", "typed", "read"),
    [("de", "1,5", 1.5), ("de", "2.500", 2500.0), ("de", "2.500,5", 2500.5), ("en", "2,500.5", 2500.5), ("en", "0.5", 0.5)],
)
def test_typed_numbers_are_read_in_the_readers_format(lang, typed, read):
    at = _run(lang)
    at.text_input(key="minimum").input(typed).run()
    assert not at.error
    assert at.session_state["read"] == read


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "„abc“ ist keine Zahl"),
        ("1.5", "meinten Sie „1,5“?"),
        ("-1", "Bitte eine Zahl von 0 bis 10000 eingeben."),
        ("", "Bitte eine Zahl eingeben."),
    ],
)
def test_unreadable_input_keeps_the_last_value_with_a_message(typed, message):
    at = _run()
    at.text_input(key="minimum").input("450").run()
    at.text_input(key="minimum").input(typed).run()
    assert not at.exception
    assert message in at.error[0].value
    assert "Es gilt weiter 450." in at.error[0].value
    assert at.session_state["read"] == 450.0


def test_language_switch_rewrites_the_field():
    at = _run()
    at.text_input(key="minimum").input("12,5").run()
    at.session_state["lang"] = "en"
    at.run()
    assert at.text_input(key="minimum").value == "12.5"
    assert not at.error


def _whole_app():
    import streamlit as st

    from ui.widgets.numeric import number_input

    lang = st.session_state.get("lang", "de")
    st.session_state["read"] = number_input("Seite", "page", 1, lang, min_value=1, max_value=20, whole=True)


@pytest.mark.parametrize(
    ("lang", "typed", "read", "message"),
    [
        ("de", "3", 3, None),
        ("de", "1,5", 2, "„1,5“ ist keine ganze Zahl (Beispiel: „3“). Es gilt weiter 2."),
        ("de", "1.234,5", 2, "Bitte eine Zahl von 1 bis 20 eingeben. Es gilt weiter 2."),
        ("de", "abc", 2, "„abc“ ist keine Zahl"),
        ("en", "1.5", 2, "'1.5' is not a whole number (example: '3'). 2 stays in force."),
        ("en", "12", 12, None),
    ],
)
def test_a_whole_number_field_refuses_fractions_and_keeps_the_last_number(lang, typed, read, message):
    at = AppTest.from_function(_whole_app, default_timeout=30)
    at.session_state["lang"] = lang
    at.run()
    at.text_input(key="page").input("2").run()
    assert at.session_state["read"] == 2 and isinstance(at.session_state["read"], int)
    at.text_input(key="page").input(typed).run()
    assert not at.exception
    assert at.session_state["read"] == read and isinstance(at.session_state["read"], int)
    assert [e.value for e in at.error] == ([] if message is None else [e.value for e in at.error if message in e.value])
    assert bool(at.error) is (message is not None)


def test_a_kept_number_beyond_a_new_maximum_becomes_the_maximum():
    # another dataset (fewer areas, fewer pages): the number kept for the old one is brought into range
    at = AppTest.from_function(_whole_app, default_timeout=30)
    at.session_state["_number_page"] = 99.0
    at.run()
    assert not at.error and at.session_state["read"] == 20 and at.text_input(key="page").value == "20"
