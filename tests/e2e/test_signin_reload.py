"""The editor sign-in survives a page reload (signed cookie) and signing out ends it, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import EDITOR_PASSWORD

pytestmark = pytest.mark.e2e

COOKIE = "ankunftsatlas_editor"


def _cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == COOKIE), None)


def test_sign_in_survives_reload_and_sign_out_ends_it(context, app_url):
    page = context.new_page()
    page.goto(f"{app_url}/import")
    page.get_by_text("nur angemeldete Bearbeiterinnen und Bearbeiter").wait_for(timeout=60_000)
    expect(page.get_by_text("Grenzen", exact=True)).to_have_count(0)  # no upload without sign-in

    page.get_by_label("Name", exact=True).fill("anna")
    page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Angemeldet als anna").wait_for(timeout=30_000)
    page.wait_for_function(f"document.cookie.includes('{COOKIE}=')", timeout=30_000)
    cookie = _cookie(context)
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"

    page.reload()  # a new Streamlit session: signed in again from the cookie
    page.get_by_text("Angemeldet als anna").wait_for(timeout=60_000)
    expect(page.get_by_text("Grenzen", exact=True)).to_have_count(1)

    page.get_by_role("button", name="Abmelden").click()
    page.get_by_text("nur angemeldete Bearbeiterinnen und Bearbeiter").wait_for(timeout=30_000)
    page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')", timeout=30_000)
    page.reload()
    page.get_by_text("nur angemeldete Bearbeiterinnen und Bearbeiter").wait_for(timeout=60_000)
    expect(page.get_by_text("Angemeldet als anna")).to_have_count(0)
