"""Messages that carry a selection's name render it as text: no Markdown, maths or links from users."""

from __future__ import annotations

import pytest

from tests.test_pages_analysis import _save, open_page
from ui.shell.markdown import md_escape
from ui.shell.strings import t

pytestmark = pytest.mark.usefixtures("app_env")  # a fresh folder with the editor anna (tests/conftest.py)

PLANTED = "$\\frac{1}{0}$ ![b](http://127.0.0.1:9/a.png) **fett**"


def test_saved_message_shows_a_planted_name_as_typed():
    at = _save(open_page("pages/selections.py", ["hohenecken"]), PLANTED, "Begründung")
    assert not at.exception
    shown = at.success[0].value
    assert shown == t("sel_saved", "de", name=md_escape(PLANTED), version=1)
    assert "\\$\\\\frac" in shown and "\\!\\[b\\]" in shown and "\\*\\*fett\\*\\*" in shown
