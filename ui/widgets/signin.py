"""The one editor sign-in, used by every page that changes data (projects, import, datasets, selections).

The session keeps a signed, expiring token (:mod:`storage.tokens`), checked on
every run. The server, not page script, keeps a copy in an ``HttpOnly;
SameSite=Strict`` cookie (:mod:`ui.shell.webgate`): the page only posts a one-time
code, so no script ever sees the token; the cookie signs the editor in again
after a reload. Failed attempts make the next one wait longer, per session and
per client and name, counted in the database (:mod:`storage.signins`); a
session that has not failed is never held up by others' failures. Never
offered in public mode.
"""

from __future__ import annotations

import json
import secrets
import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from storage.auth import check_credentials
from storage.signins import ThrottlePolicy, client_address, client_key, failed, revoke, session_key, succeeded, wait
from storage.tokens import COOKIE, sign_token, server_secret
from ui.shell import cache
from ui.shell.strings import t
from ui.shell.webgate import SIGNIN_PATH, SIGNOUT_PATH, claims_of, issue_code

__all__ = ["POLICY", "current_editor", "signin_panel"]

POLICY = ThrottlePolicy()
_TOKEN = "_editor_token"
_SIGNED_OUT = "_editor_signed_out"
_COOKIE_ACTION = "_editor_cookie_action"  # the one request the page makes next: set or drop the cookie


def _cookie_token() -> str | None:
    try:
        return st.context.cookies.get(COOKIE)
    except Exception:  # no browser connection (tests, bare mode)
        return None


def _client() -> str:
    try:  # behind the reference proxy every connection comes from loopback: nginx names the visitor
        return client_address(st.context.ip_address, st.context.headers.get("X-Real-IP"))
    except Exception:  # no browser connection (tests)
        return "unknown"


def current_editor() -> str | None:
    """The signed-in editor's name, or ``None`` (always ``None`` in public mode)."""
    if cache.settings().public:
        return None
    claims = claims_of(st.session_state.get(_TOKEN))
    if claims:
        return claims.name
    st.session_state.pop(_TOKEN, None)
    if st.session_state.get(_SIGNED_OUT):
        return None
    token = _cookie_token()
    claims = claims_of(token)
    if claims:
        st.session_state[_TOKEN] = token
    return claims.name if claims else None


def _cookie_script(action: tuple[str, str] | None) -> str:
    """The page's one request to the server: exchange a one-time code for the cookie, or drop it."""
    if action is None:
        return "<span></span>"
    path, body = action
    return (
        f"<script>fetch({json.dumps(path)}, {{method: 'POST', body: {json.dumps(body)}, "
        "credentials: 'same-origin', cache: 'no-store'});</script>"
    )


def _attempt(name: str, password: str, lang: str) -> None:
    now, engine = time.time(), cache.engine()
    own = session_key(st.session_state.setdefault("_signin_session", secrets.token_hex(8)))
    shared = client_key(_client(), name)
    try:
        delay = wait(engine, POLICY, own, shared, now)
    except SQLAlchemyError:
        st.error(t("db_error", lang))
        return
    if delay > 0:
        st.error(t("signin_wait", lang, seconds=int(delay) + 1))
        return
    editors = cache.editors()
    signed_in = check_credentials(editors, name, password)
    try:
        if signed_in is None:
            failed(engine, POLICY, (own, shared), now)
        else:
            succeeded(engine, (own, shared))
    except SQLAlchemyError:
        st.error(t("db_error", lang))
        return
    if signed_in is None:
        st.error(t("proj_sign_in_failed", lang))
        return
    token = sign_token(signed_in, editors[signed_in], server_secret())
    st.session_state[_TOKEN] = token
    st.session_state[_COOKIE_ACTION] = (SIGNIN_PATH, issue_code(token))
    st.session_state.pop(_SIGNED_OUT, None)
    st.rerun()


def _sign_out() -> None:
    claims = claims_of(st.session_state.pop(_TOKEN, None))
    if claims:  # ended for every server process at once, also the copy in the cookie
        revoke(cache.engine(), claims.nonce, claims.expires, time.time())
    st.session_state[_SIGNED_OUT] = True
    st.session_state[_COOKIE_ACTION] = (SIGNOUT_PATH, "")


def signin_panel(lang: str, expanded: bool = False) -> str | None:
    """Signed in: who, and a sign-out button. Else: the sign-in form. Returns the editor's name."""
    if cache.settings().public:
        return None
    editor = current_editor()
    # Always one element in the same place, so that what follows (the map) is not re-mounted when the
    # sign-in changes; it holds a script only on the run right after signing in or out.
    st.html(_cookie_script(st.session_state.pop(_COOKIE_ACTION, None)), unsafe_allow_javascript=True)
    if editor:
        cols = st.columns([4, 1])
        cols[0].caption(t("proj_signed_in", lang, name=editor))
        if cols[1].button(t("proj_sign_out", lang), key="sign_out"):
            _sign_out()
            st.rerun()
        return editor
    with st.expander(t("proj_sign_in", lang), expanded=expanded):
        with st.form("sign_in"):
            user = st.text_input(t("proj_user", lang), key="sign_in_user")
            password = st.text_input(t("proj_password", lang), type="password", key="sign_in_password")
            if st.form_submit_button(t("proj_sign_in_button", lang)):
                _attempt(user, password, lang)
        if not cache.editors():
            st.caption(t("proj_no_editors", lang))
    return None
