"""GeoJSON of the selected areas; areas without own boundary are listed with null geometry."""

from __future__ import annotations

import json

import shapely

from exports.model import SelectionExport, method_lines

__all__ = ["to_geojson"]


def to_geojson(export: SelectionExport) -> bytes:
    geometry_of = {}
    if export.units is not None:
        geometry_of = {row.unit: row.geometry for row in export.units.itertuples() if isinstance(row.unit, str)}
    features = []
    for row in export.table.itertuples(index=False):
        if not row.area_id:
            continue
        unit = export.unit_of.get(row.area_id)
        own = export.unit_members.get(unit, 0) == 1 and unit in geometry_of
        if own:
            geometry, note = json.loads(shapely.to_geojson(geometry_of[unit])), ""
        elif export.units is None:
            geometry, note = None, "Grenzen nicht geladen"
        else:
            geometry, note = None, f"keine eigene Grenze; liegt in „{unit}“ (nur als Ganzes abgegrenzt)"
        properties = {
            "area_id": row.area_id,
            "name": row.name,
            "ortsbezirk": unit,
            **{spec.id: getattr(row, spec.id) for spec in export.specs},
            "rationale": export.area_rationales.get(row.area_id, ""),
            "geometry_note": note,
        }
        features.append({"type": "Feature", "id": row.area_id, "properties": properties, "geometry": geometry})
    document = {
        "type": "FeatureCollection",
        "features": features,
        "metadata": {
            **{key: value for key, value in method_lines(export)},
            "sources": list(export.sources),
        },
    }
    return json.dumps(document, ensure_ascii=False, default=float).encode("utf-8")
