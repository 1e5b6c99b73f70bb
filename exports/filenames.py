"""File names of a selection's documents: the selection's name and version, ASCII-safe.

A download named ``auswahl.pdf`` is lost among the previous ten in the downloads folder; one named
after the decision is found again and says which version it is. Umlauts are transliterated as in
German (ä → ae, ß → ss), other letters lose their accents, anything else becomes ``_``.

>>> document_name("Nordwest", 3, "pdf")
'Auswahl_Nordwest_v3.pdf'
>>> document_name("Südstadt: Größe/Maß", None, "csv")
'Auswahl_Suedstadt_Groesse_Mass_Entwurf.csv'
>>> document_name("", 2, "geojson", prefix="Ansicht")
'Ansicht_v2.geojson'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ascii_name", "document_name"]

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})
_MAX = 60  # characters of the name part: room for prefix, version and extension in any file system


def ascii_name(text: str) -> str:
    """``text`` as letters, digits, ``-`` and ``_`` only (empty when nothing of it is left)."""
    plain = unicodedata.normalize("NFKD", str(text).translate(_GERMAN)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9-]+", "_", plain).strip("_-")[:_MAX].strip("_-")


def document_name(name: str, version: int | None, extension: str, prefix: str = "Auswahl",
                  draft: str = "Entwurf") -> str:
    """``Auswahl_<name>_v<version>.<extension>``; a draft (no version) ends in ``_Entwurf``."""
    parts = [prefix, ascii_name(name), f"v{version}" if version is not None else draft]
    return "_".join(p for p in parts if p) + f".{extension}"
