"""A synthetic municipality with all four of Kurtenbach's indicators (TEST FIXTURE, invented numbers).

"Rezeptstadt": ten invented areas ("Gebiet a" … "Gebiet j") of 1,000 residents each, with the values
of ``tests/test_recipes.py``'s hand-scored table: unemployed share (given as a percent value), and
foreigners, residents aged 65+ and residents at their address for under 5 years as counts, from which
the import computes the shares. Imported through the command line, as an officer would.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

__all__ = ["NAME", "SLUG", "import_recipe_city"]

NAME, SLUG = "Rezeptstadt", "rezeptstadt"
_AREAS = list("abcdefghij")
_UNEMPLOYED = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
_FOREIGNERS = [10, 20, 20, 30, 40, 50, 50, 70, 80, 90]  # % of 1,000
_AGED65 = [30, 28, 26, 23, 23, 20, 18, 16, 14, 12]
_RESIDENCE5 = [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]


def import_recipe_city(folder: Path) -> None:
    """Write boundaries and table into ``folder`` and import them into ANKUNFTSATLAS_DATA_DIR."""
    from geo.store.ingest import main

    folder.mkdir(parents=True, exist_ok=True)
    boundaries = folder / "rezeptstadt.gpkg"
    gpd.GeoDataFrame(
        {"id": [str(i + 1) for i in range(10)], "name": [f"Gebiet {a}" for a in _AREAS]},
        geometry=[box(410000 + (i % 5) * 1000, 5475000 + (i // 5) * 1000, 411000 + (i % 5) * 1000,
                      5476000 + (i // 5) * 1000) for i in range(10)],
        crs=25832,
    ).to_file(boundaries)
    rows = [
        f"{i + 1};1000;{u};{f * 10};{a * 10};{r * 10}"
        for i, (u, f, a, r) in enumerate(zip(_UNEMPLOYED, _FOREIGNERS, _AGED65, _RESIDENCE5))
    ]
    table = folder / "rezeptstadt.csv"
    table.write_text("id;Einwohner;Arbeitslose %;Ausländer;Ab65;Neu5\n" + "\n".join(rows) + "\n", encoding="utf-8")
    shares = ("Ausländeranteil=Ausländer/Einwohner;Anteil 65 Jahre und älter=Ab65/Einwohner;"
              "Wohndauer unter 5 Jahren=Neu5/Einwohner")
    args = ["--boundaries", str(boundaries), "--indicators", str(table), "--name", NAME, "--share", shares,
            "--source", "Testquelle Rezeptstadt (synthetisch)"]
    assert main(args) == 0
