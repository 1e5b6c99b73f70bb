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

from ui.warmup import warm_up
from ui.webgate import UploadGate, routes


@asynccontextmanager
async def _lifespan(_app):
    start = time.perf_counter()
    await asyncio.to_thread(warm_up)
    print(f"Ankunftsatlas: first-visit work done at start-up in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    yield


# The upload gate refuses Streamlit's upload endpoint on the public site and to anyone not signed in;
# the routes set and drop the HttpOnly sign-in cookie (ui/webgate.py).
app = st.App("dashboard.py", lifespan=_lifespan, routes=routes(), middleware=[Middleware(UploadGate)])
