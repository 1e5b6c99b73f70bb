"""Area names, a CSV column header and the source of an imported dataset plant Markdown images,
links, HTML and maths: every page, officer and public, shows them as typed and makes the browser
contact no other host (a trap server on another port counts every request it gets).

The dataset is synthetic (five squares, made here) and imported with the command line.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import REPO, serve, settle

pytestmark = pytest.mark.e2e

PAGES = ["karte", "screening", "rangfolge", "vergleich", "netzwerk", "projekte", "auswahl", "daten"]
# The dataset's name plants Markdown too (it is listed on the network page and in the sidebar).


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
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _names(trap: str) -> list[str]:
    return [f"![b]({trap}/a.png) Nord", f"[klick]({trap}/l) Süd", f"<img src='{trap}/h.png'> West",
            "$\\frac{1}{0}$ Ost", f"**fett** _Mitte_ {trap}/u"]


def _header(trap: str) -> str:
    return f"![c]({trap}/c.png) Anzahl"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, mirror_dir, trap):
    folder = tmp_path_factory.mktemp("planted_files")
    features = []
    for i, name in enumerate(_names(trap)):
        x, y = 7.70 + 0.02 * i, 49.40
        ring = [[x, y], [x + 0.02, y], [x + 0.02, y + 0.02], [x, y + 0.02], [x, y]]
        features.append({"type": "Feature", "properties": {"gid": f"g{i}", "gname": name},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    (folder / "areas.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    rows = [f"gid;Einwohner;Deutsche;Ausländer;{_header(trap)}"]
    rows += [f"g{i};{e};{d};{e - d};{10 + i}" for i, (e, d) in enumerate([(817, 815), (900, 840), (1200, 1100),
                                                                         (640, 600), (1500, 1380)])]
    (folder / "table.csv").write_text("\n".join(rows) + "\n", "utf-8")
    target = tmp_path_factory.mktemp("planted_data")
    env = {**os.environ, "ANKUNFTSATLAS_DATA_DIR": str(target), "ANKUNFTSATLAS_MIRROR": str(mirror_dir)}
    # Twice, under two planted names: two datasets with shared indicators fill the network page.
    for name in (f"Planted ![n]({trap}/n.png) $x$", f"Zweite [m]({trap}/m) <b>fett</b>"):
        subprocess.run(
            [sys.executable, "-m", "geo.ingest", "--boundaries", str(folder / "areas.geojson"),
             "--indicators", str(folder / "table.csv"), "--boundary-key", "gid", "--boundary-name", "gname",
             "--key", "gid", "--name", name, "--source", f"Quelle {trap}/quelle [q]({trap}/q) $x$"],
            cwd=REPO, env=env, check=True, capture_output=True,
        )
    return target


@pytest.fixture(scope="module", params=["officer", "public"])
def planted_url(request, tmp_path_factory, mirror_dir, browser, data_dir):
    (dataset,) = [p.parent.name for p in (data_dir / "datasets").glob("planted*/provenance.json")]  # id from name
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_MODE=request.param,
               ANKUNFTSATLAS_DATA_DIR=str(data_dir)) as url:
        yield url, dataset


def test_planted_markdown_shows_as_typed_and_loads_nothing(browser, planted_url, trap):
    planted_url, dataset = planted_url
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    origin = urlparse(planted_url).netloc
    foreign: list[str] = []
    context.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).netloc not in ("", origin) else None)
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(f"{planted_url}/{path}?ds={dataset}&sel=g0,g1,g2,g3,g4")
            page.locator("[data-testid='stSidebar']", has_text="Auswahl (Kandidatenquartiere)").wait_for(timeout=120_000)
            settle(page)
            elsewhere = page.evaluate(
                "() => [...document.querySelectorAll('img[src], a[href]')].map(e => e.src || e.href)"
                ".filter(u => u.startsWith('http') && !u.startsWith(location.origin))"
            )
            assert [u for u in elsewhere if u.startswith(trap)] == [], path
            assert page.locator(".katex").count() == 0, path  # no maths typeset
            text = page.inner_text("body").replace("\u2060", "")  # the invisible joiner that stops autolinks
            assert "![b](" in text and "$\\frac{1}{0}$ Ost" in text, path  # the names as typed
            if path == "vergleich":  # row headers and the CSV column header of st.table, as typed
                table = page.locator("[data-testid='stTable']").first.inner_text().replace("\u2060", "")
                for name in _names(trap)[:2] + [_header(trap)]:
                    assert name in table, name
            if path == "daten":  # the source's bare URL is text, not a link
                assert f"Quelle {trap}/quelle" in text
        assert foreign == [] and _Trap.hits == []
    finally:
        context.close()
