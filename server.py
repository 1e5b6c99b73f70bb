"""Serving entry point: the dashboard (``dashboard.py``) with its first-visit work done at start-up.

    streamlit run server.py          (what ``make run`` does)

The server answers once :func:`ui.warmup.warm_up` has run, so that the first visitor of a
freshly started server gets the map as fast as every later one. ``streamlit run
dashboard.py`` still serves the pages, but without the upload gate and the sign-in cookie routes:
deploy with ``server.py``.
"""

import asyncio
import sys
import time
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from geo.settings import read_settings
from ui.shell.pageaddresses import PageAddressMiddleware, addresses
from ui.shell.replicas import make_token_key, server_routes, share_datasets
from ui.shell.strings import t
from ui.shell.tileroute import basemap_routes
from ui.warmup import warm_up
from ui.shell.webgate import UploadGate, routes


@asynccontextmanager
async def _lifespan(_app):
    start = time.perf_counter()
    await asyncio.to_thread(warm_up)
    await asyncio.to_thread(make_token_key)  # on PostgreSQL, the officer instance: once, for every replica
    print(f"Ankunftsatlas: first-visit work done at start-up in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    yield


# Other names of a page (/karte, /rangfolge-und-typen) and unknown paths are redirected before
# Streamlit sees them: it would answer with its English "Page not found" dialog. The upload gate
# refuses Streamlit's upload endpoint on the public site and to anyone not signed in; the webgate
# routes set and drop the HttpOnly sign-in cookie (ui/shell/webgate.py).
_settings = read_settings()
share_datasets()  # on PostgreSQL: imported datasets and grids shared by every server process (ui/shell/replicas.py)
_pages, _aliases = addresses(_settings.public, t)
app = st.App(
    "dashboard.py",
    lifespan=_lifespan,
    routes=[*routes(), *server_routes(), *basemap_routes(_settings.tiles)],  # a local PMTiles basemap, served by the app itself
    middleware=[Middleware(UploadGate), Middleware(PageAddressMiddleware, pages=_pages, aliases=_aliases)],
)
