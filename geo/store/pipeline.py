"""The one import pipeline: the steps the import page and ``python -m geo.ingest`` both run.

1. :func:`field_choice`: which boundary attributes hold the key and the name (distinct, name-like,
   never a constant; see :mod:`geo.read.heuristics`), with sample values for the review;
2. :func:`recognise`: what the table holds besides areas: id columns (never indicators), published
   shares beside their counts (checked against them), aggregate rows (city total, coarser districts:
   named, sum-checked and kept out of the areas);
3. :func:`year_guess` / :func:`needs_year`: a table without a year column gets the year the person
   states (prefilled from the file name or title row), never the date of the import;
4. :func:`provenance_record`: one provenance format, whoever imports;
5. :func:`store`: saved atomically into :func:`datasets_root`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from geo.numbers import format_input
from geo.read.boundaries import BoundaryError, attribute_table
from geo.read.heuristics import (
    Aggregate,
    FieldGuess,
    ShareMatch,
    describe_fields,
    find_aggregates,
    level_name,
    pick_key_field,
    pick_name_field,
    plural_de,
    published_decimals,
    published_shares,
    share_disagreements,
    year_in_text,
)
from geo.read.reconcile import Reconciliation
from geo.read.tables import IndicatorTable, TableReadError
from geo.settings import data_dir
from geo.store.catalog import save_dataset, slug
from geo.store.datastore import Editor, recover

__all__ = [
    "FieldChoice",
    "Recognised",
    "combine_years",
    "datasets_root",
    "default_name",
    "field_choice",
    "district_level",
    "district_name",
    "needs_year",
    "parent_record",
    "provenance_record",
    "recognise",
    "store",
    "year_guess",
]


def datasets_root() -> Path:
    """Where imported datasets live: ``<data folder>/datasets`` (:func:`geo.settings.data_dir`)."""
    return data_dir() / "datasets"


@dataclass(frozen=True)
class FieldChoice:
    """The attributes offered as key and name, the guessed ones, and what each holds (samples)."""

    fields: tuple[str, ...]
    key: str
    name: str
    guesses: tuple[FieldGuess, ...]

    def samples(self, field_name: str) -> str:
        guess = next((g for g in self.guesses if g.field == field_name), None)
        return ", ".join(guess.samples) if guess else ""

    def constant(self) -> tuple[FieldGuess, ...]:
        """Attributes with one value on every feature (a district or city name): never the area name."""
        return tuple(g for g in self.guesses if g.constant)


def field_choice(path: Path, max_bytes: int | None = None) -> FieldChoice:
    """Read the attributes of a boundary file and guess key and name; ``BoundaryError`` when unreadable."""
    frame = attribute_table(path, max_bytes) if max_bytes else attribute_table(path)
    guesses = tuple(describe_fields(frame))
    key = pick_key_field(frame)
    return FieldChoice(tuple(g.field for g in guesses), key, pick_name_field(frame, key), guesses)


def boundary_fields(path: Path, key: str | None, name: str | None) -> tuple[str, str]:
    """The key and name attributes: as given, else guessed from the attribute values."""
    if key and name:
        return key, name
    try:
        choice = field_choice(path)
    except BoundaryError:
        return key or "id", name or "name"  # read_boundaries reports the problem with a clear message
    return key or choice.key, name or choice.name


@dataclass(frozen=True)
class Recognised:
    """What the review shows about a table before saving, besides the matching."""

    ids: tuple[str, ...] = ()  # id and code columns left out of the indicators
    shares: tuple[ShareMatch, ...] = ()  # published shares and their counts
    disagreements: Mapping[str, list[tuple[str, float, float]]] = field(default_factory=dict)  # share -> rows
    aggregates: tuple[Aggregate, ...] = ()  # total and districts (kept out of the areas) and unknown rows
    decimals: Mapping[str, int] = field(default_factory=dict)  # share -> decimals as published

    @property
    def kept_out(self) -> tuple[Aggregate, ...]:
        return tuple(a for a in self.aggregates if a.sum_checked)

    @property
    def districts(self) -> tuple[Aggregate, ...]:
        """The rows that are coarser districts (offered as the dataset's parent level)."""
        return tuple(a for a in self.aggregates if a.kind == "district")


def district_level(recognised: Recognised, parent_column: str | None = None) -> str:
    """What the coarser districts are called, from the data: their names' shared first word
    ("Stadtbezirk Mitte" …), else the column naming them; "" when the data do not say."""
    return level_name([a.name for a in recognised.districts], parent_column or "")


def district_name(name: str, level: str) -> str:
    """ "Stadtbezirk Mitte" -> "Mitte" on the level "Stadtbezirk"."""
    rest = name[len(level):].strip(" :-") if level and name.lower().startswith(level.lower() + " ") else ""
    return rest or name


def parent_record(table: IndicatorTable, recognised: Recognised, level: str | None) -> tuple[dict | None, dict]:
    """The declared parent level (``provenance["parent_level"]``) and, for district rows taken as that
    level, which district each area belongs to (table key -> district name); ``(None, {})`` without one.

    A parent column makes the map units the parent level (column ``unit``); recognised district rows make
    a level coarser than the map units (column ``part``).
    """
    level = (level or "").strip()
    if not level:
        return None, {}
    declared = {"column": "unit" if table.parents else "part", "one_de": level, "many_de": plural_de(level),
                "one_en": level, "many_en": plural_de(level)}
    if table.parents:
        return declared, {}
    districts = {str(child): district_name(a.name, level) for a in recognised.districts for child in a.children}
    return (declared, districts) if districts else (None, {})


def _bases(table: IndicatorTable) -> list[str]:
    return list(dict.fromkeys(str(c).split("@")[0] for c in table.frame.columns))


def _year_frames(table: IndicatorTable, match: ShareMatch):
    """(label, frame) per year of a long table (``column@year``), or the table itself."""
    years = sorted({int(c.split("@")[1]) for c in table.frame.columns if "@" in str(c) and c.split("@")[1].isdigit()})
    if not years:
        yield "", table.frame
        return
    for year in years:
        names = {f"{c}@{year}": c for c in (match.column, match.numerator, match.denominator)}
        if all(n in table.frame.columns for n in names):
            yield str(year), table.frame[list(names)].rename(columns=names)


def recognise(table: IndicatorTable, report: Reconciliation) -> tuple[IndicatorTable, Recognised]:
    """Find published shares and aggregate rows; return the table without its aggregate rows."""
    shares = tuple(published_shares(_bases(table)))
    disagreements: dict[str, list[tuple[str, float, float]]] = {}
    decimals = {
        m.column: published_decimals(v for c in table.frame.columns if str(c).split("@")[0] == m.column
                                     for v in table.frame[c])
        for m in shares
    }
    for match in shares:
        rows = [
            (f"{area} ({year})" if year else area, shown, exact)
            for year, frame in _year_frames(table, match)
            for area, shown, exact in share_disagreements(frame, match)
        ]
        if rows:
            disagreements[match.column] = rows
    aggregates: tuple[Aggregate, ...] = ()
    if not table.parents and report.unmatched_table:
        aggregates = tuple(find_aggregates(table.frame, report.unmatched_table, list(report.pairs), table.labels))
    dropped = [a.key for a in aggregates if a.sum_checked]
    if dropped:
        table = replace(table, frame=table.frame.drop(index=dropped))
    return table, Recognised(table.ids, shares, disagreements, aggregates, decimals)


def _first_line(path: Path) -> str:
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        return ""
    try:
        with open(path, "rb") as handle:
            head = handle.read(400)
    except OSError:
        return ""
    return head.decode("utf-8", errors="replace").splitlines()[0] if head else ""


def year_guess(path: Path, shown_name: str | None = None) -> int | None:
    """The year in the file name (``bevoelkerung_2023.csv``) or its title row, to prefill the question."""
    return year_in_text(shown_name or path.name, _first_line(path))


def needs_year(table: IndicatorTable) -> bool:
    """True when no column carries a year: the person has to state it (never the import date)."""
    return not any(table.years.values()) and not any("@" in str(c) for c in table.frame.columns)


def combine_years(tables: list[tuple[IndicatorTable, str, int | None]]) -> IndicatorTable:
    """One table per year (``(table, file name, year)``, e.g. ``stadtbereiche_2005.csv`` … ``_2023.csv``) as one
    multi-year table: every column becomes ``column@year``. Each file needs its own year, and no file
    may hold years of its own; else ``TableReadError`` names the file."""
    seen: dict[int, str] = {}
    frames, years, missing = [], {}, {}
    for table, name, year in tables:
        if year is None:
            raise TableReadError("pipeerr_no_year", name=name)
        if not needs_year(table):
            raise TableReadError("pipeerr_has_years", name=name)
        if year in seen:
            raise TableReadError("pipeerr_year_twice", name=name, year=year, other=seen[year])
        seen[year] = name
        frames.append(table.frame.rename(columns=lambda c, y=year: f"{c}@{y}"))
        for column in table.frame.columns:
            years.setdefault(str(column), []).append(year)
        missing.update({f"{c}@{year}": n for c, n in table.missing.items()})
    first = tables[0][0]
    index = list(dict.fromkeys(k for table, _, _ in tables for k in table.frame.index))
    frame = frames[0].reindex(index).join(frames[1:]) if len(frames) > 1 else frames[0]
    labels = {k: v for table, _, _ in tables for k, v in table.labels.items()}
    ids = tuple(dict.fromkeys(i for table, _, _ in tables for i in table.ids))
    return replace(first, frame=frame, layout="wide", years={c: sorted(y) for c, y in years.items()},
                   missing=missing, ids=ids, labels=labels)


def default_name(file_names: list[str]) -> str:
    """The dataset name offered: the table's file name; for one file per year without the year.

    >>> default_name(["wide_2020_de.csv"]), default_name(["stadtbereiche_2005.csv", "stadtbereiche_2006.csv"])
    ('wide_2020_de', 'stadtbereiche')
    """
    stem = Path(file_names[0]).stem
    if len(file_names) > 1:
        stem = re.sub(r"[_\- ]?(?<!\d)(19|20)\d\d(?!\d)", "", stem).strip("_- ") or stem
    return stem


def provenance_record(
    *,
    name: str,
    boundaries_file: str,
    indicators_file: str,
    table: IndicatorTable,
    recognised: Recognised,
    imported_by: str,
    via: str,
    key_field: str,
    name_field: str,
    source: str = "",
    licence: str = "",
    shares: Collection[dict] = (),
    signed: Collection[str] = (),
    codes: Collection[float] = (),
    municipality: str | None = None,
    unit_label: str | None = None,
    year: int | None = None,
    parent_level: str | None = None,
) -> dict[str, object]:
    """The provenance every import writes (page and command line alike).

    ``parent_level`` names the coarser districts (the parent column's, or of the district rows taken as the
    dataset's parent level; see :func:`parent_record`); empty or ``None``: the district rows are only a sum check.
    """
    years = [y for ys in table.years.values() for y in ys]
    level, districts = parent_record(table, recognised, parent_level)
    return {
        "name": name,
        "boundaries_file": boundaries_file,
        "indicators_file": indicators_file,
        "source": source.strip(),
        "licence": licence.strip(),
        "imported_at": datetime.now(UTC).isoformat(),
        "imported_by": imported_by,
        "imported_via": via,  # "page" or "command line"
        "key_field": key_field,
        "name_field": name_field,
        "table_key": table.key_column,
        "shares": list(shares),
        "published_shares": [m.to_dict() for m in recognised.shares],
        "id_columns": list(recognised.ids),
        "aggregates": [
            {"key": a.key, "name": a.name, "kind": a.kind, "areas": len(a.children),
             "differences": [list(d) for d in a.differences]}
            for a in recognised.kept_out
        ],
        "parents": table.parents,
        "parent_level": level,  # the coarser districts: column and name (geo.domain.dataset.ParentLevel)
        "districts": districts,  # table key -> its district, when district rows are the parent level
        "signed": list(signed),
        "missing_codes": [format_input(c, "de") for c in codes],
        "municipality": (municipality or name).strip(),
        "unit_label": (unit_label or "").strip() or "Gebiete",
        # The newest year of the table's own years, else the year stated; None: "Jahr unbekannt".
        "year": max(years) if years else year,
        "missing_values": dict(table.missing),
    }


def store(name: str, boundaries, table: IndicatorTable, report: Reconciliation, provenance: dict,
          editor: Editor, replace_existing: bool = False) -> Path:
    """Save atomically under :func:`datasets_root`; ``DatasetExistsError`` unless ``replace_existing``."""
    root = datasets_root()
    recover(root)
    folder = root / slug(name)
    save_dataset(folder, boundaries, table.frame, report, provenance, editor=editor, replace=replace_existing)
    _prepare_display(folder)
    return folder


def _prepare_display(folder: Path) -> None:
    """Open the saved dataset once, so that its display geometry, quality check and compact form are
    stored for this version (:mod:`geo.store.displaystore`) now, not on its first map. Only this
    folder is read: an import never builds or touches the other datasets."""
    from geo.store.catalog import list_datasets
    from geo.store.datasets import open_info

    try:
        for info in list_datasets(folder.parent):
            if info.id == folder.name:
                open_info(info)
    except Exception:  # noqa: BLE001 - the dataset is saved; its page reports what cannot be opened
        pass
