"""Streets under the map, chosen by whoever runs the site, also offline (issue #23): a local PMTiles
archive served by the app itself, or a tile server (here one on 127.0.0.1 made by the test). The map
shows the tiles, the browser contacts no other host, the attribution and the tiles' origin are shown,
the visitor turns the basemap off, and the offline HTML carries the tiles of its view."""

from __future__ import annotations

import http.server
import re
import threading
from urllib.parse import urlparse

import pytest

from tests.basemap_fixture import ATTRIBUTION, tile_png, write_pmtiles
from tests.e2e.conftest import serve, settle

pytestmark = pytest.mark.e2e

LOADED_TILES = ("Array.from(document.querySelectorAll('.leaflet-tile-container img'))"
                ".filter(i => i.complete && i.naturalWidth === 256 && i.style.visibility !== 'hidden').length")


def _open_map(browser, url):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE", accept_downloads=True)
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    page = context.new_page()
    page.goto(url)
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    frame.wait_for_function(f"{LOADED_TILES} >= 4", timeout=30_000)
    return context, page, frame


def _hosts(requests) -> set[str]:
    return {urlparse(u).netloc for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}


def test_local_pmtiles_basemap(browser, tmp_path_factory, mirror_dir):
    archive = write_pmtiles(tmp_path_factory.mktemp("tiles") / "kaiserslautern.pmtiles")
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_TILES=str(archive)) as url:
        context, page, frame = _open_map(browser, url)
        try:
            assert _hosts(context.requests) == {urlparse(url).netloc}  # nobody else learns who looks where
            assert any("/basemap/" in u for u in context.requests)
            assert ATTRIBUTION in frame.locator(".leaflet-control-attribution").inner_text()
            page.get_by_text("vom Server dieser Seite (keine Anfragen an Dritte)").wait_for()
            # the offline HTML carries the tiles of its view
            with page.expect_download(timeout=60_000) as download:
                page.get_by_role("button", name="Ansicht als HTML").click()
            html = open(download.value.path(), encoding="utf-8").read()
            assert len(re.findall(r'"\d+/\d+/\d+": "data:image/png;base64,', html)) >= 4
            assert "in der Datei enthalten" in html
            # the visitor turns it off: the map is redrawn without tiles
            page.get_by_text("Hintergrundkarte", exact=True).click()
            settle(page)
            frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
            frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
            assert frame.evaluate(LOADED_TILES) == 0
        finally:
            context.close()


class _TileHandler(http.server.BaseHTTPRequestHandler):
    png = tile_png((0, 200, 200))
    served: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        if re.fullmatch(r"/\d+/\d+/\d+\.png", self.path):
            type(self).served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(self.png)))
            self.end_headers()
            self.wfile.write(self.png)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


def test_tile_server_basemap(browser, tmp_path_factory, mirror_dir):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TileHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tile_host = f"127.0.0.1:{server.server_port}"
    try:
        with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_TILES=f"http://{tile_host}/{{z}}/{{x}}/{{y}}.png",
                   ANKUNFTSATLAS_TILES_ATTRIBUTION="© Stadtplan Test") as url:
            context, page, frame = _open_map(browser, url)
            try:
                assert _hosts(context.requests) == {urlparse(url).netloc, tile_host}
                assert _TileHandler.served
                assert "© Stadtplan Test" in frame.locator(".leaflet-control-attribution").inner_text()
                page.get_by_text(f"Ihr Browser lädt die Kacheln von {tile_host}").wait_for()
            finally:
                context.close()
    finally:
        server.shutdown()
