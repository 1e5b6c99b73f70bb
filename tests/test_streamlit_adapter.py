"""The private Streamlit API the warm-up uses (ui/shell/streamlit_adapter.py) is still there and works.

Fails on a Streamlit or streamlit-folium upgrade that moves an internal, before a server starts
without its map component (the map frame would answer 404) or with the wrong page dialog.
"""

from __future__ import annotations

import pytest

from ui.shell import streamlit_adapter


@pytest.mark.parametrize("name", sorted(streamlit_adapter.internals_present()))
def test_each_private_name_used_is_still_there(name):
    assert streamlit_adapter.internals_present()[name], f"{name} moved: update ui/shell/streamlit_adapter.py"


def test_the_map_component_registers_with_a_registry_and_is_found_by_name():
    import streamlit_folium
    from streamlit.components.lib.local_component_registry import LocalComponentRegistry

    registry = LocalComponentRegistry()
    component = streamlit_folium._component_func
    assert registry.get_component_path(component.name) is None
    registry.register_component(component)
    path = registry.get_component_path(component.name)
    assert path is not None and path.endswith("frontend/build"), path


def test_outside_a_server_nothing_is_registered():
    assert streamlit_adapter.register_map_component() is False


def test_no_other_module_reaches_into_those_internals():
    from tests.conftest import REPO

    private = ("component_registry", "_component_func", "uses_pages_directory")
    offenders = [
        str(path.relative_to(REPO))
        for folder in ("ui", "geo", "pages", "storage", "exports")
        for path in (REPO / folder).rglob("*.py")
        if path.name != "streamlit_adapter.py" and any(p in path.read_text(encoding="utf-8") for p in private)
    ] + [name for name in ("dashboard.py", "server.py")
         if any(p in (REPO / name).read_text(encoding="utf-8") for p in private)]
    assert offenders == []
