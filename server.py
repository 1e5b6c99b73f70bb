"""Serving entry point: the dashboard (``dashboard.py``) with its first-visit work done at start-up.

    streamlit run server.py          (what ``make run`` does)

The server answers once :func:`ui.warmup.warm_up` has run, so that the first visitor of a
freshly started server gets the map as fast as every later one. ``streamlit run
dashboard.py`` still works; it only leaves that work to the first visitor.
"""

import asyncio
from contextlib import asynccontextmanager

import streamlit as st

from ui.warmup import warm_up


@asynccontextmanager
async def _lifespan(_app):
    await asyncio.to_thread(warm_up)
    yield


app = st.App("dashboard.py", lifespan=_lifespan)
