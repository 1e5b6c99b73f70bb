"""Reach the bytes behind a page's download buttons under AppTest.

Streamlit runs a download button's callable only when the browser asks for the
file, outside the script run (as the server does). The fixture records the
callables as the page registers them; :func:`fetch` runs the one behind a
button, exactly as the server would.
"""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

__all__ = ["Downloads", "downloads"]


class Downloads:
    def __init__(self) -> None:
        self.callables: dict[str, object] = {}

    def fetch(self, at: AppTest, key: str) -> bytes:
        """The file the download button ``key`` would deliver now."""
        matches = [b for b in at.get("download_button") if b.key == key]
        assert matches, f"no download button with key {key!r}"
        file_id = matches[0].proto.deferred_file_id
        assert file_id in self.callables, f"button {key!r} has no deferred data"
        data = self.callables[file_id]()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    record = Downloads()
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, *args, **kwargs):
        file_id = original(self, data_callable, *args, **kwargs)
        record.callables[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return record
