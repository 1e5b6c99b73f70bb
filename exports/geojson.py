"""GeoJSON of the selected areas (RFC 7946 / strict RFC 8259 JSON).

Areas without an own boundary are listed with null geometry and a note;
missing values are ``null``, never ``NaN``. The decision travels in
``metadata`` with machine-readable keys.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import shapely

from exports.model import QUARTER_PREFIX, SelectionExport, method_lines
from geo.domain.precision import round_to
from geo.i18n import tr

__all__ = ["to_geojson"]


def _note(export: SelectionExport, unit: str | None, own: bool) -> str:
    if own:
        return ""
    if export.units is None:
        return tr("doc_no_boundaries", export.lang)
    return tr("doc_lies_in", export.lang, unit=unit)


def to_geojson(export: SelectionExport) -> bytes:
    geometry_of = {}
    if export.units is not None:
        geometry_of = {row.unit: row.geometry for row in export.units.itertuples() if isinstance(row.unit, str)}
    record = export.record
    quarters = {f"{QUARTER_PREFIX}{q.id}": q for q in export.quarters}
    features = []
    # Ids of imported indicators ("anteil@2023") are no identifiers, so itertuples would rename them.
    for row in (SimpleNamespace(**values) for values in export.table.to_dict("records")):
        if not row.area_id:
            continue
        unit = export.unit_of.get(row.area_id)
        own = export.unit_members.get(unit, 0) == 1 and unit in geometry_of
        geometry = json.loads(shapely.to_geojson(geometry_of[unit])) if own else None
        drawn = quarters.get(row.area_id)
        if drawn is not None:  # a self-drawn quarter: its own outline
            unit, own, geometry = None, True, dict(drawn.geometry) if drawn.geometry else None
        properties = {
            "area_id": row.area_id,
            "name": row.name,
            "unit": unit,
            **{spec.id: round_to(getattr(row, spec.id), spec.decimals) for spec in export.specs},
            **{column: getattr(row, column) for column in export.class_columns},
            "rationale": record.area_rationales.get(row.area_id, ""),
            "own_boundary": own,  # False: a district of a unit that is only delimited as a whole
            "boundary_of": None if own else unit,  # the unit whose boundary it lies in
            "geometry_note": _note(export, unit, own),
        }
        features.append({"type": "Feature", "id": row.area_id, "properties": properties, "geometry": geometry})
    document = {
        "type": "FeatureCollection",
        "features": features,
        "metadata": {
            "name": record.name,
            "author": record.author,
            "publisher": record.publisher,
            "version": record.version,
            "saved_at": record.saved_at.isoformat() if record.saved_at else None,
            # a saved version's document does not carry the moment of export (the same version, the same bytes)
            "exported_at": None if record.version is not None else export.created.isoformat(),
            "dataset": export.dataset_label,
            "rationale": record.rationale,
            "area_rationales": {a: record.area_rationales.get(a, "") for a in export.area_ids},
            "method": record.method_steps,
            "weights": record.weights,
            "sources": list(export.sources),
            "lines": [[k, v] for k, v in method_lines(export)],
            "lang": export.lang,
        },
    }
    return json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
