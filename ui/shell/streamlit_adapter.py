"""The only place that reaches into Streamlit's (and streamlit-folium's) private API.

Two things the server's warm-up (``ui/warmup.py``) needs have no public API in Streamlit 1.67:

- **registering a custom component outside a script run.** Streamlit registers a component when
  it is declared during a run; streamlit-folium declares its map when imported, which the warm-up
  does before any run. Unregistered, the map's frame would answer 404 for the life of the process.
- **saying that the app declares its pages with** ``st.navigation``. An app beside a ``pages/`` folder
  is taken for an old-style multipage app until a run has called ``st.navigation``; the first run on a
  fresh server then answered a page address with the English "Page not found" dialog.

Each is one function here. ``tests/test_streamlit_adapter.py`` fails as soon as a Streamlit or
streamlit-folium upgrade moves one of the internals used, so an upgrade is noticed by the tests,
not by the first visitor.
"""

from __future__ import annotations

__all__ = ["declare_navigation", "internals_present", "register_map_component"]


def register_map_component() -> bool:
    """Register streamlit-folium's map component with the running server; False outside a server."""
    import streamlit_folium
    from streamlit import runtime

    if not runtime.exists():  # warm_up() called outside a server (the tests)
        return False
    runtime.get_instance().component_registry.register_component(streamlit_folium._component_func)
    return True


def declare_navigation() -> None:
    """Tell Streamlit that this app declares its pages with ``st.navigation`` (not a ``pages/`` folder)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def internals_present() -> dict[str, bool]:
    """Whether each private name used above is still there (for the test and the warm-up's log)."""
    import streamlit_folium
    from streamlit.components.types.base_component_registry import BaseComponentRegistry
    from streamlit.components.types.base_custom_component import BaseCustomComponent
    from streamlit.runtime import Runtime
    from streamlit.runtime.pages_manager import PagesManager

    return {
        "Runtime.component_registry": isinstance(vars(Runtime).get("component_registry"), property),
        "BaseComponentRegistry.register_component": callable(getattr(BaseComponentRegistry, "register_component", None)),
        "streamlit_folium._component_func": isinstance(getattr(streamlit_folium, "_component_func", None),
                                                       BaseCustomComponent),
        "PagesManager.uses_pages_directory": "uses_pages_directory" in vars(PagesManager),
    }
