"""Command line import of a municipality's boundaries and indicators.

    python -m geo.ingest --boundaries bezirke.zip --indicators statistik.csv --dry-run

Reads the boundaries (GeoJSON, GeoPackage, zipped Shapefile; any CRS with a
definition), reads the indicator table (CSV or XLSX, wide or long), checks the
values and prints the reconciliation report. Without ``--dry-run`` the
dataset is stored with its provenance under ``<data dir>/datasets/<name>``,
atomically: a failed import leaves what was there before untouched.
Exit code 0 on success, 2 with a message on bad input or when the dataset cannot be
written (a full disk: a German and English message, no traceback, no server paths).
"""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import re
import sys
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

from geo.domain.valuecodes import apply_missing_codes, is_signed, parse_missing_codes, unknown_columns
from geo.read.boundaries import BoundaryError, read_boundaries
from geo.read.heuristics import plural_de
from geo.read.names import name_key
from geo.read.reconcile import Reconciliation, reconcile, require_match
from geo.read.tables import IndicatorTable, TableReadError, read_indicator_table, table_columns
from geo.settings import read_settings
from geo.store.catalog import parse_share_definitions
from geo.store.datastore import DatasetExistsError, DatasetWriteError, Editor
from geo.store.pipeline import (
    Recognised,
    boundary_fields,
    combine_years,
    datasets_root,
    default_name,
    district_level,
    needs_year,
    provenance_record,
    recognise,
    store,
    year_guess,
)

__all__ = [
    "boundary_fields",
    "check_values",
    "datasets_root",
    "declare_values",
    "main",
    "reconcile_table",
]


_SHARE_HINTS = ("anteil", "share", "quote", "%", "prozent")


class IngestError(ValueError):
    pass


def check_values(table: IndicatorTable, source: str, signed: Collection[str] = (), detect: bool = True) -> None:
    """Refuse negative counts and shares over 100 %, naming area and column.

    Change and balance columns (declared in ``signed`` or, with ``detect``, named so, see
    :func:`geo.domain.valuecodes.is_signed`) may be negative.
    """
    for column in table.frame.columns:
        lowered = column.lower()
        values = table.frame[column]
        if not is_signed(column, signed, detect):
            negative = values[values < 0]
            if not negative.empty:
                raise TableReadError("ingerr_negative", source=source, value=f"{negative.iloc[0]:g}", area=negative.index[0],
                                     column=column)
        if any(h in lowered for h in _SHARE_HINTS):
            over = values[values > 100]
            if not over.empty:
                raise TableReadError("ingerr_share_over_100", source=source, value=f"{over.iloc[0]:g}", area=over.index[0],
                                     column=column)


def declare_values(
    table: IndicatorTable,
    source: str,
    signed: Collection[str] = (),
    codes: Collection[float] = (),
    detect: bool = True,
) -> tuple[IndicatorTable, dict[str, int]]:
    """The declarations of the command line (``--signed``, ``--missing``) and the import page, applied.

    Declared signed names must be columns (or long-table indicators) of the table; cells holding a
    missing code become missing (counted per column, returned); then :func:`check_values`. The page
    pre-ticks the detected names and passes ``detect=False``: what the person unticked is checked.
    """
    unknown = unknown_columns(table, signed)
    if unknown:
        raise TableReadError("ingerr_signed_unknown", unknown=", ".join(unknown), columns=", ".join(table.frame.columns))
    table, coded = apply_missing_codes(table, codes)
    check_values(table, source, signed, detect)
    return table, coded


def _report_text(report: Reconciliation, table: IndicatorTable, boundaries=None) -> str:
    lines = []
    if boundaries is not None:
        lines += [f"repariert / repaired: {r}" for r in boundaries.attrs.get("repaired", [])]
        lines += [f"ausgelassen (keine Fläche) / skipped (not an area): {r}" for r in boundaries.attrs.get("skipped", [])]
        dissolved = boundaries.attrs.get("dissolved", [])
        if dissolved:
            lines.append(
                f"zusammengeführt (ein Gebiet in mehreren Teilen) / dissolved (one area in several pieces): "
                f"{len(dissolved)}: " + ", ".join(dissolved)
            )
    if table.missing:
        lines.append(
            f"fehlende Werte (k.A., -, x, … als fehlend gelesen, nicht als 0) / missing values: {sum(table.missing.values())}: "
            + ", ".join(f"{column} {n}" for column, n in table.missing.items())
        )
    lines += [
        f"Zuordnung über {'Schlüssel' if report.method == 'id' else 'Namen'} / matched by {report.method}",
        f"zugeordnet / matched: {len(report.pairs)}",
        f"Tabelle ohne Grenze / table rows without boundary: {len(report.unmatched_table)} "
        + ", ".join(report.unmatched_table),
        f"Grenzen ohne Werte (bleiben als 'keine Daten') / boundaries without values: {len(report.unmatched_boundaries)} "
        + ", ".join(report.unmatched_boundaries),
        f"Indikatoren / indicators: {', '.join(table.frame.columns)} ({table.layout})",
    ]
    lines += [f"unscharf, bitte prüfen / fuzzy, please check: {left} -> {right} ({score:.2f})" for left, right, score in report.fuzzy]
    return "\n".join(lines)


def _table_keys(table: IndicatorTable) -> list[str]:
    return list(dict.fromkeys(table.parents.values())) if table.parents else list(table.frame.index)


def reconcile_table(boundaries, table: IndicatorTable) -> Reconciliation:
    """Match table rows to boundaries; finer areas are matched through the unit they name.

    Several spellings of one unit ("Mülheim", "MÜLHEIM") all map to its boundary.
    """
    if not table.parents:
        return reconcile(boundaries, list(table.frame.index))
    canonical: dict[str, str] = {}
    for spelling in table.parents.values():
        canonical.setdefault(name_key(spelling), spelling)
    report = reconcile(boundaries, list(canonical.values()))
    pairs = {
        spelling: report.pairs[canonical[name_key(spelling)]]
        for spelling in table.parents.values()
        if canonical[name_key(spelling)] in report.pairs
    }
    return replace(report, pairs=pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo.ingest",
        description="Import boundaries and indicators of a municipality; print the reconciliation report.",
    )
    parser.add_argument("--boundaries", required=True, type=Path, help="GeoJSON, GeoPackage or zipped Shapefile")
    parser.add_argument("--indicators", required=True, type=Path, nargs="+",
                        help="CSV or XLSX, wide or long; several files: one per year, the year in each file name "
                             "(stadtbereiche_2005.csv … _2023.csv), read as one dataset over the years")
    parser.add_argument("--boundary-key", help="attribute with the area id (detected when obvious)")
    parser.add_argument("--boundary-name", help="attribute with the area name (detected when obvious)")
    parser.add_argument("--key", help="table column with the area id or name (detected when obvious)")
    parser.add_argument("--indicator", help="long tables: column naming the indicator")
    parser.add_argument("--year", help="long tables: column with the year; a table without a year column: the "
                                       "year of its data (e.g. --year 2023; else the year in the file name, "
                                       "else 'Jahr unbekannt', never the import date)")
    parser.add_argument("--value", help="long tables: column with the value")
    parser.add_argument("--parent", help="column naming the coarser boundary each (finer) area belongs to")
    parser.add_argument("--parent-level", metavar="NAME",
                        help='name of the coarser districts, singular (e.g. "Stadtbezirk"; default: from the data, '
                        'the district rows\' names or the --parent column); "" keeps district rows a sum check only')
    parser.add_argument("--signed", action="append", default=[], metavar="COLUMN",
                        help="a change or balance column whose values may be negative (repeat; names with "
                             "Veränderung, Saldo, Δ are detected)")
    parser.add_argument("--missing", action="append", default=[], metavar="CODE",
                        help="a number the table uses for 'no value', e.g. -9999 (repeat); read as missing")
    parser.add_argument(
        "--share",
        default="",
        help='shares from counts, e.g. "Anteil Ausländer=Ausländer/Einwohner" (several separated by ";")',
    )
    parser.add_argument("--name", help="dataset name (default: the indicator file's name)")
    parser.add_argument("--source", default="", help="source to cite")
    parser.add_argument("--licence", default="", help="licence of the data")
    parser.add_argument("--municipality", help="municipality shown in titles (default: the dataset name)")
    parser.add_argument("--unit-label", help='plural name of the areas shown in titles, e.g. "Planungsräume"')
    parser.add_argument("--allow-unmatched", action="store_true",
                        help="save although some areas are matched on one side only (they stay as 'no data')")
    parser.add_argument("--replace", action="store_true",
                        help="replace a dataset of the same name (the previous version stays restorable)")
    settings = read_settings()
    parser.add_argument("--max-mb", type=int, default=settings.max_upload_mb,
                        help="size limit per file (default ANKUNFTSATLAS_MAX_UPLOAD_MB or 50)")
    parser.add_argument("--dry-run", action="store_true", help="validate and report, change nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if settings.public and not args.dry_run:
        print(
            "Fehler / error: öffentliche Installation (ANKUNFTSATLAS_MODE=public): kein Import. / "
            "public deployment: no import.",
            file=sys.stderr,
        )
        return 2

    try:
        key_field, name_field = boundary_fields(args.boundaries, args.boundary_key, args.boundary_name)
        boundaries = read_boundaries(args.boundaries, key_field, name_field, max_bytes=args.max_mb * 1024 * 1024)
        year_column, stated_year = _year_argument(args.indicators[0], args.year)
        tables = [(read_indicator_table(path, args.key, args.indicator, year_column, args.value, args.parent),
                   path.name, year_guess(path)) for path in args.indicators]
        table = tables[0][0] if len(tables) == 1 else combine_years(tables)
        table, coded = declare_values(table, args.indicators[0].name, args.signed, parse_missing_codes(args.missing))
        shares = parse_share_definitions(args.share, list(table.frame.columns))
        table, recognised = recognise(table, reconcile_table(boundaries, table))
        report = reconcile_table(boundaries, table)
        require_match(report, boundaries, _table_keys(table), args.parent or table.key_column, (key_field, name_field))
    except (BoundaryError, TableReadError, ValueError) as exc:
        print(f"Fehler / error: {exc}", file=sys.stderr)
        return 2
    year = stated_year or (year_guess(args.indicators[0]) if needs_year(table) else None)
    if args.json:
        print(json.dumps({**report.to_dict(), "indicators": list(table.frame.columns), "layout": table.layout,
                          "boundary_crs": "EPSG:4326", "dry_run": args.dry_run,
                          "key_field": key_field, "name_field": name_field,
                          "repaired": boundaries.attrs.get("repaired", []),
                          "skipped": boundaries.attrs.get("skipped", []),
                          "dissolved": boundaries.attrs.get("dissolved", []),
                          "missing_values": table.missing, "missing_codes": coded,
                          "year": year if needs_year(table) else None,
                          **_recognised_json(recognised)}, ensure_ascii=False))
    else:
        print(_report_text(report, table, boundaries))
        print(_recognised_text(recognised, table, year, key_field, name_field))
        level = _parent_level(args.parent_level, recognised, args.parent)
        if level:
            print(f"übergeordnete Ebene / parent level: {level}"
                  + (f" ({len(recognised.districts)} {plural_de(level)}; --parent-level \"\" für nur Summenprüfung / "
                     "for a sum check only)" if recognised.districts else ""))
        if coded:
            print(f"als fehlend gelesen (Code {', '.join(args.missing)}) / read as missing (declared code): "
                  + ", ".join(f"{column} {n}" for column, n in coded.items()))
    if args.dry_run:
        return 0
    if (report.unmatched_table or report.unmatched_boundaries) and not args.allow_unmatched:
        print(
            f"Fehler / error: nur teilweise zugeordnet ({len(report.unmatched_table)} Tabellenzeilen ohne Grenze, "
            f"{len(report.unmatched_boundaries)} Grenzen ohne Werte); zum Speichern --allow-unmatched angeben. / "
            "only partly matched; give --allow-unmatched to save anyway.",
            file=sys.stderr,
        )
        return 2
    name = args.name or default_name([p.name for p in args.indicators])
    provenance = provenance_record(
        name=name, boundaries_file=args.boundaries.name, indicators_file=", ".join(p.name for p in args.indicators), table=table,
        recognised=recognised, imported_by=getpass.getuser(), via="command line", key_field=key_field,
        name_field=name_field, source=args.source, licence=args.licence, shares=shares, signed=args.signed,
        codes=parse_missing_codes(args.missing), municipality=args.municipality, unit_label=args.unit_label,
        year=year, parent_level=_parent_level(args.parent_level, recognised, args.parent),
    )
    # Whoever can run this command on the server may change its data folder.
    editor = Editor(getpass.getuser(), via="command line")
    try:
        folder = store(name, boundaries, table, report, provenance, editor, replace_existing=args.replace)
    except DatasetExistsError as exc:
        print(f"Fehler / error: {exc} (--replace)", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a write error: exit 2 with a message, no traceback
        full = exc.errno in {errno.ENOSPC, errno.EDQUOT}
        failure = exc if isinstance(exc, DatasetWriteError) else DatasetWriteError(full)
        print(f"Fehler / error: {failure}", file=sys.stderr)
        return 2
    if not args.json:
        print(f"gespeichert / saved: {folder}")
    return 0


def _parent_level(stated: str | None, recognised: Recognised, parent: str | None) -> str | None:
    """``--parent-level``: as stated ("" none), else from the data (as the import page prefills it)."""
    if stated is not None:
        return stated.strip() or None
    if not (parent or recognised.districts):
        return None
    return district_level(recognised, parent) or "Bezirk"


def _year_argument(path: Path, value: str | None) -> tuple[str | None, int | None]:
    """``--year``: a column of the table, or the year of a table without a year column."""
    if not value:
        return None, None
    if re.fullmatch(r"\d{4}", value.strip()) and value not in table_columns(path):
        return None, int(value)
    return value, None


def _recognised_json(recognised: Recognised) -> dict[str, object]:
    return {
        "id_columns": list(recognised.ids),
        "published_shares": [m.to_dict() for m in recognised.shares],
        "share_disagreements": {k: [list(r) for r in v] for k, v in recognised.disagreements.items()},
        "aggregates": [{"key": a.key, "name": a.name, "kind": a.kind, "areas": len(a.children),
                        "differences": [list(d) for d in a.differences]} for a in recognised.aggregates],
    }


_KINDS = {"total": "Gesamtstadt / city total", "district": "übergeordneter Bezirk / coarser district",
          }


def _recognised_text(recognised: Recognised, table: IndicatorTable, year: int | None, key: str, name: str) -> str:
    lines = [f"Grenzen: Schlüssel „{key}“, Name „{name}“ / boundaries: key '{key}', name '{name}'"]
    if recognised.ids:
        lines.append(f"Kennungsspalten, keine Indikatoren / id columns, not indicators: {', '.join(recognised.ids)}")
    for m in recognised.shares:
        lines.append(f"Anteil erkannt / share recognised: {m.column} = {m.numerator} ÷ {m.denominator}")
    for column, rows in recognised.disagreements.items():
        lines.append(f"Anteil passt nicht zu den Anzahlen / share disagrees with its counts: {column}: "
                     + "; ".join(f"{area} {shown:g} ≠ {exact:g}" for area, shown, exact in rows[:10]))
    for a in recognised.kept_out:
        what = _KINDS[a.kind] + (f", {len(a.children)} Gebiete / areas" if a.children else "")
        check = "" if not a.sum_checked else (
            "; Summe stimmt / sum agrees" if not a.differences else "; Summe weicht ab / sum differs: "
            + ", ".join(f"{c} {v:g} ≠ {s:g}" for c, v, s in a.differences))
        named = f" {a.name}" if a.name != a.key else ""
        lines.append(f"Sammelzeile / aggregate row: {a.key}{named} ({what}){check}")
    if needs_year(table):
        lines.append(f"Jahr / year: {year}" if year else
                     "Jahr unbekannt (keine Jahresspalte; --year JJJJ angeben) / year unknown (give --year YYYY)")
    return "\n".join(lines)
