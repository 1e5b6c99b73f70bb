"""Command line of the status and dynamics classes (``python -m geo.ranking``).

    python -m geo.ranking --dataset berlin-mss-2021 \\
        --indicator S1 --indicator S3 --indicator S4 \\
        --dynamics-indicator D1 --dynamics-indicator D3 --dynamics-indicator D4 \\
        --residents EW --index-kind social --csv klassen.csv

Writes one row per area (id, name, status index and class 1–4, dynamics index
and class, combined code such as ``2-``) as CSV for German Excel and prints
the method. The classes read "hoch … sehr niedrig" only for a social-status
index (``--index-kind social``, or by default when every indicator names a
social-status measure, as the ranking page presets it); otherwise neutrally
"Klasse 1 … 4". With ``--check-status`` / ``--check-dynamics`` (columns
holding published classes) it is an acceptance check: every area must get the
published class. Exit code 0 on success, 1 when a class differs from the
published one, 2 with a German / English message on bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from geo.analysis.statusdynamics import (
    StatusDynamicsRules,
    StatusDynamicsError,
    class_table,
    compare_classes,
    method_lines,
    resolve_column,
    social_status_guess,
)
from geo.analysis.statusdynamics_spec import StatusDynamicsSpec, apply_spec
from geo.domain.dataset import Dataset
from geo.numbers import read_cell

__all__ = ["load_dataset_by_id", "main", "resolve_indicator"]

def load_dataset_by_id(dataset_id: str) -> Dataset:
    """A dataset by its id (:func:`geo.store.datasets.open_dataset`): the default one or an imported one."""
    from geo.store.datasets import UnknownDatasetError, open_dataset

    try:
        return open_dataset(dataset_id).dataset
    except UnknownDatasetError as exc:
        raise StatusDynamicsError(str(exc)) from None


def resolve_indicator(dataset: Dataset, text: str) -> str:
    """An indicator id from what was typed: the id, the imported column name, the label, or a yearly base."""
    from geo.store.catalog import slug

    specs = dataset.specs
    if text in specs:
        return text
    if slug(text) in specs:
        return slug(text)
    by_label = {key: spec for key, spec in specs.items() if text.casefold() in (spec.label_de.casefold(), spec.label_en.casefold())}
    if len(by_label) == 1:
        return next(iter(by_label))
    try:
        return resolve_column(list(specs), text)
    except StatusDynamicsError:
        try:
            return resolve_column(list(specs), slug(text))
        except StatusDynamicsError:
            raise StatusDynamicsError(
                f"Unbekannter Indikator „{text}“; vorhanden: {', '.join(specs)}. / Unknown indicator '{text}'."
            ) from None


def _number(text: str) -> float:
    """Cut-offs as typed: "1,5" or "1.5" or "−1"."""
    try:
        value = read_cell(text, grouping=False)
    except ValueError:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Zahl. / '{text}' is not a number.")
    return value


def _area(dataset: Dataset, text: str) -> str:
    """An area id from what was typed: the id or the name (one match)."""
    if text in dataset.areas.index:
        return text
    named = dataset.areas.index[dataset.areas["name"].astype(str).str.casefold() == text.casefold()].tolist()
    if len(named) == 1:
        return named[0]
    raise StatusDynamicsError(f"Unbekanntes Gebiet „{text}“ (--exclude). / Unknown area '{text}'.")


def _weights(pairs: list[str]) -> dict[str, float]:
    weights = {}
    for pair in pairs:
        name, sep, value = pair.rpartition("=")
        if not sep or not name:
            raise StatusDynamicsError(f"„{pair}“: bitte als NAME=GEWICHT angeben. / write it as NAME=WEIGHT.")
        try:
            weights[name] = _number(value)
        except argparse.ArgumentTypeError as exc:
            raise StatusDynamicsError(str(exc)) from None
    return weights


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo.ranking",
        description="Status and dynamics classes as in social monitoring (Berlin MSS): one CSV row per area.",
    )
    parser.add_argument("--dataset", required=True, help="dataset id (the default one from data/sources.toml, or an imported dataset)")
    parser.add_argument("--indicator", action="extend", nargs="+", required=True,
                        help="status indicators (several after one flag, or repeat the flag)")
    dynamics = parser.add_mutually_exclusive_group()
    dynamics.add_argument("--dynamics-from", type=int, metavar="YEAR",
                          help="dynamics: change of every status indicator since YEAR (long tables)")
    dynamics.add_argument("--dynamics-indicator", action="extend", nargs="+", default=[],
                          help="dynamics: change indicators the dataset holds (several, or repeat the flag)")
    parser.add_argument("--weight", action="append", default=[], metavar="NAME=W", help="weight of an indicator (default 1)")
    parser.add_argument("--reverse", action="append", default=[], metavar="NAME",
                        help="indicator where a LOWER value means lower status (e.g. employment rate)")
    parser.add_argument("--exclude", action="append", default=[], metavar="AREA",
                        help="area id or name left out of the standardisation, e.g. an outlier the published "
                             "monitoring leaves out (repeat)")
    parser.add_argument("--residents", help="indicator with the residents; areas below --min-residents are ungültig")
    parser.add_argument("--min-residents", type=_number, default=300.0, help="resident threshold (default 300)")
    parser.add_argument("--status-cuts", type=_number, nargs=3, default=[-1.0, 1.0, 1.5], metavar=("A", "B", "C"),
                        help="hoch < A <= mittel <= B < niedrig <= C < sehr niedrig (default -1 1 1.5)")
    parser.add_argument("--dynamics-cuts", type=_number, nargs=2, default=[-1.0, 1.0], metavar=("A", "B"),
                        help="positiv < A <= stabil <= B < negativ (default -1 1)")
    parser.add_argument(
        "--index-kind", choices=("social", "other"),
        help="what the status index measures: 'social' (SGB II, unemployment, child poverty …) gives the classes "
        "'hoch … sehr niedrig'; 'other' (e.g. share of foreigners) neutral classes 'Klasse 1 … 4'. Default: "
        "'social' only when every --indicator names a social-status measure, as the ranking page presets it",
    )
    parser.add_argument("--sd", choices=("population", "sample"), default="population",
                        help="standard deviation of the z-scores (default population)")
    parser.add_argument("--check-status", metavar="COLUMN",
                        help="acceptance check: indicator with the published status class (1-4); exit 1 on a difference")
    parser.add_argument("--check-dynamics", metavar="COLUMN",
                        help="acceptance check: indicator with the published dynamics class (1 +, 2 ±, 3 -)")
    parser.add_argument("--csv", required=True, type=Path, help="where to write the table")
    return parser


def _negative_decimals(argv: list[str]) -> list[str]:
    """argparse reads "-0,5" as an option; "-0.5" it knows as a number."""
    return [re.sub(r"^[-−](\d*),(\d+)$", r"-\1.\2", a) for a in argv]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(_negative_decimals(sys.argv[1:] if argv is None else list(argv)))
    try:
        dataset = load_dataset_by_id(args.dataset)
        status = [resolve_indicator(dataset, text) for text in args.indicator]
        # the page's rule (geo/analysis/statusdynamics.py): status words only for a social index
        social = args.index_kind == "social" if args.index_kind else social_status_guess(dataset.specs, status)
        config = StatusDynamicsRules(tuple(args.status_cuts), tuple(args.dynamics_cuts), args.min_residents, args.sd,
                                     social=social)
        typed_weights = {resolve_indicator(dataset, k): w for k, w in _weights(args.weight).items()}
        reverse = {resolve_indicator(dataset, text) for text in args.reverse}
        residents = resolve_indicator(dataset, args.residents) if args.residents else None
        dynamics: dict[str, float] = {}
        if args.dynamics_from is None:
            dynamics = {(key := resolve_indicator(dataset, text)): typed_weights.get(key, 1.0)
                        for text in args.dynamics_indicator}
        checks = [resolve_indicator(dataset, c) if c else None for c in (args.check_status, args.check_dynamics)]
        # the same spec the ranking page builds from its widgets (geo/analysis/statusdynamics_spec.py)
        spec = StatusDynamicsSpec(
            status=tuple((i, typed_weights.get(i, 1.0)) for i in status),
            directions=tuple((i, -1 if i in reverse else 1) for i in status),
            config=config,
            residents=residents,
            from_year=args.dynamics_from,
            changes=tuple(dynamics.items()),
            reverse=tuple(sorted(c for c in dynamics if c in reverse)),
            exclude=tuple(_area(dataset, text) for text in args.exclude),
        )
        result, changes = apply_spec(dataset.areas, spec)
    except (StatusDynamicsError, ValueError, OSError) as exc:
        print(f"Fehler / error: {exc}", file=sys.stderr)
        return 2
    frame = class_table(result, dataset.areas["name"])
    try:
        args.csv.parent.mkdir(parents=True, exist_ok=True)
        # Area names come from data files: no cell may become a spreadsheet formula.
        from exports.cells import csv_bytes  # the one CSV writer; imported here, the CLI is an entry point

        args.csv.write_bytes(csv_bytes(frame, "de"))
    except OSError as exc:
        print(f"Fehler / error: {args.csv} nicht schreibbar ({exc.strerror}). / cannot write.", file=sys.stderr)
        return 2
    labels = {key: spec.label_de for key, spec in dataset.specs.items()}
    labels.update({change: f"Veränderung {labels.get(i, i)}" for i, change in changes.items()})
    for what, how in method_lines(result, labels, dataset.areas["name"].to_dict()):
        print(f"{what}: {how}")
    if not args.index_kind:
        print("Klassenwörter / class words: " + (
            "Sozialstatus (jeder Indikator ein sozialer Statusindikator) / social status" if social else
            "neutral (nicht jeder Indikator ein sozialer Statusindikator; --index-kind social für „hoch … sehr "
            "niedrig“) / neutral"))
    counts = frame["code"].value_counts()
    print("Klassen / classes: " + ", ".join(f"{code} {n}" for code, n in sorted(counts.items()) if code))
    print(f"geschrieben / written: {args.csv} ({len(frame)} Gebiete / areas)")
    if not any(checks):
        return 0
    return _check(result, dataset, *checks)


def _shown(value: object) -> str:
    """A class number as printed; "–" for none (an area without a class)."""
    return "–" if value is None or value != value else str(int(value))  # NaN != NaN


def _check(result, dataset: Dataset, status_column: str | None, dynamics_column: str | None) -> int:
    """Compare with published classes held in the dataset; 0 when every area agrees, else 1."""
    differences = compare_classes(
        result,
        dataset.areas[status_column] if status_column else None,
        dataset.areas[dynamics_column] if dynamics_column else None,
    )
    checked = len(result.table)
    if differences.empty:
        print(f"Prüfung / check: alle {checked} Gebiete stimmen mit den veröffentlichten Klassen überein. / all agree.")
        return 0
    names = dataset.areas["name"]
    for row in differences.itertuples():
        print(f"abweichend / differs: {names.get(row.area, row.area)} ({row.area}) {row.what}: "
              f"berechnet / ours {_shown(row.ours)}, veröffentlicht / official {_shown(row.official)}")
    print(f"Prüfung / check: {differences['area'].nunique()} von {checked} Gebieten weichen ab. / "
          f"{differences['area'].nunique()} of {checked} areas differ.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
