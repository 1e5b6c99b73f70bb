"""The first visit's work, done once when the server starts (``server.py``), not by the first visitor.

A freshly started server would otherwise make its first visitor wait for everything a
first run does once per process: importing what the pages import (geopandas, folium,
SQLAlchemy, mapclassify with scipy and scikit-learn), opening and migrating the database,
and reading the default dataset, its boundaries and its Zensus grid into the caches of
:mod:`ui.shell.cache`. All of that is shared by every session of the process.

Nothing here may keep the server from starting: a step that fails is logged and left
to the page, which reports the same problem to its user in its own words.
"""

from __future__ import annotations

import ast
import importlib
import logging
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["page_imports", "warm_up"]

_LOG = logging.getLogger("ankunftsatlas.warmup")
APP_DIR = Path(__file__).resolve().parent.parent

# Imported inside functions on the first map's path: classification (kept out of module imports
# so that the command lines and the other pages do not pay for it), and the emoji catalogue
# Streamlit loads to check the page icon (``st.set_page_config`` in dashboard.py).
FIRST_MAP_IMPORTS = ("mapclassify", "streamlit.emojis")


def page_imports(app_dir: Path = APP_DIR) -> list[str]:
    """Every module the entry script and the pages import at their top, in a stable order.

    With ``from A import b`` both ``A`` and ``A.b`` are listed, since ``b`` may be a module
    (``from ui import cache``) or a name (``from ui.shell.strings import t``: only ``ui.shell.strings``
    imports). Read from the files themselves, so a new page or import is warmed too.
    """
    names: dict[str, None] = {}
    for script in [app_dir / "dashboard.py", *sorted((app_dir / "pages").glob("*.py"))]:
        for name in _imported_names(ast.parse(script.read_text(encoding="utf-8"))):
            names.setdefault(name, None)
    return list(names)


def _imported_names(tree: ast.Module) -> Iterator[str]:
    for node in tree.body:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"  # a submodule, if it is one (tried below)


def _import(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:  # a module that exists but whose own import is broken
            _LOG.warning("warm-up: importing %s failed: %s", name, exc)
        return False  # ``from ui.shell.strings import t``: t is a name, not a module
    except Exception as exc:  # noqa: BLE001 - the page will raise and report the same error
        _LOG.warning("warm-up: importing %s failed: %s", name, exc)
        return False
    return True


def _step(label: str, action) -> None:
    start = time.perf_counter()
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - the page reports it to its user (see module doc)
        _LOG.warning("warm-up: %s failed: %s", label, exc)
        return
    _LOG.info("warm-up: %s in %.2f s", label, time.perf_counter() - start)


def _grid() -> None:
    from ui.shell import cache
    from ui.views import gridview

    layer = cache.grid(cache.DEFAULT)
    if layer is not None:
        gridview.prepare(layer, cache.boundaries(cache.DEFAULT).geometry)


def _prepare(dataset_id: str) -> None:
    """The dataset with its boundaries, and the compact map geometry the browser fetches."""
    from ui.shell import cache

    cache.dataset(dataset_id)
    geometry = cache.boundaries(dataset_id).geometry
    if geometry is not None:
        cache.publish_geojson(geometry.geojson)


def _last_used() -> None:
    """The dataset pages opened last (``geo.store.displaystore.last_used``), when it is not the default."""
    from geo.store.displaystore import last_used
    from ui.shell import cache

    dataset_id = last_used()
    if dataset_id and dataset_id != cache.DEFAULT and dataset_id in cache.dataset_choices():
        _prepare(dataset_id)


def warm_up() -> list[str]:
    """Import what the pages import and fill the shared caches for the default dataset.

    Returns the modules imported (for the log and the tests). Safe to call more than once.
    """
    imported: list[str] = []
    _step("imports", lambda: imported.extend(
        name for name in [*page_imports(), *FIRST_MAP_IMPORTS] if _import(name)))
    from ui.shell.streamlit_adapter import declare_navigation, register_map_component

    _step("map component", register_map_component)  # private Streamlit API, isolated in that module
    _step("navigation", declare_navigation)
    from ui.shell import cache

    _step("datasets on disk", cache.datasets)
    _step("database", cache.engine)
    _step("default dataset and boundaries", lambda: _prepare(cache.DEFAULT))
    _step("the dataset used last", _last_used)
    _step("Zensus grid", _grid)
    cache.new_run()  # the warm-up's thread lives on: what it read stays in the shared caches, not with it
    return imported
