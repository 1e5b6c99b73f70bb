"""How often one run of the map page opens, unpickles and lists datasets, and how long a run takes.

    ANKUNFTSATLAS_DATA_DIR=/tmp/me/data ANKUNFTSATLAS_MIRROR=/path/to/mirror \
        .venv/bin/python benchmarks/dataset_runs.py kaiserslautern-2016 berlin blockstadt

Import the datasets first (``python -m geo.ingest``; the 14,040 SYNTHETIC blocks of
tests/realistic.block_city as benchmarks/areas.py does). For each dataset id, the map page runs in
AppTest (no browser): a first run in a fresh process's caches, then a rerun after a change of
indicator. Printed per run: seconds, datasets opened from disk (``open_info``), cached values
unpickled by ``st.cache_data`` (with their size), ``provenance.json`` files read and dataset
listings (``list_datasets``).
"""

from __future__ import annotations

import pickle
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

COUNTS: Counter = Counter()


def _instrument() -> None:
    import streamlit.runtime.caching.cache_data_api as cache_data_api

    import geo.store.catalog as catalog
    import geo.store.datasets as datasets

    real_loads, real_open_info, real_list = pickle.loads, datasets.open_info, catalog.list_datasets

    def loads(data, *args, **kwargs):
        COUNTS["unpickled"] += 1
        COUNTS["unpickled_kb"] += len(data) // 1024
        return real_loads(data, *args, **kwargs)

    def open_info(info):
        COUNTS["opened"] += 1
        return real_open_info(info)

    def list_datasets(root):
        COUNTS["listings"] += 1
        return real_list(root)

    real_read_text = Path.read_text

    def read_text(path, *args, **kwargs):
        if path.name == "provenance.json":
            COUNTS["provenance_reads"] += 1
        return real_read_text(path, *args, **kwargs)

    cache_data_api.pickle = type(sys)("pickle_counting")
    cache_data_api.pickle.loads, cache_data_api.pickle.dumps = loads, pickle.dumps
    datasets.open_info = open_info
    catalog.list_datasets = list_datasets
    datasets.list_datasets = list_datasets
    Path.read_text = read_text


def _run(app, label: str) -> None:
    COUNTS.clear()
    start = time.perf_counter()
    app.run()
    took = time.perf_counter() - start
    assert not app.exception, app.exception
    print(f"  {label:<28} {took:6.2f} s  opened={COUNTS['opened']} unpickled={COUNTS['unpickled']} "
          f"({COUNTS['unpickled_kb']} KB) provenance_reads={COUNTS['provenance_reads']} listings={COUNTS['listings']}")


def main(ids: list[str]) -> int:
    from streamlit.testing.v1 import AppTest

    _instrument()
    for dataset_id in ids:
        print(dataset_id)
        app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=600)
        app.query_params["ds"] = dataset_id
        _run(app, "first run")
        options = app.selectbox(key="indicator").options
        app.selectbox(key="indicator").set_value(options[1])
        _run(app, "change of indicator")
        _run(app, "same view again")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["kaiserslautern-2016"]))
