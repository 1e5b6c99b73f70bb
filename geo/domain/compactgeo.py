"""Display geometry in a compact form for the browser: quantized, delta-encoded integer rings.

The display GeoJSON (:func:`geo.domain.display.to_geojson_bytes`) already has rounded
coordinates; written out as decimal degrees it is still the largest part of
the map page. Here every coordinate becomes an integer number of ``QUANTUM``
degrees from the south-west corner, and each ring lists its first point and
then only the differences to the previous point (mostly one to three digits).
Shared vertices of neighbours are the same integers, so shared edges stay
shared after decoding (no gaps, no overlaps); the rounding moves a vertex by at
most half a quantum (≤ 0.6 m).

The browser's decoder is ``atlasDecode`` in ``static/js/atlas-map.js`` (plain JavaScript, no
library); it rebuilds the GeoJSON FeatureCollection that Leaflet draws. :func:`decode` is
the same in Python, for tests and benchmarks.
"""

from __future__ import annotations

import json

import numpy as np

__all__ = ["QUANTUM", "decode", "encode"]

QUANTUM = 1e-5  # degrees: 1.1 m in latitude, ~0.7 m in longitude at 50° N


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"unexpected geometry type {geometry['type']!r}")


def encode(geojson: bytes, quantum: float = QUANTUM) -> bytes:
    """The FeatureCollection ``geojson`` (polygons, ``id`` per feature) as compact JSON."""
    doc = json.loads(geojson)
    features = doc["features"]
    points = [np.asarray(ring, dtype=float)[:, :2] for f in features for poly in _polygons(f["geometry"]) for ring in poly]
    origin = np.min([p.min(axis=0) for p in points], axis=0) if points else np.zeros(2)
    origin = np.floor(origin / quantum + 1e-6) * quantum  # (49.4 / 1e-5 is 4939999.99…)
    out = []
    for feature in features:
        polys = []
        for poly in _polygons(feature["geometry"]):
            rings = []
            for ring in poly:
                q = np.rint((np.asarray(ring, dtype=float)[:, :2] - origin) / quantum).astype(np.int64)
                if len(q) > 1 and (q[0] == q[-1]).all():
                    q = q[:-1]  # the closing point is implied
                d = np.vstack([q[:1], np.diff(q, axis=0)])
                rings.append(d.ravel().tolist())
            polys.append(rings)
        out.append({"id": feature["id"], "p": polys})
    body = {"type": "AtlasCompact", "q": quantum, "o": [round(float(origin[0]), 9), round(float(origin[1]), 9)],
            "f": out}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def decode(compact: bytes | dict) -> dict:
    """The GeoJSON FeatureCollection back (as ``atlasDecode`` rebuilds it in the browser)."""
    doc = json.loads(compact) if isinstance(compact, bytes | str) else compact
    q, (ox, oy) = doc["q"], doc["o"]
    features = []
    for feature in doc["f"]:
        polys = []
        for poly in feature["p"]:
            rings = []
            for flat in poly:
                xy = np.cumsum(np.asarray(flat, dtype=np.int64).reshape(-1, 2), axis=0)
                coords = [[ox + x * q, oy + y * q] for x, y in xy.tolist()]
                rings.append(coords + coords[:1])
            polys.append(rings)
        geometry = {"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1 else \
            {"type": "MultiPolygon", "coordinates": polys}
        features.append({"type": "Feature", "id": feature["id"], "properties": {}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}

