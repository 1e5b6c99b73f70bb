"""The reference deployment on loopback: nginx, one officer instance, two public replicas, one PostgreSQL.

Started from the files in ``deploy/`` (deploy/cluster.py renders deploy/nginx/ankunftsatlas.conf with
loopback ports). Everything on the officer instance is done as the officer does it, in the browser
through the officer site of the proxy: sign in, import a dataset on the import page (a small synthetic
town, three squares; test data, not a real place), choose areas, save the selection and publish it
with the selections page's publish step. Both show through the proxy on each public replica (a fresh
browser context each). A public replica killed during a session: the page reconnects through the proxy
to the other one, reloads there (another server process: ui/shell/replicas.py) and the URL restores
the view, so that the visitor's first change after the switch takes effect. The token key is the
officer's, in the database; the database refuses writes from the replicas' connection.

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

TOWN = "Testviertel"  # synthetic
SELECTION = "Kandidaten Testviertel"
OFFICE = "Stadt Testviertel, Integrationsbüro"
AREAS = {"11": ("Nordviertel", 1200, 174), "12": ("Südstadt", 800, 176), "13": ("Hohenecken", 950, 90)}


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
    base_port = os.environ.get("ANKUNFTSATLAS_TEST_DEPLOY_PORT")  # five ports from here (else any free ones)
    ports = [int(base_port) + i for i in range(5)] if base_port else _free_ports(5)
    env = {k: v for k, v in os.environ.items() if k != "ANKUNFTSATLAS_SECRET"}  # the key from the database
    env["ANKUNFTSATLAS_MIRROR"] = str(mirror_dir)
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


def _town_files(folder) -> tuple[object, object]:
    """Boundaries (three squares, stored in Gauss-Krüger zone 2) and a German table naming them."""
    import geopandas as gpd
    from shapely.geometry import box

    gpd.GeoDataFrame(
        {"Nr": list(AREAS), "Bezeichnung": [v[0] for v in AREAS.values()]},
        geometry=[box(410000 + i * 1000, 5475000, 411000 + i * 1000, 5476000) for i in range(len(AREAS))],
        crs=25832,
    ).to_crs(31466).to_file(folder / "viertel.geojson", driver="GeoJSON")
    rows = ["Stadtteil;Einwohner;Ausländer"] + [f"{name};{people};{foreign}" for name, people, foreign in AREAS.values()]
    (folder / "werte.csv").write_text("\n".join(rows), encoding="utf-8")
    return folder / "viertel.geojson", folder / "werte.csv"


def _officer_imports_and_publishes(browser, running) -> None:
    """Sign in on the officer site, import the town on the import page, choose two areas, save, publish."""
    from tests.e2e.helpers import upload_both

    folder = running.workdir / "files"
    folder.mkdir(exist_ok=True)
    boundaries, table = _town_files(folder)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{running.officer_url}/import")
    page.get_by_label("Name", exact=True).fill("anna")
    page.get_by_label("Passwort", exact=True).fill(EDITOR_PASSWORD)
    with page.expect_response(lambda r: "/auth/signin-cookie" in r.url, timeout=60_000):
        page.get_by_role("button", name="Anmelden").click()  # the cookie: signed with the database's key
    page.get_by_text("Angemeldet als anna").wait_for(timeout=60_000)
    upload_both(page, boundaries, table)
    page.get_by_text("3 Gebiete zugeordnet (über Namen)").wait_for(timeout=120_000)
    page.get_by_label("Name des Datensatzes").fill(TOWN)
    page.get_by_role("button", name="Zuordnung bestätigen und speichern").click()
    page.get_by_text(f"Datensatz „{TOWN}“ gespeichert und ausgewählt.").wait_for(timeout=120_000)
    settle(page)
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Auswahl speichern und exportieren").click()
    page.get_by_text("Die Auswahl ist leer").wait_for(timeout=60_000)
    settle(page)
    areas = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text="Auswahl")
    for name in ("Nordviertel", "Südstadt"):
        areas.click()
        page.get_by_role("option", name=name).click()
        settle(page)
    page.keyboard.press("Escape")
    page.get_by_label("Name der Auswahl").fill(SELECTION)
    page.get_by_role("button", name="Speichern (neue Version)").click()
    page.get_by_text(f"Gespeichert: „{SELECTION}“, Version 1.").wait_for(timeout=60_000)
    settle(page)
    office = page.get_by_role("textbox", name="Veröffentlicht von (Stelle, kein Personenname)")
    office.fill(OFFICE)
    office.press("Enter")
    settle(page)
    page.get_by_role("button", name="Version 1 veröffentlichen").click()
    page.get_by_text(f"Veröffentlicht: „{SELECTION}“, Version 1.").wait_for(timeout=60_000)
    page.get_by_text(f"Version 1 ist veröffentlicht (seit").wait_for(timeout=60_000)  # read back from PostgreSQL
    context.close()


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


def _server_id(context, url: str) -> str:
    response = context.request.get(f"{url}/_atlas/server")
    assert response.ok
    return response.text()


def test_what_the_officer_imports_and_publishes_shows_on_every_replica_which_fail_over_and_cannot_write(cluster, browser):
    from sqlalchemy.exc import DBAPIError

    from storage.db import make_engine
    from storage.models import SelectionItem, SelectionVersion, ServerKey, SharedFolder

    running, database_url = cluster
    _officer_imports_and_publishes(browser, running)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:  # what the officer's clicks wrote, in the one database
            assert connection.execute(select(SharedFolder.key)).scalars().all() == [f"datasets/{TOWN.lower()}"]
            published = connection.execute(select(SelectionVersion.publisher, SelectionVersion.published_at)).all()
            assert [row[0] for row in published] == [OFFICE] and published[0][1] is not None
            assert sorted(connection.execute(select(SelectionItem.area_id)).scalars()) == ["11", "12"]
            assert len(connection.execute(select(ServerKey.value)).scalar_one()) == 64  # made by the officer
    finally:
        engine.dispose()

    contexts = _contexts_on_each_replica(browser, running)
    pages = {}
    for name, context in contexts.items():
        page = pages[name] = context.new_page()
        page.goto(f"{running.proxy_url}/auswahl?ds={TOWN.lower()}")
        page.get_by_text("Gespeicherte Auswahlen").wait_for(timeout=120_000)
        page.get_by_text(OFFICE).first.wait_for(timeout=60_000)  # published on the officer instance
        settle(page)
        assert "anna" not in page.locator("[data-testid='stMain']").inner_text()
        page.locator("[data-testid='stSelectbox']").filter(has_text="Auswahl ansehen").click()
        assert page.get_by_role("option").all_inner_texts() == [SELECTION]  # the list itself is a canvas
        page.keyboard.press("Escape")
        assert "Öffentliche Ansicht" in page.inner_text("[data-testid='stSidebar']")
        page.goto(f"{running.proxy_url}/?ds={TOWN.lower()}&indicator=foreign_share&k=3")
        page.get_by_role("heading", name=f"Ankunftsquartiere in {TOWN}").first.wait_for(timeout=120_000)  # imported
        settle(page)

    # Kill the replica of the first browser during its session: it reconnects through the proxy to the
    # other one, and reloads there (another server process), so the URL restores the view at once.
    page = pages["public-1"]
    view = page.url
    assert f"ds={TOWN.lower()}" in view and "k=3" in view
    other = _server_id(contexts["public-1"], running.url("public-2"))
    assert page.evaluate("document.documentElement.dataset.atlasServer") == _server_id(
        contexts["public-1"], running.url("public-1"))
    running.kill("public-1")
    page.wait_for_function(  # reconnected and reloaded on the other replica: a session there, run from the URL
        "(other) => document.documentElement.dataset.atlasServer === other", arg=other, timeout=90_000)
    response = contexts["public-1"].request.get(f"{running.proxy_url}/_stcore/health")
    assert response.headers["x-atlas-upstream"] == f"127.0.0.1:{running.ports.public[1]}"  # its cookie, the other one
    page.get_by_role("heading", name=f"Ankunftsquartiere in {TOWN}").first.wait_for(timeout=120_000)
    settle(page)
    assert f"ds={TOWN.lower()}" in page.url and "k=3" in page.url
    # The visitor's first change after the switch takes effect once (one click, not two).
    page.get_by_role("combobox", name="Sprache / Language").click()
    page.get_by_role("option", name="English").click()
    page.get_by_role("heading", name=f"Arrival quarters in {TOWN}").first.wait_for(timeout=120_000)
    page.wait_for_function(  # the app writes the view into the URL after its run
        "() => { const q = new URL(location.href).searchParams; "
        f"return q.get('lang') === 'en' && q.get('ds') === '{TOWN.lower()}' && q.get('k') === '3'; }}",
        timeout=60_000)
    for context in contexts.values():
        context.close()

    # The database refuses writes from the public replicas' connection (opened read-only as they open it).
    public = make_engine(running.env["public-2"]["ANKUNFTSATLAS_DATABASE_URL"], read_only=True)
    try:
        with pytest.raises(DBAPIError, match="read-only transaction"), public.begin() as connection:
            connection.execute(text("DELETE FROM shared_folder"))
    finally:
        public.dispose()
