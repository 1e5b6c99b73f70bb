"""A public comparison of an imported small-count dataset shows no figure from which a hidden one follows.

The dataset is imported as an editor would (command line), then the public
deployment is opened in Chromium on the comparison page with every area
selected. The test reads the table as the visitor sees it and lets the test
attacker (:mod:`tests.attacker`) work out what it can (share × residents,
city total − shown areas, selection total − shown areas); it also checks that
no websocket message carries a hidden value, as text or as a chart number.
"""

from __future__ import annotations

import os
import struct

import pytest

from tests.attacker import work_out
from tests.e2e.conftest import serve

pytestmark = pytest.mark.e2e

NB = "\u00a0"


@pytest.fixture(scope="module")
def public_url(tmp_path_factory, mirror_dir, browser):
    from tests.test_public import import_small_town

    data_dir = tmp_path_factory.mktemp("small-town")
    old = os.environ.get("ANKUNFTSATLAS_DATA_DIR")
    os.environ["ANKUNFTSATLAS_DATA_DIR"] = str(data_dir)
    try:
        import_small_town(tmp_path_factory.mktemp("files"))
    finally:
        if old is None:
            os.environ.pop("ANKUNFTSATLAS_DATA_DIR")
        else:
            os.environ["ANKUNFTSATLAS_DATA_DIR"] = old
    with serve(tmp_path_factory, mirror_dir, browser, ANKUNFTSATLAS_MODE="public", ANKUNFTSATLAS_DATA_DIR=str(data_dir),
               ANKUNFTSATLAS_MIN_RESIDENTS="300", ANKUNFTSATLAS_MIN_COUNT="3") as url:
        yield url


def _number(cell: str) -> float | None:
    first = cell.split(" · ")[0].split(NB)[0].strip()
    return None if first in ("–", "") else float(first.replace(".", "").replace(",", "."))


def test_public_comparison_of_imported_small_counts_reveals_nothing(context, public_url):
    from tests.test_public import SMALL_TOWN

    page = context.new_page()
    frames: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        payload if isinstance(payload, bytes) else payload.encode())))
    page.goto(f"{public_url}/vergleich?ds=kleinstadt&sel={','.join(SMALL_TOWN)}")
    table = page.locator("[data-testid='stTable'] table").first
    table.wait_for(timeout=180_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)
    page.locator("[data-testid='stVegaLiteChart']").nth(3).wait_for(timeout=60_000)  # one chart per indicator
    columns = [c.strip() for c in table.locator("thead th").all_inner_texts()][1:]
    shown = {}
    for row in table.locator("tbody tr").all():
        name = row.locator("th").first.inner_text().strip()
        for column, cell in zip(columns, row.locator("td").all_inner_texts()):
            value = _number(cell)
            if value is not None:
                shown[(name, column)] = value
    assert shown[("Ost", "Ausländer")] == 90 and shown[("Gesamtstadt", "Ausländer")] == 193  # the test reads the page
    names = [v[0] for v in SMALL_TOWN.values()]
    products = [((n, "Ausländer"), (n, s), (n, "Einwohner"), 100) for n in names for s in ("Anteil Ausländer", "Quote")]
    linear = [
        ({(total, count): 1, **{(n, count): -1 for n in names}}, 0)
        for total in ("Gesamtstadt", "Auswahl gesamt")
        for count in ("Einwohner", "Ausländer")
    ]
    found = work_out(shown, products, linear)
    hidden = [(n, c) for n in ("Nord", "Süd") for c in ("Ausländer", "Anteil Ausländer", "Quote")]
    assert [key for key in hidden if key in found] == []
    # Nothing the browser receives carries a hidden value: not as text, not as a chart number.
    payload = b"".join(frames)
    assert f"6,7{NB}%".encode() in payload and struct.pack("<d", 6.7) in payload  # shown values are seen
    texts = [f"0,4{NB}%".encode(), f"5,1{NB}%".encode(), f"5,1{NB}".encode()]
    numbers = [struct.pack("<d", v) for v in (0.4, 5.1, 5.125, 41.0)]
    assert [p for p in texts + numbers if p in payload] == []
