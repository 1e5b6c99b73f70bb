"""What a saved version's documents show beyond the areas' own figures, kept with the version.

The classes (status and dynamics, with their method) and the self-drawn quarters (figures, method,
outline) depend on what a session did (visited the ranking page, drew a quarter). They are written
into the version when it is saved, per language, and every document of that version reads them back
from there, so the same version gives the same document in any session.

>>> doc = document_of({"de": AreaClasses({"a": "1 hoch"}, {}, {"a": "1"}, (("Status", "x"),))},
...                   {"de": (QuarterRow(7, "Q", {"pop": 10.0}, "Rasterzellen"),)})
>>> classes_from(doc, "de").status, quarters_from(doc, "de")[0].name
({'a': '1 hoch'}, 'Q')
>>> classes_from({}, "de") is None, quarters_from({}, "en")
(True, None)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from exports.model import AreaClasses, QuarterRow

__all__ = ["classes_from", "document_of", "quarters_from"]


def _classes_json(classes: AreaClasses | None) -> dict | None:
    if classes is None:
        return None
    return {
        "status": dict(classes.status), "dynamics": dict(classes.dynamics), "code": dict(classes.code),
        "method": [list(line) for line in classes.method],
    }


def _quarter_json(row: QuarterRow) -> dict:
    return {"id": int(row.id), "name": row.name, "values": dict(row.values), "method": row.method,
            "geometry": row.geometry}


def document_of(
    classes: Mapping[str, AreaClasses | None], quarters: Mapping[str, Sequence[QuarterRow]]
) -> dict[str, object]:
    """The JSON-ready document part of a version: by language, the classes (or None) and the quarter rows."""
    return {
        lang: {"classes": _classes_json(classes.get(lang)), "quarters": [_quarter_json(q) for q in quarters.get(lang, ())]}
        for lang in dict.fromkeys([*classes, *quarters])
    }


def _part(document: Mapping[str, object], lang: str) -> Mapping[str, object] | None:
    part = document.get(lang) if isinstance(document, Mapping) else None
    return part if isinstance(part, Mapping) else None


def classes_from(document: Mapping[str, object], lang: str) -> AreaClasses | None:
    """The classes stored for ``lang`` (None: none were in force, or the version predates stored documents)."""
    part = _part(document, lang)
    raw = part.get("classes") if part else None
    if not isinstance(raw, Mapping):
        return None
    return AreaClasses(
        {str(k): str(v) for k, v in raw.get("status", {}).items()},
        {str(k): str(v) for k, v in raw.get("dynamics", {}).items()},
        {str(k): str(v) for k, v in raw.get("code", {}).items()},
        tuple((str(a), str(b)) for a, b in raw.get("method", [])),
    )


def quarters_from(document: Mapping[str, object], lang: str) -> tuple[QuarterRow, ...] | None:
    """The quarter rows stored for ``lang``; None when the version has no stored document for it."""
    part = _part(document, lang)
    if part is None:
        return None
    return tuple(
        QuarterRow(int(q["id"]), str(q["name"]), {str(k): v for k, v in q.get("values", {}).items()},
                   str(q.get("method", "")), q.get("geometry"))
        for q in part.get("quarters", []) if isinstance(q, Mapping)
    )
