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
