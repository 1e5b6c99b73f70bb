"""The one editor sign-in, used by every page that changes data (projects, import, datasets).

The session keeps a signed, expiring token (:mod:`storage.tokens`), checked on
every run; a copy in a cookie (``SameSite=Strict``) signs the editor in again
after a page reload. Failed attempts make the next one wait longer, per name
and per session (:class:`storage.auth.Throttle`). Never offered in public mode.
"""

from __future__ import annotations

import re
import secrets
import time

import streamlit as st

from storage.auth import check_credentials
from storage.tokens import COOKIE, TTL, is_revoked, read_token, revoke, server_secret, sign_token
from ui import cache
from ui.strings import t

__all__ = ["current_editor", "signin_panel"]

_TOKEN = "_editor_token"
_SIGNED_OUT = "_editor_signed_out"


def _cookie_token() -> str | None:
    try:
        return st.context.cookies.get(COOKIE)
    except Exception:  # no browser connection (tests, bare mode)
        return None


def _valid(token: str | None) -> str | None:
    """The editor's name for a genuine, unexpired token that was not ended by signing out."""
    now = time.time()
    name = read_token(token, cache.editors(), server_secret(), now) if token else None
    return None if name is None or is_revoked(token, now) else name


def current_editor() -> str | None:
    """The signed-in editor's name, or ``None`` (always ``None`` in public mode)."""
    if cache.settings().public:
        return None
    name = _valid(st.session_state.get(_TOKEN))
    if name:
        return name
    st.session_state.pop(_TOKEN, None)
    if st.session_state.get(_SIGNED_OUT):
        return None
    token = _cookie_token()
    name = _valid(token)
    if name:
        st.session_state[_TOKEN] = token
    return name


def _cookie_js(token: str | None) -> str:
    if token is None:
        value, age = "", 0
    else:
        if not re.fullmatch(r"[A-Za-z0-9_.\-]+", token):  # never anything that could leave the string
            raise ValueError("unexpected token characters")
        value, age = token, TTL
    return (
        f"<script>document.cookie = '{COOKIE}={value}; path=/; max-age={age}; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>"
    )


def _keys(name: str) -> list[str]:
    session = st.session_state.setdefault("_signin_session", secrets.token_hex(8))
    return [f"name:{name.strip().casefold()}", f"session:{session}"]


def _attempt(name: str, password: str, lang: str) -> None:
    throttle, now = cache.signin_throttle(), time.time()
    wait = throttle.wait(_keys(name), now)
    if wait > 0:
        st.error(t("signin_wait", lang, seconds=int(wait) + 1))
        return
    editors = cache.editors()
    signed_in = check_credentials(editors, name, password)
    if signed_in is None:
        throttle.failed(_keys(name), now)
        st.error(t("proj_sign_in_failed", lang))
        return
    throttle.succeeded(_keys(name))
    token = sign_token(signed_in, editors[signed_in], server_secret(), now)
    st.session_state[_TOKEN] = token
    st.session_state.pop(_SIGNED_OUT, None)
    st.rerun()


def _sign_out() -> None:
    token = st.session_state.pop(_TOKEN, None)
    if token:  # ended for every server process (its cookie copy may still be sent until the browser drops it)
        revoke(token, time.time())
    st.session_state[_SIGNED_OUT] = True


def signin_panel(lang: str, expanded: bool = False) -> str | None:
    """Signed in: who, and a sign-out button. Else: the sign-in form. Returns the editor's name."""
    if cache.settings().public:
        return None
    editor = current_editor()
    # The cookie follows the session: set while signed in, dropped otherwise. Always one element in
    # the same place, so that what follows (the map) is not re-mounted when the sign-in changes.
    st.html(_cookie_js(st.session_state.get(_TOKEN) if editor else None), unsafe_allow_javascript=True)
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
