"""A real `streamlit run` server and Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

import pytest

from deploy.cluster import healthy, streamlit_server
from storage.auth import hash_password

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
EDITOR_PASSWORD = "geheim"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SETTLED = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-stale="true"]');
}"""


# SETTLED held without a break for ``quiet`` ms (checked every 100 ms; any run in between starts the count again).
QUIET = """(quiet) => {
    const settled = (""" + SETTLED + """)();
    const now = performance.now();
    if (!settled) { window.__atlasQuietSince = undefined; return false; }
    if (window.__atlasQuietSince === undefined) { window.__atlasQuietSince = now; }
    return now - window.__atlasQuietSince >= quiet;
}"""


def settle(page, quiet: int = 1000) -> None:
    """Wait until no script runs and no element is stale (faded until a run redraws it), and that has
    held for ``quiet`` ms: a run can be followed by another (a widget's or a map's new value), which
    re-renders what a test is about to click. A state that is waited for, not a fixed pause."""
    page.evaluate("() => { window.__atlasQuietSince = undefined; }")
    page.wait_for_function(QUIET, arg=quiet, polling=100, timeout=90_000)


def serious_violations(page) -> tuple[int, list[str]]:
    """axe-core (npm, installed at set-up) on the settled page: rules passed, serious or critical violations."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run make setup (npm ci)")
    settle(page)  # Streamlit fades elements while a script runs: check the settled page
    page.add_script_tag(path=str(AXE))
    passes, serious = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return [result.passes.length, result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ') + ' (' + n.html.slice(0, 80) + ')').join(', '))];
        }"""
    )
    return passes, serious


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SERVER_PIDS: dict[str, int] = {}  # URL -> process id of the servers started here (to read their memory)


@contextlib.contextmanager
def serve(tmp_path_factory, mirror_dir, browser, **env_overrides: str):
    """A real `streamlit run` server on a free port; yields its URL. ``env_overrides`` set variables."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} missing; install Debian's chromium (make test does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {
        **os.environ,
        "ANKUNFTSATLAS_MIRROR": str(mirror_dir),
        "ANKUNFTSATLAS_CACHE": str(tmp_path_factory.mktemp("cache")),
        "ANKUNFTSATLAS_DATA_DIR": str(tmp_path_factory.mktemp("userdata")),
        "ANKUNFTSATLAS_EDITORS": f"anna={hash_password(EDITOR_PASSWORD, iterations=1000)}",
    }
    env.pop("ANKUNFTSATLAS_TILES", None)
    env.pop("ANKUNFTSATLAS_DATABASE_URL", None)
    env.pop("ANKUNFTSATLAS_MODE", None)
    env.update(env_overrides)
    process = streamlit_server(port, env, log)
    url = f"http://127.0.0.1:{port}"
    SERVER_PIDS[url] = process.pid
    try:
        healthy(url, process, timeout=90)
        yield url  # no first visit needed: a deep link opens its page on a fresh server (test_addresses.py)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, mirror_dir, browser) -> str:
    with serve(tmp_path_factory, mirror_dir, browser) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    yield context
    context.close()


@pytest.fixture
def map_page(context, app_url):
    """The map page with its Leaflet frame loaded and the 10 areas drawn."""
    page = context.new_page()
    page.goto(app_url)
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000).content_frame()
    frame.wait_for_selector("body[data-atlas-areas]", timeout=60_000)
    return page, frame
