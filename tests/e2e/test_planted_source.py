"""A dataset whose source text plants Markdown makes no visitor's browser contact another host.

The dataset is imported as an editor would (command line), then the public
deployment is opened in Chromium; a trap server on another port records every
request it gets. The planted text must show as typed.
"""

from __future__ import annotations

import http.server
import re
import threading

import pytest

from tests.e2e.conftest import serve

pytestmark = pytest.mark.e2e


class _Trap(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        _Trap.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def trap():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="module")
def planted_url(tmp_path_factory, mirror_dir, browser, trap):
    from tests.test_public import import_small_town

    data_dir = tmp_path_factory.mktemp("planted")
    folder = tmp_path_factory.mktemp("files")
    planted = f"![x](http://127.0.0.1:{trap}/img.png) [klick](http://127.0.0.1:{trap}/link) <img src=http://127.0.0.1:{trap}/html.png>"
    import os

    old = os.environ.get("ANKUNFTSATLAS_DATA_DIR")
    os.environ["ANKUNFTSATLAS_DATA_DIR"] = str(data_dir)
    try:
        import_small_town(folder, source=planted, licence=f"![l](http://127.0.0.1:{trap}/licence.png)")
    finally:
        if old is None:
            os.environ.pop("ANKUNFTSATLAS_DATA_DIR")
        else:
            os.environ["ANKUNFTSATLAS_DATA_DIR"] = old
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_MODE="public",
               ANKUNFTSATLAS_DATA_DIR=str(data_dir)) as url:
        yield url


@pytest.mark.parametrize("path", ["karte", "daten", "vergleich", "auswahl"])
def test_planted_markdown_source_loads_nothing_from_another_host(context, planted_url, trap, path):
    page = context.new_page()
    page.goto(f"{planted_url}/{path}?ds=kleinstadt")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)
    if path in ("karte", "daten"):  # the planted source is shown, as typed
        # as typed, but for an invisible word joiner after "http" that keeps Streamlit from linking it
        typed = re.compile(rf"!\[x\]\(http\u2060?://127\.0\.0\.1:{trap}/img\.png\)")
        page.locator("[data-testid='stMarkdownContainer'], [data-testid='stCaptionContainer']", has_text=typed).first.wait_for(
            timeout=120_000)
    # The page has run to its end (the shared sidebar is drawn last).
    page.locator("[data-testid='stSidebar']", has_text="Auswahl (Kandidatenquartiere)").wait_for(timeout=120_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
    foreign = [u for u in context.requests if f":{trap}" in u]
    assert foreign == [] and _Trap.hits == []
    assert page.locator(f"img[src*=':{trap}']").count() == 0
    assert page.locator(f"a[href*=':{trap}']").count() == 0
