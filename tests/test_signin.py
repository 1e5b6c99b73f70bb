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
        from ui.widgets import signin

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


def test_repeated_failures_make_the_session_wait_but_never_lock_the_editor_out(monkeypatch):
    from storage.signins import ThrottlePolicy
    from ui.widgets import signin

    monkeypatch.setattr(signin, "POLICY", ThrottlePolicy(base=60.0))  # a wait longer than the test takes
    at = page()
    for _ in range(3):
        sign_in(at, "falsch")
        assert at.error[0].value == "Name oder Passwort falsch."
    sign_in(at, "geheim")
    assert at.error[0].value == "Zu viele Fehlversuche. Bitte in 60 Sekunden erneut versuchen."
    assert not signed_in(at)
    # The editor in a session that has not failed signs in at once: failures never lock a name.
    assert signed_in(sign_in(page(), "geheim"))


def test_unknown_name_gets_the_same_answer():
    at = sign_in(page(), "geheim", name="mallory")
    assert at.error[0].value == "Name oder Passwort falsch."


def test_the_page_gets_a_one_time_code_never_the_token_and_the_cookie_signs_in_again(monkeypatch):
    first = sign_in(page())
    assert signed_in(first)
    token = first.session_state["_editor_token"]
    bodies = [h.proto.body for h in first.get("html")]
    assert not any(token in body for body in bodies)  # no page script sees the token
    (script,) = [b for b in bodies if "/auth/signin-cookie" in b]
    assert "document.cookie" not in script
    reloaded = page(token, monkeypatch)  # a new session whose browser sends the (HttpOnly) cookie
    assert signed_in(reloaded)
    assert "proj_name" in {w.key for w in reloaded.text_input}


def test_expired_forged_and_signed_out_tokens_are_refused(monkeypatch):
    import itsdangerous.timed

    from storage.tokens import TTL, server_secret, sign_token
    from ui.shell.cache import editors

    stored = editors()["anna"]
    real = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() - TTL - 10)
    expired = sign_token("anna", stored, server_secret())
    monkeypatch.setattr(itsdangerous.timed.time, "time", real)
    assert not signed_in(page(expired, monkeypatch))
    forged = sign_token("anna", stored, b"another server")
    assert not signed_in(page(forged, monkeypatch))

    first = sign_in(page())
    token = first.session_state["_editor_token"]
    first.button(key="sign_out").click().run()
    assert not signed_in(first)
    assert any("/auth/signout-cookie" in h.proto.body for h in first.get("html"))  # the server drops the cookie
    assert not signed_in(page(token, monkeypatch))  # and the old token is ended in the database
