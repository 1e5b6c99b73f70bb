"""Pure core of Ankunftsatlas, never importing streamlit. Its wings, bottom to top:

- :mod:`geo.read`     reading files (sources, boundaries, tables, names, Zensus grid files)
- :mod:`geo.domain`   the domain model (datasets, indicators, years, aggregation, numbers)
- :mod:`geo.store`    datasets on disk (store, catalogue, import, grid layers)
- :mod:`geo.analysis` classification, comparison, screening, ranking, disclosure, network
- :mod:`geo.maps`     drawing (choropleth, Leaflet map, tile map, grid map, standalone views)

``store`` and ``analysis`` never import each other. The modules at this level are the
command lines (``python -m geo.ingest``, ``geo.sources``, ``geo.grid``, ``geo.ranking``) and
:mod:`geo.settings`. The contract is written in ``pyproject.toml`` (import-linter).
"""
