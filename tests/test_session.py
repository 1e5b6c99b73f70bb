"""The session's own keys live in one module (ui/shell/session.py): kept values, declared keys, flash messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parent.parent


def _script():
    import streamlit as st

    from ui.shell import session

    if st.button("save", key="save"):
        session.flash("demo", "Gespeichert.")
        session.flash("demo_problem", "Konflikt.", kind="warning")
        session.keep("ds", "berlin")
        session.TILE_CLICKS.set(session.TILE_CLICKS.get() + 1)
        st.rerun()
    session.show_flash("demo")
    session.show_flash("demo_problem")
    st.write(f"ds={session.kept('ds', 'kaiserslautern')} lang={session.lang()} clicks={session.TILE_CLICKS.get()}")


def test_a_flash_shows_once_after_the_rerun_and_kept_values_stay():
    at = AppTest.from_function(_script).run()
    assert [m.value for m in at.markdown] == ["ds=kaiserslautern lang=de clicks=0"]
    at.button(key="save").click().run()
    assert [s.value for s in at.success] == ["Gespeichert."]
    assert [w.value for w in at.warning] == ["Konflikt."]
    assert at.session_state["_kept_ds"] == "berlin"
    assert [m.value for m in at.markdown] == ["ds=berlin lang=de clicks=1"]
    at.run()  # the next run: the messages are gone, the kept values stay
    assert not at.success and not at.warning
    assert [m.value for m in at.markdown] == ["ds=berlin lang=de clicks=1"]


def test_a_flash_of_an_unknown_kind_is_refused():
    from ui.shell import session

    with pytest.raises(ValueError, match="one of success, info, warning, error"):
        session.flash("demo", "x", kind="balloons")


@pytest.mark.parametrize("pattern", [r"[\"']_kept_", r"_flash[\"']\]", r"session_state\[[\"']\w+_flash"])
def test_no_module_spells_a_kept_or_flash_key_by_hand(pattern):
    """Kept values and flash messages go through ui.shell.session; nobody writes their keys by hand."""
    hand_written = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("ui", "pages")
        for path in (REPO / folder).rglob("*.py")
        if path.name != "session.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(pattern, line)
    ]
    assert hand_written == []
