"""The Streamlit side of the app, in wings by job (imports run downwards only; pyproject.toml, ``ui-wings``).

- ``views/``: one page area each (map side column, grid, self-drawn quarters, recipes, status dynamics,
  network, projects, import)
- ``documents/``: what a page hands on (decision record, the selection's documents, presentation view)
- ``widgets/``: controls and drawings shared by several pages (number and upload fields, map, legend, sign-in)
- ``shell/``: page setup, session keys, view state and URL, caches, strings, notices, the server's gates
- ``warmup.py``: the server's start-up, above every wing (it warms them all)
"""
