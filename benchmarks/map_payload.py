"""Map payload and display-geometry quality, against a naive ``gdf.explore()`` baseline.

Both are measured in the same run on the same Kaiserslautern boundaries:

* naive: ``geopandas.read_file(...).explore()`` rendered to HTML (geometry,
  attributes and styling inlined, re-sent whole on every change);
* ours: the base map HTML plus the display geometry (fetched once, in the
  compact form of geo/domain/compactgeo.py that the app publishes), plus the
  style update that is sent when indicator, classes or selection change.

Run ``python benchmarks/map_payload.py``; the last line reads
``payload_ratio=<ours ÷ naive>``. Targets: ratio ≤ 0.15, error ≤ 5 m (measured
on the geometry decoded from the compact form), no gaps or overlaps between neighbours.
"""

from __future__ import annotations

import gzip
import tempfile
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import geopandas as gpd  # noqa: E402
from streamlit_folium import _get_feature_group_string  # noqa: E402

from geo.domain.compactgeo import decode, encode  # noqa: E402
from geo.domain.dataset import load_map_geometry  # noqa: E402
from geo.domain.display import display_quality  # noqa: E402
from geo.maps.choropleth import build_view, map_styles  # noqa: E402
from geo.maps.leaflet import build_base_map, style_update  # noqa: E402
from geo.read.boundaries import read_boundaries  # noqa: E402
from geo.read.sources import load_sources, locate_boundaries  # noqa: E402
from geo.settings import read_settings  # noqa: E402
from geo.store.datasets import default_dataset_id, open_dataset  # noqa: E402

ROUNDS = 5


def _best_of(func, rounds: int = ROUNDS) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    settings = read_settings()
    source = load_sources().boundaries["kaiserslautern_ortsbezirke"]
    path = locate_boundaries(source, settings.cache_dir, settings.mirror)
    if path is None:
        print("boundaries not available: run `make setup` or set ANKUNFTSATLAS_MIRROR", file=sys.stderr)
        return 2
    dataset = open_dataset(default_dataset_id(), root=Path(tempfile.mkdtemp(prefix="atlas-bench-"))).dataset

    def naive() -> bytes:
        return gpd.read_file(path).explore().get_root().render().encode("utf-8")

    def ours() -> tuple[bytes, bytes, bytes]:
        geometry = load_map_geometry(path, source, dataset)
        base = build_base_map(geometry.bounds, "../../app/static/generated/x.json", source.attribution,
                              "../../app/static/vendor")
        view = build_view(dataset, "foreign_share")
        update = _get_feature_group_string(style_update(map_styles(view, dataset, geometry, "Hohenecken")), base)
        return base.get_root().render().encode("utf-8"), encode(geometry.geojson), update.encode("utf-8")

    naive_s, naive_html = _best_of(naive)
    ours_s, (base_html, geojson, update) = _best_of(ours)
    quality = display_quality(
        read_boundaries(path, source.key_field, source.name_field),
        gpd.GeoDataFrame.from_features(decode(geojson)["features"], crs=4326),
    )

    ours_total = len(base_html) + len(geojson)
    ours_gzip = len(gzip.compress(base_html)) + len(gzip.compress(geojson))
    naive_gzip = len(gzip.compress(naive_html))
    rows = [
        ("naive explore(): HTML bytes", f"{len(naive_html):,}"),
        ("naive explore(): HTML bytes gzip", f"{naive_gzip:,}"),
        ("naive explore(): build time s (best of 5)", f"{naive_s:.3f}"),
        ("ours: base map HTML bytes", f"{len(base_html):,}"),
        ("ours: display geometry bytes, compact (fetched once)", f"{len(geojson):,}"),
        ("ours: total bytes", f"{ours_total:,}"),
        ("ours: total bytes gzip", f"{ours_gzip:,}"),
        ("ours: build time s incl. read, clean, simplify (best of 5)", f"{ours_s:.3f}"),
        ("ours: bytes re-sent per style change", f"{len(update):,}"),
        ("naive: bytes re-sent per style change", f"{len(naive_html):,}"),
        ("display geometry: max error m (Hausdorff)", f"{quality.max_error_m:.2f}"),
        ("display geometry: overlap between neighbours m2", f"{quality.overlap_m2:.3f}"),
        ("display geometry: gaps between neighbours m2", f"{quality.gap_m2:.3f}"),
        ("gzip ratio ours / naive", f"{ours_gzip / naive_gzip:.3f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>12}")
    print(f"payload_ratio={ours_total / len(naive_html):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
