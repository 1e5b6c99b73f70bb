"""Reading and repairing district boundaries.

Boundary files arrive 3-D (some city portals publish ``[lon, lat, 0.0]``,
read as EPSG:4979), with invalid rings or a coverage whose neighbours overlap
by a few square centimetres. :func:`read_boundaries` returns a clean 2-D
GeoDataFrame in EPSG:4326 with the columns ``key``, ``name`` and ``geometry``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from pyproj import CRS

from geo.read.gdalmessages import explain

__all__ = ["BoundaryError", "attribute_names", "attribute_table", "clean_coverage", "horizontal_crs", "read_boundaries"]

_POLYGONAL = {"Polygon", "MultiPolygon"}


class BoundaryError(ValueError):
    """Boundary data cannot be used; ``str()`` is German and English in one line (the command line),
    ``halves`` the German and the English message apart (the page shows the reader's one)."""

    def __init__(self, de: str, en: str | None = None, name: str = ""):
        en = de if en is None else en
        lead = f"{name}: " if name else ""
        super().__init__(f"{lead}{de}" if en == de else f"{lead}{de} / {en}")
        self.halves = (f"{lead}{de}", f"{lead}{en}")
        self._parts = (de, en, name)

    def __reduce__(self):  # pickled (a cached result) with both halves
        return type(self), self._parts


def _fail(path: Path, de: str, en: str) -> BoundaryError:
    return BoundaryError(de, en, name=path.name)


MAX_BYTES = 50 * 1024 * 1024
_MAX_ZIP_RATIO = 100  # uncompressed ÷ compressed above this is treated as a zip bomb


def _open_target(path: Path, max_bytes: int) -> str:
    """The path GDAL should read; zipped shapefiles are checked before they are opened."""
    if path.stat().st_size > max_bytes:
        raise _fail(
            path,
            f"Datei größer als {max_bytes // (1024 * 1024)} MB (Grenze einstellbar).",
            f"file larger than {max_bytes // (1024 * 1024)} MB (limit configurable).",
        )
    if path.suffix.lower() != ".zip":
        return str(path)
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise _fail(path, "kein gültiges ZIP-Archiv.", "not a valid zip archive.") from exc
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    if unpacked > max_bytes or unpacked / packed > _MAX_ZIP_RATIO:
        raise _fail(
            path,
            "das ZIP-Archiv entpackt sich ungewöhnlich groß (Zip-Bombe?) und wird nicht geöffnet.",
            "the zip archive unpacks to an unusual size (zip bomb?) and is not opened.",
        )
    names = [m.filename for m in members if not m.is_dir()]
    shapes = [n for n in names if n.lower().endswith(".shp")]
    if not shapes:
        raise _fail(path, "im ZIP fehlt die .shp-Datei.", "the zip has no .shp file.")
    stem = shapes[0][:-4]
    if not any(n.lower() == f"{stem.lower()}.dbf" for n in names):
        raise _fail(path, f"im ZIP fehlt {Path(stem).name}.dbf (Attribute).", f"the zip lacks {Path(stem).name}.dbf.")
    return f"/vsizip/{path}/{shapes[0]}"


def attribute_names(path: str | Path, max_bytes: int = MAX_BYTES) -> list[str]:
    """The attribute fields of a boundary file, to offer as key and name choices."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise _fail(path, "Datei nicht gefunden oder leer.", "file missing or empty.")
    try:
        info = pyogrio.read_info(_open_target(path, max_bytes))
    except BoundaryError:
        raise
    except Exception as exc:  # GDAL error types vary; its text names server paths, so it is explained instead
        de, en = explain(exc)
        raise _fail(path, f"Datei kann nicht als Geodaten gelesen werden: {de}", f"file cannot be read as geodata: {en}") from exc
    if info.get("features") == 0:
        raise _no_features(path)
    fields = [str(f) for f in info["fields"]]
    if not fields:
        raise _fail(path, "die Objekte haben keine Attribute (Schlüssel, Name).", "the features have no attributes (key, name).")
    return fields


def attribute_table(path: str | Path, max_bytes: int = MAX_BYTES):
    """The attribute values of a boundary file (no geometry), to guess key and name from their values."""
    fields = attribute_names(path, max_bytes)
    try:
        frame = pyogrio.read_dataframe(_open_target(Path(path), max_bytes), read_geometry=False)
    except Exception as exc:  # explained, never shown raw (GDAL's text names server paths)
        de, en = explain(exc)
        raise _fail(Path(path), f"Datei kann nicht als Geodaten gelesen werden: {de}", f"file cannot be read as geodata: {en}") from exc
    frame = frame[[f for f in fields if f in frame.columns]]
    return frame.map(lambda v: _repair_mojibake(v) if isinstance(v, str) else v)


def _no_features(path: Path) -> BoundaryError:
    return _fail(
        path,
        "die Datei enthält keine Objekte (leere FeatureCollection oder Ebene).",
        "the file holds no features (empty FeatureCollection or layer).",
    )


def _repair_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1 ("MÃ¼lheim") back to "Mülheim"; other text unchanged."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def read_boundaries(
    path: str | Path, key_field: str, name_field: str, max_bytes: int = MAX_BYTES
) -> gpd.GeoDataFrame:
    """Read a boundary file and return ``key``, ``name``, ``geometry`` in EPSG:4326.

    Z coordinates are dropped and invalid geometries repaired. Raises
    :class:`BoundaryError` with a German and English message when the file is
    missing, unreadable, lacks the fields or a CRS, holds no polygons, or has
    coordinates that do not fit its CRS.
    """
    path = Path(path)
    if not path.is_file():
        raise _fail(path, "Datei nicht gefunden.", "file not found.")
    if path.stat().st_size == 0:
        raise _fail(path, "die Datei ist leer.", "the file is empty.")
    target = _open_target(path, max_bytes)
    try:
        frame = pyogrio.read_dataframe(target)
    except Exception as exc:  # pyogrio raises several GDAL error types; explained, never shown raw
        de, en = explain(exc)
        raise _fail(
            path, f"Datei kann nicht als Geodaten gelesen werden: {de}", f"file cannot be read as geodata: {en}"
        ) from exc
    if frame.empty:
        raise _no_features(path)
    missing = [f for f in (key_field, name_field) if f not in frame.columns]
    if missing:
        raise _fail(
            path,
            f"Attribut(e) {', '.join(missing)} fehlen; vorhanden: {', '.join(map(str, frame.columns[:-1]))}.",
            f"attribute(s) {', '.join(missing)} missing; present: {', '.join(map(str, frame.columns[:-1]))}.",
        )
    if frame.crs is None:
        raise _fail(
            path,
            "kein Koordinatenbezugssystem angegeben; bitte mit CRS speichern.",
            "no coordinate reference system; please save it with a CRS.",
        )
    empty = frame.geometry.isna() | frame.geometry.is_empty
    polygonal = frame.geom_type.isin(_POLYGONAL) & ~empty
    if not polygonal.any():
        types = set(frame.geom_type.dropna())
        raise _fail(
            path,
            f"keine Flächen (gefunden: {', '.join(sorted(types)) or 'nichts'}).",
            f"no polygons (found: {', '.join(sorted(types)) or 'nothing'}).",
        )
    # Features that are not areas are left out and named, never dropped silently.
    skipped = [
        f"{row[key_field] if key_field in frame else i}: {'leer / empty' if empty[i] else row.geometry.geom_type}"
        for i, row in frame[~polygonal].iterrows()
    ]
    frame = frame[polygonal]
    geometry = shapely.force_2d(frame.geometry.values)
    horizontal = horizontal_crs(frame.crs)
    frame = gpd.GeoDataFrame(
        {
            "key": frame[key_field].astype(str).map(_repair_mojibake).to_numpy(),
            "name": frame[name_field].astype(str).map(_repair_mojibake).to_numpy(),
        },
        geometry=geometry,
        crs=horizontal,
    )
    _check_extent(frame, path)
    invalid = ~shapely.is_valid(frame.geometry.values)
    repaired = [f"{k}: {shapely.is_valid_reason(g)}" for k, g in zip(frame["key"][invalid], frame.geometry.values[invalid])]
    frame["geometry"] = shapely.make_valid(frame.geometry.values, method="structure", keep_collapsed=False)
    frame, dissolved = _dissolve_pieces(frame, path)
    result = frame.to_crs(4326).reset_index(drop=True)
    result.attrs["repaired"] = repaired  # "key: reason" of every geometry that make_valid changed
    result.attrs["skipped"] = skipped  # "key: type" of every feature that is not an area
    result.attrs["dissolved"] = dissolved  # "key (name): n" of every area that came in n pieces
    return result


def horizontal_crs(crs: object) -> CRS:
    """The horizontal part of any CRS: compound (EPSG:25832+7837), 3-axis projected (ESRI
    ``PROJCS`` + ``VERTCS``) and 3-D geographic (EPSG:4979) lose their height axis only.

    >>> horizontal_crs("EPSG:25832+7837").to_epsg(), horizontal_crs("EPSG:4979").to_epsg()
    (25832, 4326)
    """
    full = CRS.from_user_input(crs)
    if len(full.axis_info) <= 2 and not full.is_compound:
        return full
    flat = full.to_2d()
    return CRS.from_epsg(flat.to_epsg()) if flat.to_epsg() else flat


def _dissolve_pieces(frame: gpd.GeoDataFrame, path: Path) -> tuple[gpd.GeoDataFrame, list[str]]:
    """One (multi)polygon per key: an area delivered in several features is merged.

    Pieces of one key that carry different names are two areas under one key: refused.
    """
    counts = frame["key"].value_counts(sort=False)
    repeated = counts[counts > 1]
    if repeated.empty:
        return frame, []
    names = frame.groupby("key", sort=False)["name"].unique()
    clashes = [f"{k} ({' / '.join(map(str, names[k]))})" for k in repeated.index if len(names[k]) > 1]
    if clashes:
        raise _fail(
            path,
            f"derselbe Schlüssel steht für verschiedene Namen: {', '.join(clashes[:5])}. "
            "Bitte ein eindeutiges Schlüssel-Attribut wählen.",
            f"one key carries different names: {', '.join(clashes[:5])}. Please choose a unique key attribute.",
        )
    merged = frame.dissolve(by="key", sort=False, as_index=False)[["key", "name", "geometry"]]
    merged["geometry"] = shapely.make_valid(merged.geometry.values, method="structure", keep_collapsed=False)
    return merged, [f"{k} ({names[k][0]}): {int(n)}" for k, n in repeated.items()]


def _check_extent(frame: gpd.GeoDataFrame, path: Path) -> None:
    area = frame.crs.area_of_use
    if area is None:
        return
    minx, miny, maxx, maxy = frame.to_crs(4326).total_bounds if frame.crs.is_projected else frame.total_bounds
    margin = 1.0
    if (
        minx < area.west - margin
        or maxx > area.east + margin
        or miny < area.south - margin
        or maxy > area.north + margin
    ):
        raise _fail(
            path,
            f"die Koordinaten passen nicht zum angegebenen System {frame.crs.to_string()} "
            "(falsches Koordinatenbezugssystem?).",
            f"coordinates do not fit the declared system {frame.crs.to_string()} (wrong CRS?).",
        )


def clean_coverage(frame: gpd.GeoDataFrame, metric_crs: CRS, gap_width: float = 1.0) -> gpd.GeoDataFrame:
    """Make neighbours share identical edges: no overlaps, gaps under ``gap_width`` m closed.

    Returns the frame in ``metric_crs``.
    """
    metric = frame.to_crs(metric_crs)
    cleaned = shapely.coverage_clean(metric.geometry.values, gap_width=gap_width)
    return metric.set_geometry(gpd.GeoSeries(cleaned, index=metric.index, crs=metric.crs))
