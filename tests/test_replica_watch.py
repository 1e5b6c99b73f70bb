"""The failover script (ui/shell/replicas.py) notices a reconnection by a WebSocket we can see opening, not by a
test attribute of Streamlit's frontend; the stream it watches is Streamlit's. The reload itself after a replica
is killed: tests/e2e/test_deployment.py."""

from __future__ import annotations

import json

from streamlit.web.server.starlette import starlette_websocket

from ui.shell import replicas


def test_the_watched_stream_is_streamlits_websocket_route():
    assert replicas.STREAM_PATH == "/" + starlette_websocket._ROUTE_WEBSOCKET_STREAM  # renamed by Streamlit: fails


def test_the_script_asks_our_route_when_a_stream_opens_and_uses_no_test_hook():
    script = replicas._WATCH % {"path": json.dumps(replicas.SERVER_PATH), "stream": json.dumps(replicas.STREAM_PATH)}
    assert 'window.WebSocket = class extends Native' in script
    assert 'if (String(url).includes("/_stcore/stream")) this.addEventListener("open", check);' in script
    assert 'fetch(path' in script and 'const path = "/_atlas/server";' in script
    assert 'visibilitychange' in script and "location.reload()" in script
    code = script[script.index("<script>"):]
    assert "data-test" not in code  # Streamlit's test attributes are not an API (the style only hides the box)
