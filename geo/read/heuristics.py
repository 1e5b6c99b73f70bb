"""What real statistics files need guessed before an import, each shown in the review before saving.

Pure functions over column names and values (no files, no streamlit):

* :func:`describe_fields`, :func:`pick_key_field`, :func:`pick_name_field`: the boundary attribute
  naming the areas is one whose values are distinct and name-like, never a constant (a shapefile with
  a district-name field ``krs_name`` equal on every feature must not call every area by it);
* :func:`is_id_column`: id and code columns ("Stadtteil-Nr.", "PLR-Nr.", "Schlüssel", "ID") are never
  indicators;
* :func:`published_shares`, :func:`share_disagreements`: a share column beside its counts
  ("Ausländeranteil in %" with "Ausländer" and "Einwohner") is that share, checked against the counts;
* :func:`find_aggregates`: table rows without a boundary that are the city total or a coarser
  district, named, with a sum check;
* :func:`level_name`, :func:`plural_de`: what the coarser districts are called, from their names
  ("Stadtbezirk Mitte", "Stadtbezirk Nord": "Stadtbezirk") or the column naming them;
* :func:`year_in_text`: the year in a file name or title row (``bevoelkerung_2023.csv``), never the
  date of the import.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from geo.numbers import share

import pandas as pd

__all__ = [
    "Aggregate",
    "FieldGuess",
    "ShareMatch",
    "describe_fields",
    "find_aggregates",
    "is_id_column",
    "is_name_like",
    "is_share_name",
    "level_name",
    "pick_key_field",
    "plural_de",
    "pick_name_field",
    "published_decimals",
    "published_shares",
    "share_disagreements",
    "year_in_text",
]

_KEY_HINTS = ("id", "key", "schluessel", "schlüssel", "ags", "ars", "code", "nr", "nummer", "kennziffer")
_NAME_HINTS = ("name", "bezeichnung", "gen", "gebiet", "stadtteil", "bezirk", "ortsbezirk", "ortsteil", "planungsraum")
_ID_TOKENS = {"nr", "no", "id", "key", "code", "ags", "ars", "kz", "lfd", "nummer"}
_ID_PARTS = ("schlüssel", "schluessel", "kennziffer", "nummer")
_SHARE_PARTS = ("anteil", "quote", "%", "prozent", "share")
_DENOMINATORS = (
    "einwohner", "einwohnende", "einwohnerinnen und einwohner", "einwohner insgesamt", "einwohnende insgesamt",
    "bevölkerung", "bevölkerung insgesamt", "bevoelkerung", "insgesamt", "ew", "personen", "residents", "population",
)
_TOTAL_WORDS = re.compile(r"insgesamt|gesamt|summe|\btotal\b|stadt\s*$|^stadt\b|gesamtstadt", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._/-]{0,15}$")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class FieldGuess:
    """One attribute of a boundary file, as the review shows it."""

    field: str
    rows: int
    distinct: int
    samples: tuple[str, ...]

    @property
    def constant(self) -> bool:
        return self.rows > 1 and self.distinct <= 1

    @property
    def unique(self) -> bool:
        """Distinct on (almost) every feature: an area delivered in two pieces repeats its values once."""
        return self.rows <= 1 or self.distinct >= max(2, math.ceil(0.9 * self.rows))


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def _code_like(values: Sequence[str]) -> bool:
    present = [v for v in values if v]
    return bool(present) and all(_CODE.match(v) for v in present) and sum(c.isdigit() for v in present for c in v) >= (
        sum(len(v) for v in present) / 2
    )


def is_name_like(values: Sequence[str]) -> bool:
    """Mostly words (letters), not numbers, codes or coordinates."""
    present = [v for v in values if v]
    if not present:
        return False
    wordy = sum(bool(_LETTERS.search(v)) and sum(c.isdigit() for c in v) < len(v) / 2 for v in present)
    return wordy >= 0.9 * len(present)


def describe_fields(frame: pd.DataFrame, samples: int = 3) -> list[FieldGuess]:
    """Every attribute column of ``frame`` with its number of distinct values and a few sample values."""
    found = []
    for column in frame.columns:
        if column == "geometry":
            continue
        values = [_text(v) for v in frame[column].tolist()]
        distinct = list(dict.fromkeys(v for v in values if v))
        found.append(FieldGuess(str(column), len(values), len(distinct), tuple(distinct[:samples])))
    return found


def _hinted(field: str, hints: Iterable[str]) -> int:
    """0 for an exact hint, 1 for a hint as a word part (``sb_name``), 2 for none."""
    lowered = field.lower()
    words = re.split(r"[\s_\-.]+", lowered)
    if lowered in hints:
        return 0
    return 1 if any(h in words or (len(h) > 3 and h in lowered) for h in hints) else 2


def _values(frame: pd.DataFrame, field: str) -> list[str]:
    return [_text(v) for v in frame[field].tolist()]


def pick_name_field(frame: pd.DataFrame, key: str | None = None) -> str:
    """The attribute naming the areas: distinct and name-like, never constant; named like a name first.

    >>> f = pd.DataFrame({"krs_name": ["Rostock"] * 3, "sb_nr": ["1", "2", "3"], "sb_name": ["Mitte", "Süd", "Nord"]})
    >>> pick_name_field(f)
    'sb_name'
    """
    guesses = [g for g in describe_fields(frame) if not g.constant]
    named = [g for g in guesses if g.unique and is_name_like(_values(frame, g.field))]
    pool = named or [g for g in guesses if g.unique] or guesses
    if not pool:
        return str(frame.columns[0]) if len(frame.columns) else ""
    others = [g for g in pool if g.field != key] or pool
    best = min(others, key=lambda g: (_hinted(g.field, _NAME_HINTS), -g.distinct))
    return best.field


def pick_key_field(frame: pd.DataFrame) -> str:
    """The attribute with the area id: distinct codes, named like an id first; else the name field.

    >>> pick_key_field(pd.DataFrame({"name": ["Mitte", "Süd"], "area": ["1.5", "2.5"], "id": ["01", "02"]}))
    'id'
    """
    guesses = [g for g in describe_fields(frame) if g.unique and not g.constant]
    codes = [g for g in guesses if _code_like(_values(frame, g.field))]
    if not codes:
        return pick_name_field(frame)
    hinted = [g for g in codes if _hinted(g.field, _KEY_HINTS) < 2]
    integers = [g for g in codes if all(v.isdigit() for v in _values(frame, g.field) if v)]
    best = min(hinted or integers or codes, key=lambda g: _hinted(g.field, _KEY_HINTS))
    return best.field


def is_id_column(header: str, values: Sequence[object]) -> bool:
    """An id or code column: headed like one ("Nr.", "Schlüssel", "ID", "PLR-Nr.") with distinct values,
    or distinct zero-padded codes ("001", "002"). Never an indicator.

    >>> is_id_column("Stadtteil-Nr.", ["1", "2", "3"]), is_id_column("Einwohner", ["120", "80", "95"])
    (True, False)
    >>> is_id_column("Gebiet", ["011", "012", "021"])
    True
    """
    present = [_text(v) for v in values]
    present = [v for v in present if v]
    if not present or len(set(present)) < len(present):
        return False
    words = {w for w in re.split(r"[\s_\-./()]+", header.lower()) if w}
    headed = bool(words & _ID_TOKENS) or any(p in header.lower() for p in _ID_PARTS)
    if headed:
        return _code_like(present)
    padded = all(v.isdigit() and v.startswith("0") and len(v) == len(present[0]) for v in present)
    return padded and len(present) > 1 and any(v.startswith("0") for v in present)


def is_share_name(column: str) -> bool:
    """A share by its header: "Anteil …", "…quote", "… in %", "Prozent"."""
    lowered = column.lower()
    return any(part in lowered for part in _SHARE_PARTS)


def _stem(share: str) -> str:
    """ "Ausländeranteil in %" -> "ausländer"; "Anteil Ausländer (%)" -> "ausländer"."""
    text = share.lower()
    text = re.sub(r"\(?\s*in\s*%\s*\)?|\(\s*%\s*\)|%|prozent", " ", text)
    text = re.sub(r"anteil(e)?( der| an| von)?|quote|share( of)?", " ", text)
    return re.sub(r"\s+", " ", text).strip(" -_:,")


def _norm(column: str) -> str:
    return re.sub(r"\s+", " ", column.lower()).strip()


@dataclass(frozen=True)
class ShareMatch:
    """A published share column and the counts it is the share of."""

    column: str
    numerator: str
    denominator: str

    def to_dict(self) -> dict[str, str]:
        return {"column": self.column, "numerator": self.numerator, "denominator": self.denominator}


def published_shares(columns: Sequence[str]) -> list[ShareMatch]:
    """Share columns whose counts are in the same table ("Ausländeranteil in %" = Ausländer ÷ Einwohner).

    >>> published_shares(["Einwohner", "Ausländer", "Ausländeranteil in %"])
    [ShareMatch(column='Ausländeranteil in %', numerator='Ausländer', denominator='Einwohner')]
    >>> published_shares(["Einwohner", "Anteil unter 18 in %"])
    []
    """
    counts = [c for c in columns if not is_share_name(c)]
    denominators = [c for d in _DENOMINATORS for c in counts if _norm(c) == d]
    found = []
    for column in columns:
        if not is_share_name(column):
            continue
        stem = _stem(column)
        if not stem:
            continue
        numerators = [c for c in counts if _norm(c) == stem] or [
            c for c in counts if c not in denominators and len(_norm(c)) >= 4
            and (_norm(c).startswith(stem) or stem.startswith(_norm(c)))  # "Arbeitslosenquote": "Arbeitslose"
        ]
        candidates = [d for d in denominators if d not in numerators[:1]]
        if numerators and candidates:
            found.append(ShareMatch(column, numerators[0], candidates[0]))
    return found


def published_decimals(values: Iterable[float], most: int = 3) -> int:
    """The decimals the values were published with: 40.6 -> 1, 12 -> 0.

    >>> published_decimals([40.6, 38.0, 35.55]), published_decimals([12.0, 3.0])
    (2, 0)
    """
    present = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    for decimals in range(most + 1):
        if all(abs(v * 10**decimals - round(v * 10**decimals)) < 1e-6 for v in present):
            return decimals
    return most


def share_disagreements(
    frame: pd.DataFrame, match: ShareMatch, per: float = 100.0
) -> list[tuple[str, float, float]]:
    """Rows where the published share differs from numerator ÷ denominator by more than its rounding:
    ``(area, published, computed)``."""
    published = frame[match.column].astype(float)
    decimals = published_decimals(published)
    tolerance = 0.5 * 10**-decimals + 1e-9
    denominator = frame[match.denominator].astype(float)
    computed = share(frame[match.numerator].astype(float), denominator, per)
    rows = []
    for area, shown, exact in zip(frame.index, published, computed):
        if not (math.isnan(shown) or math.isnan(exact)) and abs(shown - exact) > tolerance:
            rows.append((str(area), float(shown), round(float(exact), decimals + 1)))
    return rows


@dataclass(frozen=True)
class Aggregate:
    """A table row without a boundary that sums others: the city total or a coarser district."""

    key: str
    name: str
    kind: str  # "total" (the whole city), "district" (a coarser unit of ``children`` areas) or "unknown"
    children: tuple[str, ...] = ()
    differences: tuple[tuple[str, float, float], ...] = ()  # (column, row value, sum of its areas)

    @property
    def sum_checked(self) -> bool:
        return self.kind != "unknown"


def _count_columns(frame: pd.DataFrame) -> list[str]:
    return [
        c for c in frame.columns
        if not is_share_name(c) and published_decimals(frame[c]) == 0 and (frame[c].dropna() >= 0).all()
    ]


def _differences(frame: pd.DataFrame, key: str, children: Sequence[str]) -> tuple[tuple[str, float, float], ...]:
    found = []
    for column in _count_columns(frame):
        value = frame.at[key, column]
        total = frame.loc[list(children), column].sum(min_count=1)
        if pd.notna(value) and pd.notna(total) and abs(float(value) - float(total)) > 0.5:
            found.append((column, float(value), float(total)))
    return tuple(found)


def _sums_to(frame: pd.DataFrame, key: str, areas: Sequence[str]) -> bool:
    columns = _count_columns(frame)
    checks = [(frame.at[key, c], frame.loc[list(areas), c].sum(min_count=1)) for c in columns]
    checks = [(v, s) for v, s in checks if pd.notna(v) and pd.notna(s) and s > 0]
    return bool(checks) and all(abs(float(v) - float(s)) <= max(0.5, 0.005 * float(s)) for v, s in checks)


def _children(key: str, matched: Sequence[str]) -> list[str]:
    """Matched keys under ``key``: starting with it ("01" -> "0101"), or, leading zeros dropped on both
    sides, starting with its digits ("001" -> "011", "012"; "003" -> "30", "31")."""
    direct = [m for m in matched if m != key and m.startswith(key) and len(m) > len(key)]
    stripped = key.lstrip("0")
    if direct or not stripped:
        return direct
    return [m for m in matched if m.lstrip("0").startswith(stripped) and len(m.lstrip("0")) > len(stripped)]


def find_aggregates(
    frame: pd.DataFrame, unmatched: Sequence[str], matched: Sequence[str], names: Mapping[str, str] | None = None
) -> list[Aggregate]:
    """Which unmatched rows of ``frame`` (index: area key) are the city total or a coarser district.

    A coarser district's key is the start of its areas' keys ("01" of "0101", "0102"; "003" of "30",
    "31" once its leading zeros are dropped); the city total has an all-zero key, a name like
    "Stadt insgesamt", or sums all matched areas. Every recognised row comes with a sum check.
    """
    names = names or {}
    matched = [str(m) for m in matched]
    found = []
    for key in unmatched:
        key = str(key)
        name = str(names.get(key, key))
        stripped = key.lstrip("0")
        children = _children(key, matched)
        named_total = not stripped or bool(_TOTAL_WORDS.search(name))
        if key in frame.index and (named_total or (not children and _sums_to(frame, key, matched))):
            found.append(Aggregate(key, name, "total", tuple(matched), _differences(frame, key, matched)))
            continue
        if children and key in frame.index:
            found.append(Aggregate(key, name, "district", tuple(children), _differences(frame, key, children)))
        else:
            found.append(Aggregate(key, name, "unknown"))
    return found


_LEVEL_WORDS = ("Stadtbezirk", "Ortsbezirk", "Bezirksregion", "Prognoseraum", "Stadtbereich", "Ortsteil",
                "Stadtteil", "Planungsraum", "Bezirk", "Ortschaft", "Sozialraum")


def level_name(names: Sequence[str], header: str = "") -> str:
    """What the coarser districts are called, from the data: the first word all their names share
    ("Stadtbezirk Mitte", "Stadtbezirk Nord"), else a district word in their names, else the column
    naming them; "" when the data do not say.

    >>> level_name(["Stadtbezirk Mitte", "Stadtbezirk Nord"]), level_name(["Mitte", "Nord"], "Bezirksregion")
    ('Stadtbezirk', 'Bezirksregion')
    >>> level_name(["Mitte", "Nord"])
    ''
    """
    present = [str(n).strip() for n in names if str(n).strip()]
    firsts = {n.split()[0] for n in present if len(n.split()) > 1}
    if len(present) > 1 and len(firsts) == 1:
        word = next(iter(firsts)).strip(":,-")
        if word[:1].isupper() and word.isalpha() and len(word) > 3:
            return word
    for word in _LEVEL_WORDS:
        if present and all(word.lower() in n.lower() for n in present):
            return word
    header = str(header or "").strip()
    return header if _LETTERS.search(header) and not is_id_column(header, ["1", "2"]) else ""


def plural_de(word: str) -> str:
    """The German plural of a district word, by the common endings ("Stadtbezirk" -> "Stadtbezirke").

    >>> [plural_de(w) for w in ("Stadtbezirk", "Bezirksregion", "Planungsraum", "Ortschaft", "Gebiete")]
    ['Stadtbezirke', 'Bezirksregionen', 'Planungsräume', 'Ortschaften', 'Gebiete']
    """
    special = {"raum": "räume", "bereich": "bereiche", "teil": "teile", "bezirk": "bezirke"}
    lowered = word.lower()
    for ending, plural in special.items():
        if lowered.endswith(ending):
            return word[: len(word) - len(ending)] + (plural if word[-len(ending)].islower() else plural.capitalize())
    if lowered.endswith(("ion", "schaft", "ung", "heit", "keit")):
        return word + "en"
    if lowered.endswith("e"):
        return word
    return word + "e" if word else word


def year_in_text(*texts: str | None) -> int | None:
    """The first plausible year (1950-2049) in a file name or title row, else ``None``.

    >>> year_in_text("bevoelkerung_2023.csv"), year_in_text("stadtbereiche.csv", "Stand 31.12.2019"), year_in_text("x.csv")
    (2023, 2019, None)
    """
    for text in texts:
        found = _YEAR.search(text or "")
        if found:
            return int(found.group(1))
    return None
