"""GDAL's error texts turned into our German and English messages.

GDAL messages name server paths (``'/tmp/atlas-upload-…/x.gpkg' not
recognized…``) and speak GDAL; users see one of the explanations below
instead, never the raw text.

>>> explain(RuntimeError("'/srv/tmp/x.gpkg' not recognized as being in a supported file format."))[1]
'format not recognised (not a GeoJSON, GeoPackage or zipped Shapefile, or damaged).'
"""

from __future__ import annotations

import re

__all__ = ["RULES", "explain"]

# (pattern in GDAL's message without its quoted paths, German, English); the first match wins.
RULES: tuple[tuple[str, str, str], ...] = (
    (
        r"GeoJSON|JSON|Unterminated|unexpected (character|token)",
        "GeoJSON fehlerhaft (kein gültiges JSON, z. B. abgeschnitten).",
        "broken GeoJSON (invalid JSON, e.g. truncated).",
    ),
    (
        r"malformed|not a database|SQLite|GPKG|GeoPackage",
        "GeoPackage beschädigt oder unvollständig.",
        "damaged or incomplete GeoPackage.",
    ),
    (
        r"\.(shx|dbf)\b|Shapefile|\bSHP\b",
        "Shapefile unvollständig oder beschädigt (.shp, .shx, .dbf gehören zusammen).",
        "incomplete or damaged Shapefile (.shp, .shx, .dbf belong together).",
    ),
    (
        r"does not exist|No such file",
        "Datei oder Inhalt des Archivs nicht gefunden.",
        "file or archive member not found.",
    ),
    (
        r"not recognized as (being in )?a supported (file format|dataset name)",
        "Format nicht erkannt (keine GeoJSON-, GeoPackage- oder gezippte Shapefile-Datei, oder beschädigt).",
        "format not recognised (not a GeoJSON, GeoPackage or zipped Shapefile, or damaged).",
    ),
    (
        r"vsizip|zip",
        "ZIP-Archiv beschädigt oder unvollständig.",
        "damaged or incomplete zip archive.",
    ),
    (
        r"PROJ|CRS|coordinate|projection|spatial reference",
        "Koordinatensystem nicht lesbar.",
        "coordinate reference system cannot be read.",
    ),
    (r"Permission denied", "Datei nicht lesbar.", "file cannot be read."),
)
_FALLBACK = (
    "Datei beschädigt oder in einem nicht unterstützten Format.",
    "file damaged or in an unsupported format.",
)


def explain(exc: BaseException | str) -> tuple[str, str]:
    """A German and an English explanation of a GDAL/pyogrio error (no path, no GDAL wording)."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "", str(exc))  # quoted paths and names say nothing about the error
    for pattern, de, en in RULES:
        if re.search(pattern, text, flags=re.IGNORECASE):
            return de, en
    return _FALLBACK
