"""The reference deployment on loopback: nginx, one officer instance, two public replicas, one PostgreSQL.

Started from the files in ``deploy/`` (deploy/cluster.py renders deploy/nginx/ankunftsatlas.conf with
loopback ports). A dataset imported on the officer instance (its command line on its data folder,
shared by the officer server) and a quarter published there (the storage API on the officer's
database, as its publish button does) show through the proxy on each public replica; a public
replica killed during a session: the page reconnects through the proxy to the other one and its URL
restores the view; the database refuses writes from the replicas' connection.

Needs Debian's nginx and PostgreSQL (.ci/run installs both); skipped locally without them, failing in CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import time
import uuid

import pytest
from sqlalchemy import make_url, select, text

from tests.e2e.conftest import CHROMIUM, EDITOR_PASSWORD, settle

pytestmark = pytest.mark.e2e

QUARTER = "Ganze Kleinstadt"


def _required(missing: str | None) -> None:
    if missing is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{missing} (CI installs it in .ci/run)")
    pytest.skip(f"{missing}: the deployment test runs where nginx and PostgreSQL are installed (CI)")


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _wait_until(condition, timeout: float, what: str):
    """Poll a condition across processes (no page to wait on); fails naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, mirror_dir):
    from deploy.cluster import NGINX, Ports, start
    from storage.auth import hash_password
    from storage.db import make_engine

    _required(None if shutil.which("nginx") or os.path.exists(NGINX) else "nginx is not installed")
    _required(None if os.path.exists(CHROMIUM) else f"{CHROMIUM} is not installed")
    base_url = os.environ.get("ANKUNFTSATLAS_TEST_POSTGRES_URL")
    _required(None if base_url else "no PostgreSQL server configured (ANKUNFTSATLAS_TEST_POSTGRES_URL)")
    schema = f"deploy_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    database_url = url.render_as_string(hide_password=False)
    ports = _free_ports(5)
    env = {**os.environ, "ANKUNFTSATLAS_MIRROR": str(mirror_dir)}
    running = start(
        database_url, tmp_path_factory.mktemp("cluster"),
        Ports(proxy=ports[0], officer_proxy=ports[1], officer=ports[2], public=(ports[3], ports[4])),
        editors=f"anna={hash_password(EDITOR_PASSWORD, iterations=1000)}", env=env, tell_replica=True,
    )
    try:
        yield running, database_url
    finally:
        running.stop()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _import_on_officer(cluster) -> None:
    """The small synthetic town imported with the command line on the officer's data folder."""
    from tests.test_public import import_small_town

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANKUNFTSATLAS_DATA_DIR", cluster.env["officer"]["ANKUNFTSATLAS_DATA_DIR"])
        folder = cluster.workdir / "files"
        folder.mkdir(exist_ok=True)
        import_small_town(folder)


def _publish_quarter(database_url: str) -> None:
    """A quarter over the whole town, saved and published on the officer's database (read-write)."""
    import geopandas as gpd
    from shapely.geometry import box

    from geo.analysis.quarters import Disclosure
    from storage.db import make_engine
    from storage.quarters import publish_quarter, save_quarter

    outline = gpd.GeoSeries([box(409000, 5475000, 413000, 5476000)], crs=25832).to_crs(4326).iloc[0]
    engine = make_engine(database_url)
    try:
        quarter = save_quarter(engine, QUARTER, outline, "anna", "kleinstadt", method="districts")
        publish_quarter(engine, quarter.id, lambda *_: Disclosure(True))
    finally:
        engine.dispose()


def _contexts_on_each_replica(browser, cluster) -> dict[str, object]:
    """One browser context per public replica, each kept there by the proxy's cookie."""
    wanted = {f"127.0.0.1:{port}": name for name, port in zip(("public-1", "public-2"), cluster.ports.public)}
    found: dict[str, object] = {}
    for _ in range(30):  # each new browser gets a random replica: both are met within a few tries
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
        response = context.request.get(f"{cluster.proxy_url}/_stcore/health")
        name = wanted[response.headers["x-atlas-upstream"]]
        if name in found:
            context.close()
            continue
        found[name] = context
        if len(found) == 2:
            return found
    raise AssertionError("the proxy sent 30 new browsers to the same replica: not sticky per browser")


def test_a_publish_on_the_officer_instance_shows_on_every_replica_which_fail_over_and_cannot_write(cluster, browser):
    from sqlalchemy.exc import DBAPIError

    from storage.db import make_engine
    from storage.models import SharedFolder

    running, database_url = cluster
    _import_on_officer(running)
    officer = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    page = officer.new_page()
    page.goto(f"{running.officer_url}/?ds=kleinstadt")  # the officer server lists it: shares it
    page.get_by_role("heading", name="Ankunftsquartiere in Kleinstadt").first.wait_for(timeout=120_000)
    engine = make_engine(database_url)

    def shared() -> bool:
        with engine.connect() as connection:
            return connection.execute(select(SharedFolder.key)).scalars().all() == ["datasets/kleinstadt"]

    try:
        _wait_until(shared, 30, "the officer server shares the dataset imported on its data folder")
    finally:
        engine.dispose()
    officer.close()
    _publish_quarter(database_url)

    contexts = _contexts_on_each_replica(browser, running)
    pages = {}
    for name, context in contexts.items():
        pages[name] = context.new_page()
        pages[name].goto(f"{running.proxy_url}/?ds=kleinstadt&indicator=quote&k=3")
        pages[name].get_by_role("heading", name="Ankunftsquartiere in Kleinstadt").first.wait_for(timeout=120_000)
        pages[name].get_by_text(QUARTER).first.wait_for(timeout=60_000)  # published on the officer instance
        settle(pages[name])
        assert "Öffentliche Ansicht" in pages[name].inner_text("[data-testid='stSidebar']")

    # Kill the replica of the first browser during its session: it reconnects through the proxy.
    page = pages["public-1"]
    view = page.url
    assert "ds=kleinstadt" in view and "k=3" in view
    running.kill("public-1")
    state = "document.querySelector('[data-testid=stApp]').getAttribute('data-test-connection-state')"
    page.wait_for_function(f"() => {state} !== 'CONNECTED'", timeout=30_000)  # the page noticed
    page.wait_for_function(f"() => {state} === 'CONNECTED'", timeout=60_000)  # and is back, on the other one
    response = contexts["public-1"].request.get(f"{running.proxy_url}/_stcore/health")
    assert response.headers["x-atlas-upstream"] == f"127.0.0.1:{running.ports.public[1]}"  # its cookie, the other one
    # The first run on the other replica is a new session there: it restores the view from the URL (the
    # click that starts it is overridden by the URL's lang=de); the page then answers as before.
    language = page.get_by_role("combobox", name="Sprache / Language")
    language.click()
    page.get_by_role("option", name="English").click()
    settle(page)
    page.get_by_role("heading", name="Ankunftsquartiere in Kleinstadt").first.wait_for(timeout=60_000)
    page.get_by_text(QUARTER).first.wait_for(timeout=60_000)
    assert "ds=kleinstadt" in page.url and "k=3" in page.url
    language.click()
    page.get_by_role("option", name="English").click()
    page.get_by_role("heading", name="Arrival quarters in Kleinstadt").first.wait_for(timeout=120_000)
    page.get_by_text(QUARTER).first.wait_for(timeout=60_000)
    page.wait_for_function(  # the app writes the view into the URL after its run
        "() => { const q = new URL(location.href).searchParams; "
        "return q.get('lang') === 'en' && q.get('ds') === 'kleinstadt' && q.get('k') === '3'; }", timeout=60_000)
    for context in contexts.values():
        context.close()

    # The database refuses writes from the public replicas' connection (opened read-only as they open it).
    public = make_engine(running.env["public-2"]["ANKUNFTSATLAS_DATABASE_URL"], read_only=True)
    try:
        with pytest.raises(DBAPIError, match="read-only transaction"), public.begin() as connection:
            connection.execute(text("DELETE FROM shared_folder"))
    finally:
        public.dispose()
