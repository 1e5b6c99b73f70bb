"""Several server processes on one PostgreSQL database: datasets and grids shared through it.

:func:`share_datasets` registers :class:`storage.shared.DatabaseMirror` with
:mod:`geo.store.mirror` when ``ANKUNFTSATLAS_DATABASE_URL`` names PostgreSQL
(called once by ``server.py``); on the SQLite default it does nothing. A
public replica syncs read-only (it opens the database read-only); the officer
instance shares what it saves. The sign-in token key lives in the database too
(:func:`storage.tokens.use_database`): the officer instance generates it on its
first start (:func:`make_token_key`), the replicas read it; ``ANKUNFTSATLAS_SECRET``
still overrides it.

After a failover (a replica gone, the proxy sends the page's WebSocket to another
one) Streamlit reconnects but does not rerun: the new server holds no session
for the page until the visitor's first change, and that first run takes the
view from the URL, overriding the change. :func:`watch_replica` puts a small
script into the page that notices the reconnection (a new WebSocket to Streamlit's
stream opens; or the tab becomes visible again), asks the server which process
it is (:data:`SERVER_PATH`, :func:`server_routes`) and reloads the page when it
is another one: the new session starts from the URL at once, and the visitor's
first change after the switch takes effect.
"""

from __future__ import annotations

import json
import sys
import uuid

import streamlit as st
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from geo.store import mirror
from storage.db import database_url
from storage.shared import DatabaseMirror, uses_shared_store
from storage import tokens
from ui.shell import cache

__all__ = ["SERVER_ID", "SERVER_PATH", "make_token_key", "server_routes", "share_datasets", "watch_replica"]

SERVER_PATH = "/_atlas/server"
STREAM_PATH = "/_stcore/stream"  # Streamlit's WebSocket route (the frontend reconnects to it)
SERVER_ID = uuid.uuid4().hex  # this server process (a restarted one is another)


def share_datasets() -> bool:
    """Register the database mirror when the database is PostgreSQL; True when it was registered."""
    if not uses_shared_store(database_url()):
        mirror.register(None)
        tokens.use_database(None)
        return False
    writable = not cache.settings().public
    mirror.register(DatabaseMirror(engine=cache.engine, writable=writable))
    tokens.use_database(cache.engine, writable=writable)
    return True


def make_token_key() -> None:
    """On the officer instance's start: the token key into the database, if it holds none yet (a
    database that does not answer now: made at the first sign-in instead)."""
    if not uses_shared_store(database_url()) or cache.settings().public:
        return
    try:
        tokens.server_secret()
    except Exception as exc:  # noqa: BLE001 - start anyway; the pages say what is wrong with the database
        print(f"Ankunftsatlas: token key not stored yet ({type(exc).__name__}: {exc})", file=sys.stderr)



async def _server_id(_request: Request) -> PlainTextResponse:
    return PlainTextResponse(SERVER_ID, headers={"Cache-Control": "no-store"})


def server_routes() -> list[Route]:
    """``GET /_atlas/server``: the id of the server process that answers (through the proxy: the
    replica the browser's cookie names)."""
    return [Route(SERVER_PATH, _server_id, methods=["GET"])]


# Streamlit's frontend opens a new WebSocket to /_stcore/stream for every reconnection. The script wraps the
# browser's WebSocket constructor (a web API, not a Streamlit hook): each stream opened after it asks which
# process answers now, as does the tab becoming visible again. Another process: reload (the URL holds the view).
_WATCH = """<span class="atlas-replica-watch"></span>
<style>[data-testid="stElementContainer"]:has(.atlas-replica-watch) { display: none; }</style>
<script>
(() => {
  if (window.atlasReplicaWatch) return;
  window.atlasReplicaWatch = true;
  const path = %(path)s;
  let mine = null;
  const check = () => fetch(path, {cache: "no-store", credentials: "same-origin"})
    .then((response) => (response.ok ? response.text() : null)).catch(() => null)
    .then((id) => {
      if (!id) return;
      if (mine && id !== mine) { location.reload(); return; }
      mine = id;
      document.documentElement.dataset.atlasServer = id;
    });
  check();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (String(url).includes(%(stream)s)) this.addEventListener("open", check);
    }
  };
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") check(); });
})();
</script>"""


def watch_replica() -> None:
    """The failover script (see the module's text); invisible, takes no space, runs once per page load."""
    st.html(_WATCH % {"path": json.dumps(SERVER_PATH), "stream": json.dumps(STREAM_PATH)}, unsafe_allow_javascript=True)
