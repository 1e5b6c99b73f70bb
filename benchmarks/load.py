"""Load, measured (never asserted): N browser sessions against one replica and against two behind nginx.

    .venv/bin/python benchmarks/load.py --database-url "$(bash .ci/postgres.sh)" --sessions 8 [--berlin /path/to/berlin]

Starts the reference deployment on loopback (deploy/cluster.py: nginx, an officer instance, two public
replicas, one PostgreSQL; ports from --port, default 8641-8645), then for each dataset (the embedded
Kaiserslautern default and, with --berlin, the 447 Berlin planning areas imported on the officer
instance) and each target (one replica directly; the proxy in front of two) opens --sessions Chromium
sessions at once (bounded: at most 40; loopback only) and prints:

- page ready (navigation until the map has drawn its areas): median and 95th percentile, errors;
- memory per session per replica: the growth of each replica's resident memory while the sessions
  are open, divided by the sessions it holds (the proxy's X-Atlas-Upstream header says which).

Everything runs in a schema of its own (``load_<random>``) in the given database, dropped at the end;
the embedded dataset needs ANKUNFTSATLAS_MIRROR (or a built cache) as ``make run`` does.
The figures depend on the machine (and on what else runs on it); run it on the machine you size,
with nothing else running (docs/deployment.md).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MAX_SESSIONS = 40
READY = "body[data-atlas-areas]"


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


async def _session(browser, url: str, timeout_ms: int) -> tuple[float | None, str | None, object]:
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    start = time.perf_counter()
    try:
        page = await context.new_page()
        response = await page.goto(url, timeout=timeout_ms)
        upstream = response.headers.get("x-atlas-upstream") if response else None
        frame = await (await page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]',
                                                    timeout=timeout_ms)).content_frame()
        await frame.wait_for_selector(READY, timeout=timeout_ms)
        return time.perf_counter() - start, upstream, context
    except Exception as exc:  # noqa: BLE001  a failed session is counted, not fatal
        print(f"  error: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}", file=sys.stderr)
        return None, None, context


async def measure(url: str, sessions: int, pids: dict[str, tuple[int, int]], timeout_ms: int) -> dict:
    """``pids``: replica name -> (process id, port) of the replicas that may serve ``url``."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                   args=["--no-sandbox", "--disable-gpu"])
        before = {name: rss_mb(pid) for name, (pid, _) in pids.items()}
        results = await asyncio.gather(*(_session(browser, url, timeout_ms) for _ in range(sessions)))
        after = {name: rss_mb(pid) for name, (pid, _) in pids.items()}
        for _, _, context in results:
            await context.close()
        await browser.close()
    times = [t for t, _, _ in results if t is not None]
    held: dict[str, int] = {}
    for ready, upstream, _ in results:
        if ready is not None:
            name = next((n for n, (_, port) in pids.items() if upstream and upstream.endswith(f":{port}")), None)
            held[name or "direct"] = held.get(name or "direct", 0) + 1
    return {"times": times, "errors": sessions - len(times), "before": before, "after": after, "held": held}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="PostgreSQL (SQLAlchemy URL), e.g. from .ci/postgres.sh")
    parser.add_argument("--sessions", type=int, default=8, help=f"browser sessions at once (1-{MAX_SESSIONS})")
    parser.add_argument("--port", type=int, default=8641, help="first of five loopback ports")
    parser.add_argument("--berlin", type=Path, help="folder with Berlin's plr.geojson and long.csv (447 areas)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ankunftsatlas-load"))
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a session may take")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1-{MAX_SESSIONS}")

    from sqlalchemy import make_url, text

    from deploy.cluster import Ports, start
    from storage.db import make_engine

    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = make_engine(args.database_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(args.database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    ports = Ports.from_base(args.port)
    try:
        cluster = start(url.render_as_string(hide_password=False), args.workdir, ports, env=dict(os.environ),
                        tell_replica=True)
    except BaseException:
        _drop(admin, schema)
        raise
    try:
        datasets = {"Kaiserslautern (18 areas)": ""}
        if args.berlin:
            env = {**cluster.env["officer"]}
            subprocess.run(
                [sys.executable, "-m", "geo.ingest", "--boundaries", str(args.berlin / "plr.geojson"),
                 "--indicators", str(args.berlin / "long.csv"), "--indicator", "merkmal", "--year", "jahr",
                 "--value", "anzahl", "--key", "planungsraum", "--share", "Ausländeranteil=Ausländer/Einwohner",
                 "--name", "Berlin LOR", "--municipality", "Berlin", "--unit-label", "Planungsräume",
                 "--allow-unmatched", "--replace"],
                cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL,
            )
            subprocess.run([sys.executable, "-m", "storage.shared", "sync"], cwd=REPO, env=env, check=True,
                           stdout=subprocess.DEVNULL)
            datasets["Berlin (447 areas)"] = "?ds=berlin-lor"
        pids = {name: (cluster.processes[name].pid, port) for name, port in zip(("public-1", "public-2"), ports.public)}
        targets = {
            "one replica": (cluster.url("public-1"), {"public-1": pids["public-1"]}),
            "two replicas behind nginx": (cluster.proxy_url, pids),
        }
        print(f"{args.sessions} sessions at once, {os.cpu_count()} cores")
        for label, query in datasets.items():
            for target, (url, watched) in targets.items():
                asyncio.run(measure(f"{url}/{query}", 1, watched, int(args.timeout * 1000)))  # caches warm
                result = asyncio.run(measure(f"{url}/{query}", args.sessions, watched, int(args.timeout * 1000)))
                times = result["times"]
                line = (f"{label}, {target}: ready median {statistics.median(times):.2f} s, p95 {p95(times):.2f} s"
                        if times else f"{label}, {target}: no session ready")
                memory = []
                for name in watched:
                    held = result["held"].get(name) or result["held"].get("direct", 0) * (len(watched) == 1)
                    grown = result["after"][name] - result["before"][name]
                    memory.append(f"{name} {held} sessions, {grown / held:.0f} MB/session" if held else f"{name} 0")
                print(f"{line}, errors {result['errors']}; " + "; ".join(memory), flush=True)
    finally:
        cluster.stop()
        _drop(admin, schema)
    return 0


def _drop(admin, schema: str) -> None:
    from sqlalchemy import text

    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
