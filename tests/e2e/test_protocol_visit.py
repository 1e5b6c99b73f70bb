"""The load benchmark's protocol client (benchmarks/loadclient.py) against a real `streamlit run` server: a visit
gets the map page ready over Streamlit's WebSocket, its change of indicator reruns the page with the other
indicator, and the visitor stays connected until told to leave."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from websockets.asyncio.client import connect

from benchmarks.loadclient import read_run, rerun_message, visit

pytestmark = pytest.mark.e2e


def _run(coroutine):
    """asyncio.run in a thread of its own: the session's sync Playwright holds this thread's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_visit_is_ready_reruns_once_and_stays_until_it_leaves(app_url):
    async def scenario():
        leave, timed = asyncio.Event(), []
        task = asyncio.create_task(visit(app_url, "?indicator=foreign_share&k=5", "Indikator", leave, timed.append))
        while not timed:  # the visit reports itself once timed
            await asyncio.sleep(0.05)
        still_connected = not task.done()
        leave.set()
        return timed, await task, still_connected

    timed, result, still_connected = _run(scenario())
    assert len(timed) == 1 and timed[0] == result
    assert result.error is None, result.error
    assert 0 < result.ready < 60 and 0 < result.rerun < 60
    assert result.requests >= 20  # the page, its scripts and styles, health, host-config, the map's frame and files
    assert still_connected  # timed, then reading until told to leave


def test_the_change_of_indicator_is_a_run_with_the_other_indicator_on_the_map(app_url):
    async def scenario():
        host = urlsplit(app_url).netloc
        async with connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=app_url,
                           max_size=None) as websocket:
            await websocket.send(rerun_message("k=5", "", f"{app_url}/?k=5"))
            first = await read_run(websocket)
            widget, options, value = first.selectboxes["Indikator"]
            other = next(option for option in options if option != value)
            await websocket.send(rerun_message("k=5", "", f"{app_url}/?k=5", first.page_script_hash, (widget, other)))
            return first, other, await read_run(websocket)

    first, other, second = _run(scenario())
    assert first.status == second.status == "FINISHED_SUCCESSFULLY" and not first.errors and not second.errors
    assert first.map_args and second.map_args and first.page_script_hash
    assert first.selectboxes["Indikator"][2] == "Anteil Ausländerinnen und Ausländer"
    assert second.selectboxes["Indikator"][2] == other != first.selectboxes["Indikator"][2]
    scripts = [json.dumps(json.loads(run.map_args), ensure_ascii=False) for run in (first, second)]
    assert other in scripts[1] and other not in scripts[0]  # the map's tooltips name the new indicator
