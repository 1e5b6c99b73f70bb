"""Reconciling an indicator table with boundaries: nothing dropped silently.

Areas are matched on ids when the table's keys are boundary ids, else on
names (normalised for case, umlauts, ß, spacing, punctuation, abbreviations
and look-alike letters; close misspellings are matched as "fuzzy" and listed
for confirmation). Unmatched areas on either side are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import geopandas as gpd

from geo.i18n import MessageError
from geo.read.names import match_names

__all__ = ["ReconcileError", "Reconciliation", "id_key", "reconcile", "require_match"]


class ReconcileError(MessageError):
    """Nothing could be matched; the message (a catalogue key) names what was compared."""


def id_key(raw: object) -> str:
    """An area id as a comparable string: spaces, a spreadsheet's ".0" and leading zeros dropped.

    >>> id_key(" 01010005 "), id_key("1010005.0"), id_key("0")
    ('1010005', '1010005', '0')
    """
    text = str(raw).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return (text.lstrip("0") or "0") if text.isdigit() else text


@dataclass(frozen=True)
class Reconciliation:
    method: str  # "id" or "name"
    pairs: dict[str, str]  # table key -> boundary key
    fuzzy: list[tuple[str, str, float]]  # table key, boundary name, score
    unmatched_table: list[str]
    unmatched_boundaries: list[str]  # names, as a person reads them

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(matched=len(self.pairs), unmatched=len(self.unmatched_table) + len(self.unmatched_boundaries))
        return data


def reconcile(boundaries: gpd.GeoDataFrame, table_keys: Sequence[str]) -> Reconciliation:
    """Pair table keys with boundaries (columns ``key`` and ``name``)."""
    keys = [str(k) for k in table_keys]
    boundary_keys = [str(k) for k in boundaries["key"]]
    # Ids compare without leading zeros: "01010005" in the shapefile is 1010005 in the spreadsheet.
    boundary_of = {id_key(k): k for k in boundary_keys}
    overlap = {k for k in keys if id_key(k) in boundary_of}
    if keys and len(overlap) >= len(keys) / 2:
        pairs = {k: boundary_of[id_key(k)] for k in keys if k in overlap}
        used = set(pairs.values())
        return Reconciliation(
            method="id",
            pairs=pairs,
            fuzzy=[],
            unmatched_table=[k for k in keys if k not in overlap],
            unmatched_boundaries=[str(n) for k, n in zip(boundary_keys, boundaries["name"]) if k not in used],
        )
    key_of_name = dict(zip(boundaries["name"].astype(str), boundary_keys))
    matches = match_names(keys, list(key_of_name))
    pairs = {m.left: key_of_name[m.right] for m in matches if m.right is not None}
    used = set(pairs.values())
    return Reconciliation(
        method="name",
        pairs=pairs,
        fuzzy=[(m.left, m.right, m.score) for m in matches if m.method == "fuzzy"],
        unmatched_table=[m.left for m in matches if m.right is None],
        unmatched_boundaries=[n for n, k in key_of_name.items() if k not in used],
    )


def _sample(values: Sequence[object], n: int = 5) -> str:
    items = [str(v) for v in list(dict.fromkeys(values))[:n]]
    return ", ".join(items) + (", …" if len(set(values)) > n else "")


def require_match(
    report: Reconciliation,
    boundaries: gpd.GeoDataFrame,
    table_keys: Sequence[str],
    table_column: str,
    boundary_fields: tuple[str, str],
) -> None:
    """Refuse a reconciliation that matched no area, naming the columns compared and samples of both sides."""
    if report.pairs:
        return
    key_field, name_field = boundary_fields
    table_sample = _sample(list(table_keys))
    boundary_sample = _sample([f"{k} {n}" for k, n in zip(boundaries["key"], boundaries["name"])])
    raise ReconcileError("recerr_nothing_matched", column=table_column, key_field=key_field, name_field=name_field,
                         table=table_sample, boundaries=boundary_sample)
