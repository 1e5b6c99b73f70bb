"""Load, measured (never asserted): how many visitors one replica holds, and two behind nginx.

    .venv/bin/python benchmarks/load.py --database-url "$(bash .ci/postgres.sh)" --sessions 4,8,16,32 [--berlin DIR]
    .venv/bin/python benchmarks/load.py --database-url … --rates 0.5,1,2,4 --duration 20
    .venv/bin/python benchmarks/load.py --database-url … --validate          # protocol client vs. Chromium

Starts the reference deployment ONCE on loopback (deploy/cluster.py: nginx, an officer instance, two
public replicas, one PostgreSQL; five ports from --port), then for each dataset (the embedded
Kaiserslautern default and, with --berlin, the 447 Berlin planning areas imported on the officer
instance) and each target (one replica directly; the proxy in front of two) runs a series of steps:

- ``--sessions 4,8,…``: a burst, N visitors arriving at once;
- ``--rates 0.5,1,…``: arrivals as a rate, R visitors per second over ``--duration`` seconds.

A visitor (benchmarks/loadclient.py) does on the server what a first visit in a fresh browser does:
loads the page and its files, runs the page over Streamlit's WebSocket until the map's element is
sent and its files are loaded (**ready**), makes one change of indicator (**rerun**) and stays
connected, reading, until every visitor of the step is timed. It draws nothing: drawing happens on
each visitor's own machine, so a load generator that draws (``--client browser``: one Chromium page
per visitor, kept as a check) measures its own drawing on the server's cores, not the server.

Per step: ready and rerun median and 95th percentile, errors; per replica the sessions it held, its
resident memory growth per open session and its CPU seconds per session (/proc/<pid>). A series stops
after the first step whose p95 passes 3 s (or that has errors); the last line per dataset is the
summary ``capacity_one_replica=N capacity_two_replicas=M`` (largest level with p95 under 3 s; ``N+``:
the largest level tried still passed). Bounded (loopback only; at most 200 visitors per step, 40 with
Chromium). Everything runs in a schema of its own (``load_<random>``), dropped at the end; the
embedded dataset needs ANKUNFTSATLAS_MIRROR (or a built cache) as ``make run`` does. The figures
depend on the machine and on what else runs on it: run it on the machine you size, with nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.loadclient import visit  # noqa: E402
from benchmarks.loadreport import ReplicaUse, StepResult, step_line, summary_line  # noqa: E402
from benchmarks.procstat import command, cpu_seconds, descendants, rss_mb  # noqa: E402

MAX_VISITORS = {"protocol": 200, "browser": 40}
READY = "body[data-atlas-areas]"
CHANGE_LABEL = "Indikator"  # the map page's indicator select box (German: the visitor's locale is de-DE)


def _levels(text: str) -> list[float]:
    try:
        levels = sorted({float(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not levels or levels[0] <= 0:
        raise argparse.ArgumentTypeError("levels must be positive")
    return levels


def arrivals(level: float, rate: bool, duration: float) -> list[float]:
    """Seconds after the step's start at which each visitor arrives: all at 0 (a burst of ``level``),
    or every 1/``level`` s over ``duration`` (a rate)."""
    if not rate:
        return [0.0] * int(level)
    return [i / level for i in range(max(1, round(level * duration)))]


def _usage(replicas: dict[str, int]) -> dict[str, tuple[float, float]]:
    return {name: (rss_mb(pid), cpu_seconds(pid)) for name, pid in replicas.items()}


def _held(upstreams: Sequence[str | None], ports: dict[str, int]) -> dict[str, int]:
    """Sessions per replica: by the proxy's header (its last address, after a retry), else the one target."""
    held = dict.fromkeys(ports, 0)
    for upstream in upstreams:
        name = next((n for n, port in ports.items() if upstream and upstream.rsplit(",", 1)[-1].strip().endswith(f":{port}")),
                    next(iter(ports)) if len(ports) == 1 else None)
        if name is not None:
            held[name] += 1
    return held


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _result(level: float, visits: list, before: dict, after: dict, replicas: dict[str, tuple[int, int]],
            client_cpu_s: float = float("nan")) -> StepResult:
    good = [v for v in visits if v.error is None]
    held = _held([v.upstream for v in good], {name: port for name, (_, port) in replicas.items()})
    uses = {name: ReplicaUse(held[name], after[name][0] - before[name][0], after[name][1] - before[name][1])
            for name in replicas}
    return StepResult(level=level, ready=tuple(v.ready for v in good), rerun=tuple(v.rerun for v in good if v.rerun is not None),
                      errors=tuple(v.error for v in visits if v.error is not None), replicas=uses,
                      client_cpu_s=client_cpu_s)


async def protocol_step(base: str, path_query: str, starts: list[float], replicas: dict[str, tuple[int, int]],
                        level: float, timeout: float, visits: list | None = None) -> StepResult:
    """Visitors arriving at ``starts``; usage read once all are timed, while they are still connected."""
    leave, timed = asyncio.Event(), asyncio.Event()
    visits = [] if visits is None else visits
    count = len(visits)

    def measured(result) -> None:
        visits.append(result)
        if len(visits) - count == len(starts):
            timed.set()

    pids = {name: pid for name, (pid, _) in replicas.items()}
    before, own = _usage(pids), _own_cpu()
    loop = asyncio.get_running_loop()
    begin = loop.time()

    async def arrive(offset: float):
        await asyncio.sleep(max(0.0, begin + offset - loop.time()))
        return await visit(base, path_query, CHANGE_LABEL, leave, measured, timeout)

    tasks = [asyncio.create_task(arrive(offset)) for offset in starts]
    await timed.wait()
    after, own = _usage(pids), _own_cpu() - own
    leave.set()
    await asyncio.gather(*tasks)
    return _result(level, visits[count:], before, after, replicas, own)


async def _browser_visit(browser, url: str, timeout_ms: int):
    import time

    from benchmarks.loadclient import Visit

    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    start = time.perf_counter()
    try:
        page = await context.new_page()
        response = await page.goto(url, timeout=timeout_ms)
        upstream = response.headers.get("x-atlas-upstream") if response else None
        frame = await (await page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]',
                                                    timeout=timeout_ms)).content_frame()
        await frame.wait_for_selector(READY, timeout=timeout_ms)
        return Visit(time.perf_counter() - start, None, upstream, None), context
    except Exception as exc:  # noqa: BLE001  a failed session is counted, not fatal
        return Visit(None, None, None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:100]}"), context


def _chromium_cpu() -> dict[int, float]:
    """CPU seconds so far of each Chromium process below this one (not Playwright's driver)."""
    return {pid: cpu_seconds(pid) for pid in descendants(os.getpid()) if "chrom" in command(pid)}


async def browser_step(url: str, starts: list[float], replicas: dict[str, tuple[int, int]], level: float,
                       timeout: float, chromium_cpu: list[float] | None = None) -> StepResult:
    """The check: one Chromium page per visitor (ready = the map has drawn its areas; no rerun timed).
    ``chromium_cpu``: gets the CPU seconds Chromium's own processes spent (drawing, scripts)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                   args=["--no-sandbox", "--disable-gpu"])
        pids = {name: pid for name, (pid, _) in replicas.items()}
        before = _usage(pids)
        own_before = _chromium_cpu()

        async def arrive(offset: float):
            await asyncio.sleep(offset)
            return await _browser_visit(browser, url, int(timeout * 1000))

        results = await asyncio.gather(*(arrive(offset) for offset in starts))
        after = _usage(pids)
        if chromium_cpu is not None:  # the pages' processes started during the step count whole
            own_after = _chromium_cpu()
            chromium_cpu.append(sum(spent - own_before.get(pid, 0.0) for pid, spent in own_after.items()))
        for _, context in results:
            await context.close()
        await browser.close()
    return _result(level, [v for v, _ in results], before, after, replicas)


def _import_berlin(cluster, berlin: Path) -> None:
    env = {**cluster.env["officer"]}
    subprocess.run(
        [sys.executable, "-m", "geo.ingest", "--boundaries", str(berlin / "plr.geojson"),
         "--indicators", str(berlin / "long.csv"), "--indicator", "merkmal", "--year", "jahr",
         "--value", "anzahl", "--key", "planungsraum", "--share", "Ausländeranteil=Ausländer/Einwohner",
         "--name", "Berlin LOR", "--municipality", "Berlin", "--unit-label", "Planungsräume",
         "--allow-unmatched", "--replace"],
        cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL,
    )
    subprocess.run([sys.executable, "-m", "storage.shared", "sync"], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def run_series(args, cluster, datasets: dict[str, str]) -> None:
    replicas = {name: (cluster.processes[name].pid, port) for name, port in zip(("public-1", "public-2"), cluster.ports.public)}
    targets = {
        "one replica": (cluster.url("public-1"), {"public-1": replicas["public-1"]}),
        "two replicas behind nginx": (cluster.proxy_url, replicas),
    }
    rate = args.rates is not None
    levels = args.rates if rate else args.sessions
    unit = "sessions_per_s" if rate else "sessions_at_once"
    load = os.getloadavg()
    print(f"{args.client} client, {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          + (f"arrivals {levels} per s over {args.duration:g} s" if rate else f"bursts of {levels}"), flush=True)
    summaries = []
    for label, query in datasets.items():
        series: dict[str, list[StepResult]] = {}
        for target, (url, watched) in targets.items():
            for name in watched:  # each replica's caches warm, as after its first visitor
                asyncio.run(protocol_step(cluster.url(name), query, [0.0], {name: watched[name]}, 1, args.timeout))
            series[target] = []
            for level in levels:
                starts = arrivals(level, rate, args.duration)
                if args.client == "browser":
                    result = asyncio.run(browser_step(f"{url}/{query}", starts, watched, level, args.timeout))
                else:
                    result = asyncio.run(protocol_step(url, query, starts, watched, level, args.timeout))
                series[target].append(result)
                what = f"{level:g}/s over {args.duration:g} s ({len(starts)} visitors)" if rate else f"{level:g} at once"
                print(step_line(f"{label}, {target}, {what}", result), flush=True)
                for error in sorted(set(result.errors))[:3]:
                    print(f"  error: {error}", flush=True)
                if not result.passes():
                    break  # larger levels only wait longer
        summaries.append(summary_line(label.split(" (")[0], unit, series["one replica"], series["two replicas behind nginx"]))
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for line in summaries:
        print(line, flush=True)


def validate(args, cluster, datasets: dict[str, str], repeats: int = 5) -> None:
    """One visitor at a time on one replica: the protocol client's ready time plus Chromium's own CPU time
    per page (its processes' CPU seconds: scripts, layout, drawing) against Chromium's ready time."""
    replica = {"public-1": (cluster.processes["public-1"].pid, cluster.ports.public[0])}
    url = cluster.url("public-1")
    for label, query in datasets.items():
        asyncio.run(protocol_step(url, query, [0.0], replica, 1, args.timeout))
        visits: list = []
        protocol = [asyncio.run(protocol_step(url, query, [0.0], replica, 1, args.timeout, visits)).ready[0]
                    for _ in range(repeats)]
        own: list[float] = []
        browser = [asyncio.run(browser_step(f"{url}/{query}", [0.0], replica, 1, args.timeout, own)).ready[0]
                   for _ in range(repeats)]
        p, b, c = statistics.median(protocol), statistics.median(browser), statistics.median(own)
        print(f"validate {label}: protocol ready median {p:.2f} s + Chromium's own CPU per page {c:.2f} s = {p + c:.2f} s;"
              f" Chromium ready median {b:.2f} s ({repeats} visits each, one at a time; a protocol visit: "
              f"{visits[0].requests} HTTP requests, {visits[0].messages} messages)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="PostgreSQL (SQLAlchemy URL), e.g. from .ci/postgres.sh")
    levels = parser.add_mutually_exclusive_group()
    levels.add_argument("--sessions", type=_levels, default=[4.0], help="bursts: visitors at once, e.g. 4,8,16,32")
    levels.add_argument("--rates", "--rate", type=_levels, help="arrivals per second, e.g. 0.5,1,2,4 (with --duration)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of arrivals per rate step")
    parser.add_argument("--client", choices=("protocol", "browser"), default="protocol",
                        help="protocol (default): Streamlit's WebSocket, draws nothing; browser: Chromium (a check)")
    parser.add_argument("--validate", action="store_true", help="compare the protocol client with Chromium, one visitor")
    parser.add_argument("--port", type=int, default=8641, help="first of five loopback ports")
    parser.add_argument("--berlin", type=Path, help="folder with Berlin's plr.geojson and long.csv (447 areas)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ankunftsatlas-load"))
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a visitor may take to be timed")
    args = parser.parse_args(argv)
    if args.rates is None:
        args.sessions = [int(level) for level in args.sessions]
    largest = max(len(arrivals(level, args.rates is not None, args.duration)) for level in (args.rates or args.sessions))
    if largest > MAX_VISITORS[args.client]:
        parser.error(f"at most {MAX_VISITORS[args.client]} visitors per step with the {args.client} client ({largest} asked)")

    from sqlalchemy import make_url, text

    from deploy.cluster import Ports, start
    from storage.db import make_engine

    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = make_engine(args.database_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(args.database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        cluster = start(url.render_as_string(hide_password=False), args.workdir, Ports.from_base(args.port),
                        env=dict(os.environ), tell_replica=True)
    except BaseException:
        _drop(admin, schema)
        raise
    try:
        datasets = {"Kaiserslautern (18 areas)": ""}
        if args.berlin:
            _import_berlin(cluster, args.berlin)
            datasets["Berlin (447 areas)"] = "?ds=berlin-lor"
        (validate if args.validate else run_series)(args, cluster, datasets)
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
