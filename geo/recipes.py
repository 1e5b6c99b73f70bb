"""Command line of the arrival-quarter recipes (``python -m geo.recipes``).

    python -m geo.recipes list
    python -m geo.recipes run --dataset <dataset id> --recipe eigener_index --csv ergebnis.csv
    python -m geo.recipes run --dataset beispielstadt --recipe kurtenbach --csv kurtenbach.csv
    python -m geo.recipes compare --dataset beispielstadt --csv vergleich.csv [--recipe A --recipe B]

``run`` prints the recipe, its source and inputs and per area the score, rank and whether the area
shows the features of an arrival quarter, and writes that table as CSV for German Excel. ``compare``
runs every recipe (or those named), says which cannot run for want of an indicator, prints the
pairwise Jaccard index and Kendall's τ, and writes the per-area comparison (disagreeing areas first).
The figures are those of the ranking page's recipe section. The user's own index takes its weights
from ``--weight NAME=W`` (default: the recipe file's). Indicators are matched by name and by the
network page's mapping (``indicator_mapping.json`` in the data folder).

Exit code 0 on success, 1 when the recipe cannot run (an indicator is missing: it is named),
2 with a German / English message on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.analysis.network import load_mapping, mapping_path
from geo.analysis.recipe_compare import compare, own_recipe, run_recipe
from geo.analysis.recipe_tables import (
    comparison_table,
    formatted,
    pairs_table,
    provenance_lines,
    run_table,
    summary_line,
    whole_columns,
    with_provenance,
)
from geo.analysis.recipes import Recipe, RecipeError, load_recipes
from geo.domain.dataset import Dataset
from geo.numbers import format_number, read_cell

__all__ = ["main"]



def _dataset(dataset_id: str) -> Dataset:
    """A dataset by its id (:func:`geo.store.datasets.open_dataset`), as ``python -m geo.ranking`` reads it."""
    from geo.store.datasets import UnknownDatasetError, open_dataset

    try:
        return open_dataset(dataset_id).dataset
    except UnknownDatasetError as exc:
        raise RecipeError(str(exc)) from None


def _own(recipe: Recipe, dataset: Dataset, pairs: list[str], reverse: list[str]) -> Recipe:
    """The own index with the typed weights (indicator id or label = weight)."""
    if not pairs:
        return recipe
    weights, directions = {}, {}
    by_label = {s.label_de.casefold(): i for i, s in dataset.specs.items()}
    for pair in pairs:
        name, sep, value = pair.rpartition("=")
        key = name if name in dataset.specs else by_label.get(name.casefold())
        if not sep or key is None:
            raise RecipeError(f"„{pair}“: bitte als INDIKATOR=GEWICHT mit einem Indikator des Datensatzes. / "
                              f"write it as INDICATOR=WEIGHT with an indicator of the dataset.")
        try:
            weight = read_cell(value, grouping=False)
        except ValueError:
            weight = None
        if weight is None:
            raise RecipeError(f"„{value}“ ist keine Zahl. / '{value}' is not a number.")
        weights[key] = weight
        directions[key] = -1 if name in reverse or key in reverse else 1
    labels = {i: s.label_de for i, s in dataset.specs.items()}
    return own_recipe(recipe, weights, directions, labels)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo.recipes",
                                     description="Arrival-quarter recipes: run one, or compare them, on a dataset.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the recipes and their sources")
    for name, text in (("run", "one recipe: score, rank, flag per area"), ("compare", "several recipes side by side")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--dataset", required=True, help="dataset id (the default one from data/sources.toml, or an imported dataset)")
        sub.add_argument("--recipe", action="append", required=name == "run", default=[],
                         help="recipe id (file name in data/recipes without .toml)" + ("; repeat" if name == "compare" else ""))
        sub.add_argument("--weight", action="append", default=[], metavar="NAME=W", help="own index: weight (repeat)")
        sub.add_argument("--reverse", action="append", default=[], metavar="NAME", help="own index: low values count")
        sub.add_argument("--lang", choices=("de", "en"), default="de", help="column labels and number format")
        sub.add_argument("--csv", required=True, type=Path, help="where to write the table")
    return parser


def _write(path: Path, frame, lang: str) -> None:
    from exports.cells import csv_bytes  # the one formula-safe CSV writer; the CLI is an entry point

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(frame, lang))


def _number(value: float, lang: str) -> str:
    return "–" if value != value else format_number(value, 2, lang)  # NaN != NaN


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    try:
        recipes = load_recipes()
        if args.command == "list":
            for rid, recipe in recipes.items():
                print(f"{rid}: {recipe.name_de} – {recipe.citation}")
            return 0
        dataset = _dataset(args.dataset)
        unknown = [r for r in args.recipe if r not in recipes]
        if unknown:
            raise RecipeError(f"Unbekanntes Rezept: {', '.join(unknown)}; vorhanden: {', '.join(recipes)}. / "
                              f"Unknown recipe: {', '.join(unknown)}.")
        from geo.store.ingest import datasets_root

        mapping = load_mapping(mapping_path(datasets_root().parent))
        chosen = [recipes[r] for r in (args.recipe or recipes)]
        chosen = [_own(r, dataset, args.weight, args.reverse) if r.user_weights else r for r in chosen]
        runs = [run_recipe(r, dataset, mapping) for r in chosen]
    except (RecipeError, ValueError, OSError) as exc:
        print(f"Fehler / error: {exc}", file=sys.stderr)
        return 2
    lang = args.lang
    names = dataset.areas["name"]
    for run in runs:
        if not run.ran:
            why = run.error or (
                f"fehlender Indikator / missing indicator: {run.binding.missing_text(lang)}")
            print(f"{run.recipe.name(lang)}: rechnet nicht / does not run – {why}")
    ran = [r for r in runs if r.ran]
    if args.command == "run":
        if not ran:
            return 1
        run = ran[0]
        for what, how in provenance_lines(run, dataset, lang):
            print(f"{what}: {how}")
        table = run_table(run, names, lang)
        for row in formatted(table, lang, whole=whole_columns(run, lang)).itertuples(index=False):  # the page's number format
            print(" | ".join(str(v) for v in row))
        print(summary_line(run, lang))
        frame = with_provenance(table, run, lang)
    else:
        if not ran:
            return 1
        result = compare(ran, names)
        for run in ran:
            print(summary_line(run, lang))
        for row in pairs_table(result, recipes | {r.recipe.id: r.recipe for r in ran}, lang).itertuples(index=False):
            print(f"{row[0]} ↔ {row[1]}: Jaccard {_number(row[2], lang)}, τ {_number(row[3], lang)} ({row[4]})")
        frame = comparison_table(result, {r.recipe.id: r.recipe for r in ran}, lang)
        print(f"uneins / disagree: {int(result.areas['disagree'].sum())} von / of {len(result.areas)}")
    try:
        _write(args.csv, frame, lang)
    except OSError as exc:
        print(f"Fehler / error: {args.csv} nicht schreibbar ({exc.strerror}). / cannot write.", file=sys.stderr)
        return 2
    print(f"geschrieben / written: {args.csv} ({len(frame)} Gebiete / areas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
