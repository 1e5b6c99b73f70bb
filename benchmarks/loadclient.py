"""One visitor spoken in Streamlit's own protocol: what a fresh browser makes the server do on a first visit,
at almost no cost to the machine's cores (no page is drawn: that happens on the visitor's machine).

A visit (:func:`visit`):

1. ``GET`` the page, then what its HTML makes a browser load (scripts, module preloads, style sheets,
   preloaded fonts, the icon; at most six at a time, as a browser's connections per host), and
   ``/_stcore/health`` and ``/_stcore/host-config`` as Streamlit's frontend does before it connects;
   cookies kept (the proxy's replica cookie sends every request of the visit to one replica).
2. Open ``/_stcore/stream`` as the frontend does (subprotocol ``streamlit``, the page's origin, the
   cookies) and send the ``BackMsg`` that starts a run: ``rerun_script`` with the URL's query string,
   the page's name and the browser's context (locale de-DE, Europe/Berlin).
3. Read the ``ForwardMsg``\\ s up to ``script_finished``. When the map component's element arrives, load
   what the browser's component frame loads (its ``index.html`` and scripts, the Leaflet files and
   the area geometry the map's arguments name). **Ready** = the run finished successfully, the map's
   element was among its messages and its files are loaded.
4. One change, as a visitor's first click: the indicator select box to another option (a ``rerun_script``
   with that widget's state), timed to its ``script_finished`` (**rerun**).
5. Stay connected, reading what the server sends (an idle visitor reading the page), until told to leave.

Not done, because the server does not see it: drawing, running the page's JavaScript, the basemap tiles
(another server). Streamlit's frontend also loads a few more code chunks on demand (per element type)
that this client does not know of; they are static files, cached by the browser after its first visit.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

__all__ = ["MAP_COMPONENT", "Page", "Run", "Visit", "page_files", "map_files", "read_run", "rerun_message", "visit"]

MAP_COMPONENT = "streamlit_folium.st_folium"
CONNECTIONS = 6  # a browser's parallel HTTP/1.1 connections per host
_FETCHED_LINKS = {"stylesheet", "modulepreload", "preload", "icon", "shortcut icon"}
_STATIC = re.compile(r"""(?:\.\./)*app/static/[^"'\\\s)]+""")


@dataclass(frozen=True)
class Visit:
    ready: float | None  # seconds from the first request until ready (None: failed)
    rerun: float | None  # seconds of the one change (None: failed or not reached)
    upstream: str | None  # the replica that answered (the proxy's X-Atlas-Upstream header), if told
    error: str | None
    requests: int = 0  # HTTP requests of the visit
    messages: int = 0  # ForwardMsgs of the first run


@dataclass
class Run:
    """What one run of the script sent: enough to time it and to make the visitor's change."""

    page_script_hash: str = ""
    map_args: str | None = None  # the map component's JSON arguments, when its element came
    status: str = ""  # the ``script_finished`` status that ended the run
    selectboxes: dict[str, tuple[str, tuple[str, ...], str]] = field(default_factory=dict)  # label -> (id, options, value)
    errors: list[str] = field(default_factory=list)  # exception elements, page not found
    messages: int = 0


_FINISHED = {value: name for name, value in ForwardMsg.ScriptFinishedStatus.items()}


def read_message(run: Run, data: bytes, on_map: Callable[[str], None] | None = None) -> bool:
    """Take one ForwardMsg into ``run``; True when it ended the run (finished successfully, or failed)."""
    message = ForwardMsg()
    message.ParseFromString(data)
    run.messages += 1
    kind = message.WhichOneof("type")
    if kind == "new_session":
        run.page_script_hash = message.new_session.page_script_hash
    elif kind == "page_not_found":
        run.errors.append(f"page not found: {message.page_not_found.page_name}")
    elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element
        which = element.WhichOneof("type")
        if which == "component_instance" and element.component_instance.component_name == MAP_COMPONENT:
            run.map_args = element.component_instance.json_args
            if on_map is not None:
                on_map(run.map_args)
        elif which == "selectbox":
            box = element.selectbox
            run.selectboxes[box.label] = (box.id, tuple(box.options), box.raw_value)
        elif which == "exception":
            run.errors.append(f"exception on the page: {element.exception.type}: {element.exception.message[:80]}")
    elif kind == "script_finished":
        run.status = _FINISHED.get(message.script_finished, str(message.script_finished))
        # FINISHED_EARLY_FOR_RERUN: another run follows at once; a fragment's run is not the page's
        return run.status in ("FINISHED_SUCCESSFULLY", "FINISHED_WITH_COMPILE_ERROR")
    return False


async def read_run(websocket, on_map: Callable[[str], None] | None = None) -> Run:
    """Read ForwardMsgs until the run ends (see :func:`read_message`)."""
    run = Run()
    while not read_message(run, await websocket.recv(), on_map):
        pass
    return run


def rerun_message(query: str, page_name: str, url: str, page_script_hash: str = "",
                  widget: tuple[str, str] | None = None) -> bytes:
    """The ``BackMsg`` that starts a run as the browser sends it; ``widget`` = (id, new string value)."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = query
    state.page_name = page_name
    state.page_script_hash = page_script_hash
    state.context_info.locale = "de-DE"
    state.context_info.timezone = "Europe/Berlin"
    state.context_info.timezone_offset = -60
    state.context_info.url = url
    state.context_info.color_scheme = "light"
    if widget is not None:
        item = state.widget_states.widgets.add()
        item.id, item.string_value = widget
    return message.SerializeToString()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.found.append(values["src"])
        elif tag == "link" and values.get("href") and (values.get("rel") or "").lower() in _FETCHED_LINKS:
            self.found.append(values["href"])


def page_files(html: str, base: str) -> list[str]:
    """What a browser loads for an HTML page: its scripts and the links it fetches (style sheets,
    preloads, icon), as absolute URLs in order, each once."""
    parser = _Links()
    parser.feed(html)
    return list(dict.fromkeys(urljoin(base, link) for link in parser.found))


def map_files(json_args: str, frame_url: str) -> list[str]:
    """The files the map's frame loads that the app serves: the style sheets and scripts its arguments
    list and the geometry its script fetches (``app/static/…``), resolved against the frame's URL."""
    args = json.loads(json_args)
    links = [*args.get("css_links", []), *args.get("js_links", []), *_STATIC.findall(args.get("script", ""))]
    return list(dict.fromkeys(urljoin(frame_url, link) for link in links if "app/static/" in link))


@dataclass(frozen=True)
class Page:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def text(self) -> str:
        body = gzip.decompress(self.body) if (self.header("content-encoding") or "").lower() == "gzip" else self.body
        return body.decode("utf-8", "replace")


def _dechunk(body: bytes) -> bytes:
    out, rest = bytearray(), body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2:]
    return bytes(out)


async def get(url: str, cookies: dict[str, str], timeout: float) -> Page:
    """One HTTP/1.1 GET as a browser sends it (gzip accepted, cookies sent and kept)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(parts.hostname, parts.port or 80), timeout)
    try:
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        request = (f"GET {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1\r\n"
                   f"Host: {parts.netloc}\r\nUser-Agent: ankunftsatlas-load\r\nAccept: */*\r\n"
                   f"Accept-Encoding: gzip\r\nAccept-Language: de-DE,de\r\n"
                   + (f"Cookie: {cookie}\r\n" if cookie else "") + "Connection: close\r\n\r\n")
        writer.write(request.encode("latin-1"))
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = tuple((k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:]))
    for key, value in headers:
        if key.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name.strip()] = rest.split(";")[0].strip()
    page = Page(status, headers, body)
    if (page.header("transfer-encoding") or "").lower() == "chunked":
        page = Page(status, headers, _dechunk(body))
    if status >= 400:
        raise RuntimeError(f"GET {parts.path}: HTTP {status}")
    return page


async def _get_all(urls: list[str], cookies: dict[str, str], timeout: float) -> None:
    gate = asyncio.Semaphore(CONNECTIONS)

    async def one(url: str) -> None:
        async with gate:
            await get(url, cookies, timeout)

    await asyncio.gather(*(one(url) for url in urls))


async def visit(base: str, path_query: str, change_label: str, leave: asyncio.Event,
                measured: Callable[[Visit], None], timeout: float = 120.0) -> Visit:
    """One visitor (see the module's text). ``measured`` is called once the visit is timed (or failed);
    the visitor then stays connected until ``leave`` is set. ``path_query``: e.g. ``"?ds=berlin-lor"``."""
    cookies: dict[str, str] = {}
    url = f"{base}/{path_query.lstrip('/')}"
    parts = urlsplit(url)
    requests = 0
    start = time.perf_counter()
    upstream = None
    result: Visit | None = None
    try:
        async with asyncio.timeout(timeout) as scope:
            page = await get(url, cookies, timeout)
            upstream = page.header("x-atlas-upstream")
            files = [*page_files(page.text(), url), f"{base}/_stcore/health", f"{base}/_stcore/host-config"]
            await _get_all(files, cookies, timeout)
            requests = 1 + len(files)
            ws_url = f"ws://{parts.netloc}/_stcore/stream"
            cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
            async with connect(ws_url, subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],
                               origin=f"http://{parts.netloc}", max_size=None,
                               additional_headers={"Cookie": cookie} if cookie else None) as websocket:
                frame_files: list[asyncio.Task] = []

                def on_map(args: str) -> None:
                    frame = f"{base}/component/{MAP_COMPONENT}/index.html?streamlitUrl={quote(url, safe='')}"

                    async def load_frame() -> int:
                        html = (await get(frame, cookies, timeout)).text()
                        rest = [*page_files(html, frame), *map_files(args, frame)]
                        await _get_all(rest, cookies, timeout)
                        return 1 + len(rest)

                    frame_files.append(asyncio.create_task(load_frame()))

                page_name = parts.path.strip("/")
                await websocket.send(rerun_message(parts.query, page_name, url))
                run = await read_run(websocket, on_map)
                requests += sum([await task for task in frame_files])
                problem = _problem(run)
                if problem:
                    return _report(measured, Visit(None, None, upstream, problem, requests))
                ready = time.perf_counter() - start
                box = run.selectboxes.get(change_label)
                if box is None:
                    return _report(measured, Visit(ready, None, upstream, f"no select box {change_label!r}", requests))
                widget_id, options, value = box
                other = next((option for option in options if option != value), None)
                if other is None:
                    return _report(measured, Visit(ready, None, upstream, f"{change_label!r}: no other option", requests))
                began = time.perf_counter()
                await websocket.send(rerun_message(parts.query, page_name, url, run.page_script_hash, (widget_id, other)))
                second = await read_run(websocket)
                rerun = time.perf_counter() - began
                problem = _problem(second, need_map=False)
                result = _report(measured, Visit(ready, None if problem else rerun, upstream, problem, requests,
                                                 run.messages))
                scope.reschedule(None)  # timed; now the visitor reads, connected, until told to leave
                await _idle(websocket, leave)
                return result
    except Exception as exc:  # noqa: BLE001  a failed visit is counted, never fatal
        if result is not None:  # timed already; the connection ended while idle (e.g. its replica stopped)
            return result
        return _report(measured, Visit(None, None, upstream, f"{type(exc).__name__}: {str(exc)[:100]}", requests))


def _problem(run: Run, need_map: bool = True) -> str | None:
    if run.errors:
        return run.errors[0]
    if run.status != "FINISHED_SUCCESSFULLY":
        return f"run ended {run.status}"
    if need_map and run.map_args is None:
        return "no map on the page"
    return None


def _report(measured: Callable[[Visit], None], result: Visit) -> Visit:
    measured(result)
    return result


async def _idle(websocket, leave: asyncio.Event) -> None:
    """Stay connected, taking whatever the server sends (its pings are answered by the library)."""

    async def drain() -> None:
        async for _ in websocket:
            pass

    reader = asyncio.create_task(drain())
    try:
        await leave.wait()
    finally:
        reader.cancel()
