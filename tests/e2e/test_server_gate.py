"""The server's own defences, against a real server: no uploads on the public site or without the
editor sign-in (refused before the body is read, so memory does not grow), and the sign-in cookie is
set by the server (HttpOnly, SameSite=Strict), survives a reload and is revoked at sign-out."""

from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import EDITOR_PASSWORD, SERVER_PIDS, serve

pytestmark = pytest.mark.e2e

COOKIE = "ankunftsatlas_editor"
REFUSED = "Hochladen ist hier nicht möglich. / Uploads are not accepted here."
MB = 1024 * 1024


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _put(url: str, size: int, cookie: str | None = None) -> tuple[int, str]:
    """PUT a multipart file of ``size`` bytes to the upload endpoint, as a page script could."""
    parts = urllib.parse.urlsplit(url)
    boundary = "atlasboundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.putrequest("PUT", "/_stcore/upload_file/0f6c3f4e-0000-4000-8000-000000000000/file-1")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(head) + size + len(tail)))
    if cookie:
        connection.putheader("Cookie", f"{COOKIE}={cookie}")
    connection.endheaders()
    try:
        connection.send(head)
        chunk = b"x" * MB
        for _ in range(size // MB):
            connection.send(chunk)
        connection.send(tail)
    except OSError:
        pass  # the server answered and closed before taking the whole body: what a refusal should do
    response = connection.getresponse()
    status, body = response.status, response.read().decode("utf-8", "replace")
    connection.close()
    return status, body


def test_the_public_site_refuses_uploads_without_growing(tmp_path_factory, mirror_dir, browser):
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_MODE="public") as url:
        pid = SERVER_PIDS[url]
        before = _rss_mb(pid)
        for _ in range(5):
            assert _put(url, 50 * MB) == (403, REFUSED)
        assert _put(url, 190 * MB) == (403, REFUSED)
        assert _rss_mb(pid) - before < 20  # 440 MB sent, none of it kept


def test_the_officer_site_refuses_uploads_without_a_valid_editor_cookie(app_url):
    assert _put(app_url, MB) == (403, REFUSED)
    assert _put(app_url, MB, cookie="anna.forged.token") == (403, REFUSED)


def _sign_in(page) -> None:
    page.get_by_label("Name", exact=True).fill("anna")
    page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
    with page.expect_response(lambda r: "/auth/signin-cookie" in r.url, timeout=30_000) as answer:
        page.get_by_role("button", name="Anmelden").click()
    assert answer.value.status == 204
    page.get_by_text("Angemeldet als anna").wait_for(timeout=30_000)


def test_the_server_sets_an_http_only_cookie_that_survives_reload_and_sign_out_revokes_it(context, app_url):
    page = context.new_page()
    page.goto(f"{app_url}/import")
    page.get_by_text("nur angemeldete Bearbeiterinnen und Bearbeiter").wait_for(timeout=60_000)
    _sign_in(page)
    cookie = next(c for c in context.cookies() if c["name"] == COOKIE)
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["secure"], cookie["path"]) == (True, "Strict", False, "/")
    assert COOKIE not in page.evaluate("document.cookie")  # no page script can read the token
    # With the cookie the gate lets the request through to Streamlit's own checks (XSRF, live session).
    assert _put(app_url, 1024, cookie=cookie["value"]) == (403, "XSRF token missing or invalid")

    page.reload()  # a new Streamlit session: signed in again from the cookie
    page.get_by_text("Angemeldet als anna").wait_for(timeout=60_000)
    expect(page.get_by_text("Grenzen", exact=True)).to_have_count(1)

    with page.expect_response(lambda r: "/auth/signout-cookie" in r.url, timeout=30_000) as answer:
        page.get_by_role("button", name="Abmelden").click()
    assert answer.value.status == 204
    assert COOKIE not in {c["name"] for c in context.cookies()}
    assert _put(app_url, 1024, cookie=cookie["value"]) == (403, REFUSED)  # the old token is revoked
    page.reload()
    page.get_by_text("nur angemeldete Bearbeiterinnen und Bearbeiter").wait_for(timeout=60_000)
    expect(page.get_by_text("Angemeldet als anna")).to_have_count(0)


def test_the_cookie_is_secure_behind_a_tls_proxy(tmp_path_factory, mirror_dir, browser):
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_BEHIND_TLS="1") as url:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
        page = context.new_page()
        page.goto(f"{url}/import")
        page.get_by_text("nur angemeldete Bearbeiterinnen und Bearbeiter").wait_for(timeout=60_000)
        page.get_by_label("Name", exact=True).fill("anna")
        page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
        with page.expect_response(lambda r: "/auth/signin-cookie" in r.url, timeout=30_000) as answer:
            page.get_by_role("button", name="Anmelden").click()
        header = answer.value.header_value("set-cookie") or ""
        assert header.startswith(f"{COOKIE}=") and header.endswith("; HttpOnly; SameSite=Strict; Secure")
        context.close()


def _post(url: str, path: str, body: bytes) -> tuple[int, str | None]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.putrequest("POST", path)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    try:
        connection.send(body)
    except OSError:
        pass  # answered and closed before taking the whole body
    response = connection.getresponse()
    status, cookie = response.status, response.getheader("set-cookie")
    connection.close()
    return status, cookie


def test_the_cookie_route_takes_no_large_body_and_no_unknown_code(app_url):
    assert _post(app_url, "/auth/signin-cookie", b"x" * (20 * MB)) == (403, None)
    assert _post(app_url, "/auth/signin-cookie", b"not-a-code") == (403, None)
