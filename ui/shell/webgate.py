"""The HTTP side of the server (``server.py``): the upload gate and the sign-in cookie routes.

- :class:`UploadGate` refuses Streamlit's upload endpoint (``/_stcore/upload_file/…``)
  before a byte of the body is read: always on the public site (it has no
  uploader), and on the officer site for every request that does not carry a
  valid editor cookie (every uploader is behind the editor sign-in).
- The sign-in token never passes through page script: a signed-in session
  gets a one-time code (:func:`issue_code`), the page posts it to
  ``/auth/signin-cookie``, and the server answers with the token as an
  ``HttpOnly; SameSite=Strict`` cookie (``Secure`` over HTTPS or behind a TLS
  proxy, ``ANKUNFTSATLAS_BEHIND_TLS``). ``/auth/signout-cookie`` revokes the
  cookie's token and drops the cookie.

One-time codes live in this process's memory for a minute: the page's session
and its HTTP request meet in the same server process (Streamlit sessions are
bound to one process). Throttle counters and revoked tokens are in the database.
"""

from __future__ import annotations

import secrets
import threading
import time
from http.cookies import SimpleCookie

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from storage.signins import is_revoked, revoke
from storage.tokens import COOKIE, TTL, TokenClaims, read_token, server_secret
from ui.shell import cache

__all__ = ["SIGNIN_PATH", "SIGNOUT_PATH", "UploadGate", "claims_of", "issue_code", "routes"]

SIGNIN_PATH = "/auth/signin-cookie"
SIGNOUT_PATH = "/auth/signout-cookie"
_UPLOAD = "/_stcore/upload_file"
_CODE_TTL = 60.0
_codes: dict[str, tuple[str, float]] = {}
_codes_lock = threading.Lock()


def claims_of(token: str | None) -> TokenClaims | None:
    """The claims of a genuine, unexpired, not revoked token of a configured editor; else ``None``."""
    if not token:
        return None
    claims = read_token(token, cache.editors(), server_secret())
    if claims is None:
        return None
    try:
        return None if is_revoked(cache.engine(), claims.nonce) else claims
    except SQLAlchemyError:  # revocations cannot be read: trust no token
        return None


def issue_code(token: str) -> str:
    """A one-time code that the page exchanges for the token as an HttpOnly cookie, within a minute."""
    code, now = secrets.token_urlsafe(24), time.monotonic()
    with _codes_lock:
        for stale in [c for c, (_, at) in _codes.items() if now - at > _CODE_TTL]:
            del _codes[stale]
        _codes[code] = (token, now)
    return code


def _redeem(code: str) -> str | None:
    with _codes_lock:
        token, at = _codes.pop(code, (None, 0.0))
    return token if token is not None and time.monotonic() - at <= _CODE_TTL else None


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or cache.settings().behind_tls


def _cookie_header(value: str, max_age: int, secure: bool) -> str:
    return f"{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")


async def _small_body(request: Request, limit: int = 200) -> bytes:
    """At most ``limit`` bytes of the body (a code is 32 characters): a large body is never held in memory."""
    if int(request.headers.get("content-length") or 0) > limit:
        return b""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return b""
    return body


async def _signin_cookie(request: Request) -> Response:
    if cache.settings().public:
        return PlainTextResponse("not here", status_code=404)
    token = _redeem((await _small_body(request)).decode("ascii", "replace").strip())
    if token is None or claims_of(token) is None:
        return PlainTextResponse("unknown or used code", status_code=403)
    response = Response(status_code=204)
    response.headers.append("set-cookie", _cookie_header(token, TTL, _secure(request)))
    response.headers["cache-control"] = "no-store"
    return response


async def _signout_cookie(request: Request) -> Response:
    claims = claims_of(request.cookies.get(COOKIE))
    if claims is not None:
        try:
            revoke(cache.engine(), claims.nonce, claims.expires, time.time())
        except SQLAlchemyError:
            pass  # the session has revoked it already; the cookie is dropped below all the same
    response = Response(status_code=204)
    response.headers.append("set-cookie", _cookie_header("", 0, _secure(request)))
    response.headers["cache-control"] = "no-store"
    return response


def routes() -> list[Route]:
    return [
        Route(SIGNIN_PATH, _signin_cookie, methods=["POST"]),
        Route(SIGNOUT_PATH, _signout_cookie, methods=["POST"]),
    ]


def _cookie_from(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header: no token
                return None
            if COOKIE in jar:
                return jar[COOKIE].value
    return None


class UploadGate:
    """ASGI middleware: Streamlit's upload endpoint only for signed-in editors, never on the public site.

    Refuses with 403 before the body is read, so that a refused upload costs no memory.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _UPLOAD in scope.get("path", "") and scope.get("method") != "OPTIONS":
            if cache.settings().public or claims_of(_cookie_from(scope)) is None:
                response = PlainTextResponse(
                    "Hochladen ist hier nicht möglich. / Uploads are not accepted here.", status_code=403
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
