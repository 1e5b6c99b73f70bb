import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from geo.read.join import join_by_name


def _boundaries(names):
    return gpd.GeoDataFrame(
        {"key": [str(i) for i in range(len(names))], "name": names},
        geometry=[box(i, 0, i + 1, 1) for i in range(len(names))],
        crs=4326,
    )


def test_join_matches_garbled_names_and_keeps_unmatched_boundaries():
    boundaries = _boundaries(["Hohenecken", "Erlenbach", "Erzhütten / Wiesenthalerhof", "Mölschbach"])
    table = pd.DataFrame(
        {"value": [1.0, 2.0, 3.0, 4.0]}, index=["Нонемескем", "ERLENBACH", "Erzhütten/ Wiesenthalerhof", "Atlantis"]
    )
    joined, report = join_by_name(boundaries, table)
    assert joined["value"].tolist()[:3] == [1.0, 2.0, 3.0]
    assert pd.isna(joined.loc[3, "value"])  # Mölschbach stays, as "no data"
    assert len(joined) == 4
    assert [m.left for m in report.fuzzy] == ["Нонемескем"]
    assert report.unmatched_table == ("Atlantis",)
    assert report.unmatched_boundaries == ("Mölschbach",)


def test_real_join_matches_all_ten(map_geometry):
    assert len(map_geometry.report.matches) == 10
    assert map_geometry.report.unmatched_boundaries == ()
    assert set(map_geometry.frame["unit"]) == set(map_geometry.frame["name"])
