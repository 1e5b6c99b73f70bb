"""AppTest for the shared sign-in: growing wait, reload through the cookie token, sign-out ends the token."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import REPO

SIGN_IN = "FormSubmitter:sign_in-Anmelden"


@pytest.fixture(autouse=True)
def environment(app_env):
    return app_env  # the app in a fresh folder (tests/conftest.py)


def page(cookie: str | None = None, monkeypatch=None) -> AppTest:
    if monkeypatch is not None:
        from ui import signin

        monkeypatch.setattr(signin, "_cookie_token", lambda: cookie)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    return at.switch_page("pages/projects.py").run()


def sign_in(at: AppTest, password: str = "geheim", name: str = "anna") -> AppTest:
    at.text_input(key="sign_in_user").input(name)
    at.text_input(key="sign_in_password").input(password)
    return at.button(key=SIGN_IN).click().run()


def signed_in(at: AppTest) -> bool:
    return any(c.value == "Angemeldet als anna" for c in at.caption)


def test_repeated_failures_make_the_next_attempt_wait_even_with_the_right_password():
    from ui import cache

    cache.signin_throttle().base = 60.0  # the shared throttle; a wait longer than the test takes
    at = page()
    for _ in range(3):
        sign_in(at, "falsch")
        assert at.error[0].value == "Name oder Passwort falsch."
    sign_in(at, "geheim")
    assert "Zu viele Fehlversuche. Bitte in" in at.error[0].value
    assert not signed_in(at)
    # A fresh session trying the same name waits too (counted per name, not only per session).
    other = sign_in(page(), "geheim")
    assert "Zu viele Fehlversuche" in other.error[0].value


def test_unknown_name_gets_the_same_answer():
    at = sign_in(page(), "geheim", name="mallory")
    assert at.error[0].value == "Name oder Passwort falsch."


def test_the_session_token_signs_in_again_after_a_reload(monkeypatch):
    first = sign_in(page())
    assert signed_in(first)
    token = first.session_state["_editor_token"]
    assert any("document.cookie" in h.proto.body and token in h.proto.body for h in first.get("html"))
    reloaded = page(token, monkeypatch)  # a new session whose browser sends the cookie
    assert signed_in(reloaded)
    assert "proj_name" in {w.key for w in reloaded.text_input}


def test_expired_forged_and_signed_out_tokens_are_refused(monkeypatch):
    from storage.tokens import TTL, server_secret, sign_token
    from ui.cache import editors

    stored = editors()["anna"]
    expired = sign_token("anna", stored, server_secret(), now=time.time() - TTL - 10)
    assert not signed_in(page(expired, monkeypatch))
    forged = sign_token("anna", stored, b"another server", now=time.time())
    assert not signed_in(page(forged, monkeypatch))

    first = sign_in(page())
    token = first.session_state["_editor_token"]
    first.button(key="sign_out").click().run()
    assert not signed_in(first)
    assert any("max-age=0" in h.proto.body for h in first.get("html"))  # the browser drops the cookie
    assert not signed_in(page(token, monkeypatch))  # and the old token is ended on the server
