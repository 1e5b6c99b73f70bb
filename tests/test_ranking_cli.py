"""python -m geo.ranking: status and dynamics classes of an imported (synthetic) dataset as CSV."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.ranking import main
from geo.store.ingest import main as ingest
from tests.conftest import REPO

# Test fixture, synthetic: mean 0 and population SD 1, so the z-scores are these values exactly.
PATTERN = [2.0, -2.0, 1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ANKUNFTSATLAS_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("ANKUNFTSATLAS_MODE", raising=False)
    return tmp_path


def _import(tmp_path, name: str, lines: list[str]) -> None:
    """Boundaries p0, p1, … for the table's areas, then the import as a user would run it."""
    keys = list(dict.fromkeys(line.split(";")[0] for line in lines[1:]))
    boundaries = tmp_path / f"{name}.gpkg"
    gpd.GeoDataFrame(
        {"id": keys, "name": [f"Gebiet {k[1:]}" for k in keys]},
        geometry=[box(410000 + i * 1000, 5475000, 411000 + i * 1000, 5476000) for i in range(len(keys))],
        crs=25832,
    ).to_file(boundaries)
    table = tmp_path / f"{name}.csv"
    table.write_text("\n".join(lines), encoding="utf-8")
    assert ingest(["--boundaries", str(boundaries), "--indicators", str(table), "--name", name]) == 0


def _read(path) -> pd.DataFrame:
    table = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"area_id": str, "code": str, "status_class": "Int64"})
    text = ["status_label", "status_text", "dynamics_class", "dynamics_label", "code", "note"]
    table[text] = table[text].astype(object).fillna("")
    return table


def test_long_table_status_and_dynamics_from_two_years(data_dir, capsys):
    tmp_path = data_dir
    rows = ["id;indikator;jahr;wert"]
    for i, (level, change) in enumerate(zip(PATTERN, reversed(PATTERN))):
        start = 30 + 4 * level - 4 * change  # so that the 2021 level follows PATTERN exactly
        rows += [f"p{i};ALQ;2019;{start:g}", f"p{i};ALQ;2021;{30 + 4 * level:g}", f"p{i};Einwohner;2021;{1000 + i}"]
    rows += ["p10;ALQ;2019;90", "p10;ALQ;2021;10", "p10;Einwohner;2021;250"]  # small and extreme: ungültig
    _import(tmp_path, "Zeitreihe", rows)
    out = tmp_path / "out" / "klassen.csv"
    argv = ["--dataset", "zeitreihe", "--indicator", "ALQ", "--dynamics-from", "2019", "--residents", "Einwohner",
            "--csv", str(out)]
    assert main(argv) == 0
    table = _read(out)
    assert table.columns.tolist() == [
        "area_id", "name", "status_index", "status_class", "status_label", "status_text",
        "dynamics_index", "dynamics_class", "dynamics_label", "code", "note",
    ]
    assert table["area_id"].tolist() == [f"p{i}" for i in range(11)]
    assert table["status_index"].tolist()[:10] == PATTERN
    assert table["code"].tolist() == ["4±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "2+", "2-", "ungültig"]
    # A class code "+" cannot be a formula: the formula guard leaves it as it is, no apostrophe in the data.
    assert table.loc[8, ["dynamics_class", "dynamics_label"]].tolist() == ["+", "positiv"]
    assert table.loc[9, "dynamics_class"] == "-"
    assert table.loc[10, "note"] == "unter 300 Einwohnern (250) / fewer than 300 residents"
    printed = capsys.readouterr().out
    assert "Jahre der Dynamik: 2019–2021" in printed
    assert "Dynamikindex: z(1,00 × z(Veränderung ALQ (2021)))" in printed
    assert "Nicht klassifiziert: Gebiet 10: unter 300 Einwohnern" in printed


def test_change_indicators_of_a_wide_table_weights_and_reversed_direction(data_dir):
    tmp_path = data_dir
    rows = ["id;Beschäftigung;Veränderung Beschäftigung;EW"]
    for i, (level, change) in enumerate(zip(PATTERN, reversed(PATTERN))):
        rows.append(f"p{i};{60 - 5 * level:g};{-3 * change:g}".replace(".", ",") + ";2000")
    _import(tmp_path, "Breit", rows)
    out = tmp_path / "breit.csv"
    argv = ["--dataset", "breit", "--indicator", "Beschäftigung", "--dynamics-indicator", "Veränderung Beschäftigung",
            "--reverse", "Beschäftigung", "--reverse", "Veränderung Beschäftigung", "--weight", "Beschäftigung=2",
            "--residents", "EW", "--csv", str(out)]
    assert main(argv) == 0
    assert _read(out)["code"].tolist()[:10] == ["4±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "2+", "2-"]


def test_configured_cut_offs(data_dir):
    tmp_path = data_dir
    _import(tmp_path, "Einfach", ["id;ALQ"] + [f"p{i};{10 + v:g}" for i, v in enumerate(PATTERN)])
    out = tmp_path / "c.csv"
    assert main(["--dataset", "einfach", "--indicator", "ALQ", "--status-cuts", "-0,5", "0,5", "1,5", "--csv", str(out)]) == 0
    assert _read(out)["status_class"].tolist()[:10] == [4, 1, 3, 1, 2, 2, 2, 2, 2, 2]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--dataset", "nirgendwo", "--indicator", "ALQ"], "Unbekannter Datensatz „nirgendwo“"),
        (["--dataset", "einfach", "--indicator", "SGB2"], "Unbekannter Indikator „SGB2“"),
        (["--dataset", "einfach", "--indicator", "ALQ", "--dynamics-from", "2019"], "hat keine Jahre"),
        (["--dataset", "einfach", "--indicator", "ALQ", "--weight", "ALQ"], "NAME=GEWICHT"),
        (["--dataset", "einfach", "--indicator", "ALQ", "--status-cuts", "1", "-1", "2"], "aufsteigende Grenzwerte"),
        (["--dataset", "einfach", "--indicator", "ALQ", "--residents", "ALQ", "--min-residents", "99"],
         "Zu wenige gültige Gebiete"),
    ],
)
def test_bad_input_exits_2_with_a_message(data_dir, capsys, argv, message):
    tmp_path = data_dir
    _import(tmp_path, "Einfach", ["id;ALQ"] + [f"p{i};{10 + v:g}" for i, v in enumerate(PATTERN)])
    capsys.readouterr()
    assert main([*argv, "--csv", str(tmp_path / "x.csv")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("Fehler / error: ") and message in error
    assert not (tmp_path / "x.csv").exists()


def test_module_entry_point_on_the_embedded_dataset(tmp_path):
    out = tmp_path / "kl.csv"
    command = [sys.executable, "-m", "geo.ranking", "--dataset", "kaiserslautern", "--indicator", "foreign_share",
               "--residents", "residents", "--csv", str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    table = _read(out)
    assert len(table) == 18 and set(table["status_class"]) <= {1, 2, 3, 4}
    assert table.loc[table["area_id"] == "innenstadt-suedwest", "code"].item() == "4"
    missing = subprocess.run([*command[:3], "--dataset", "kaiserslautern"], cwd=REPO, capture_output=True, text=True)
    assert missing.returncode == 2 and "--indicator" in missing.stderr


def test_acceptance_check_against_published_classes(data_dir, capsys):
    """A table in the manner of a published monitoring table: indicators, changes and the official classes."""
    tmp_path = data_dir
    official_status = {2.0: 4, -2.0: 1}
    official_dynamics = {-2.0: 1, 2.0: 3}
    rows = ["PLR;S1;D1 Veränderung;EW;Status;Dynamik"]
    for i, (level, change) in enumerate(zip(PATTERN, reversed(PATTERN))):
        rows.append(f"p{i};{20 + 3 * level:g};{change:g};{500 + i};{official_status.get(level, 2)};"
                    f"{official_dynamics.get(change, 2)}")
    rows.append("p10;40;5;120;;")  # ungültig: no published class
    _import(tmp_path, "Monitoring", rows)
    argv = ["--dataset", "monitoring", "--indicator", "S1", "--dynamics-indicator", "D1 Veränderung", "--residents", "EW",
            "--check-status", "Status", "--check-dynamics", "Dynamik", "--csv", str(tmp_path / "k.csv")]
    assert main(argv) == 0
    assert "alle 11 Gebiete stimmen" in capsys.readouterr().out
    # a published table that says otherwise for one area
    _import(tmp_path, "Monitoring 2", [rows[0], *[r.replace(";1;2", ";2;2") for r in rows[1:]]])
    assert main([*argv[:1], "monitoring-2", *argv[2:]]) == 1
    printed = capsys.readouterr().out
    assert "abweichend / differs: Gebiet 1 (p1) status: berechnet / ours 1, veröffentlicht / official 2" in printed
    assert "1 von 11 Gebieten weichen ab" in printed


def test_monitoring_table_with_signed_changes_and_missing_code_end_to_end(data_dir, capsys):
    """The README's acceptance workflow on a synthetic table shaped like a published monitoring table:
    three status indicators, their changes D1, D3, D4 (negative values), residents, a -9999 code for
    the area without values, and the published classes."""
    table, boundaries = _write_monitoring(data_dir, [])
    signed = [arg for column in ("D1", "D3", "D4") for arg in ("--signed", column)]
    assert ingest(["--boundaries", str(boundaries), "--indicators", str(table), "--name", "MSS Test",
                   "--missing", "-9999", *signed]) == 0
    assert "als fehlend gelesen (Code -9999)" in capsys.readouterr().out
    out = data_dir / "klassen.csv"
    argv = ["--dataset", "mss-test", *[a for s in ("S1", "S3", "S4") for a in ("--indicator", s)],
            *[a for d in ("D1", "D3", "D4") for a in ("--dynamics-indicator", d)], "--residents", "EW",
            "--check-status", "Status", "--check-dynamics", "Dynamik", "--csv", str(out)]
    assert main(argv) == 0
    assert "alle 11 Gebiete stimmen" in capsys.readouterr().out
    assert _read(out)["code"].tolist() == ["4±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "2+", "2-", "ungültig"]


def _monitoring_with_outlier(tmp_path) -> None:
    """Test fixture, synthetic: the monitoring table above plus p11, an industrial estate with extreme
    rates that the published classes leave out (no class), as Berlin's MSS does with an outlier."""
    table, boundaries = _write_monitoring(tmp_path, ["p11;80;90;95;30;40;45;310;;"])
    assert ingest(["--boundaries", str(boundaries), "--indicators", str(table), "--name", "MSS Test",
                   "--missing", "-9999", "--signed", "D1", "--signed", "D3", "--signed", "D4"]) == 0


def test_an_outlier_the_publication_leaves_out_is_excluded_by_hand(data_dir, capsys):
    _monitoring_with_outlier(data_dir)
    out = data_dir / "klassen.csv"
    # the README's command: several indicators after one flag
    argv = ["--dataset", "mss-test", "--indicator", "S1", "S3", "S4", "--dynamics-indicator", "D1", "D3", "D4",
            "--residents", "EW", "--check-status", "Status", "--check-dynamics", "Dynamik", "--csv", str(out)]
    assert main(argv) == 1  # the outlier drags every z-score: the published classes are missed
    printed = capsys.readouterr().out
    assert "abweichend / differs: PLR p11 (p11) status: berechnet / ours 4, veröffentlicht / official –" in printed, printed
    assert main([*argv, "--exclude", "PLR p11"]) == 0
    printed = capsys.readouterr().out
    assert "alle 12 Gebiete stimmen" in printed
    not_classified = next(line for line in printed.splitlines() if line.startswith("Nicht klassifiziert:"))
    assert "PLR p11: ausgeschlossen (Ausreißer)" in not_classified
    assert "PLR p10: unter 300 Einwohnern (120)" in not_classified
    table = _read(out)
    assert table["code"].tolist() == ["4±", "1±", "2±", "2±", "2±", "2±", "2±", "2±", "2+", "2-", "ungültig", ""]
    assert table.loc[11, "note"] == "ausgeschlossen (Ausreißer) / excluded (outlier)"
    assert main([*argv, "--exclude", "Nirgendwo"]) == 2
    assert "Unbekanntes Gebiet „Nirgendwo“ (--exclude)" in capsys.readouterr().err


def _write_monitoring(folder, extra_rows: list[str]):
    """Test fixture, synthetic: a table shaped like a published monitoring table (status indicators
    S1, S3, S4, their changes D1, D3, D4, residents EW, published classes) built by the rule from
    PATTERN, an area p10 with -9999 codes and too few residents, ``extra_rows``, and boundaries."""
    rows = ["PLR;S1;S3;S4;D1;D3;D4;EW;Status;Dynamik"]
    for i, (level, change) in enumerate(zip(PATTERN, reversed(PATTERN))):
        status = 4 if level > 1.5 else 3 if level > 1 else 1 if level < -1 else 2
        dynamics = 3 if change > 1 else 1 if change < -1 else 2
        s = [8 + 2 * level, 15 + 5 * level, 30 + 10 * level]
        d = [0.5 * change, 1.5 * change, 2.0 * change]
        rows.append(";".join([f"p{i}", *(f"{v:g}".replace(".", ",") for v in [*s, *d]), str(800 + i),
                              str(status), str(dynamics)]))
    rows += ["p10;-9999;-9999;-9999;-9999;-9999;-9999;120;;", *extra_rows]
    table = folder / "mss.csv"
    table.write_text("\n".join(rows), encoding="utf-8")
    keys = [row.split(";", 1)[0] for row in rows[1:]]
    boundaries = folder / "plr.gpkg"
    gpd.GeoDataFrame(
        {"id": keys, "name": [f"PLR {k}" for k in keys]},
        geometry=[box(410000 + i * 1000, 5475000, 411000 + i * 1000, 5476000) for i in range(len(keys))],
        crs=25832,
    ).to_file(boundaries)
    return table, boundaries


@pytest.mark.parametrize(
    ("column", "flag", "label", "words"),
    [
        ("Ausländeranteil", [], "Klasse 4 (höchste Indexwerte)", "neutral (nicht jeder Indikator"),  # default: neutral
        ("Ausländeranteil", ["--index-kind", "social"], "sehr niedrig", None),  # declared social by the officer
        ("SGB II Quote", [], "sehr niedrig", "Sozialstatus (jeder Indikator"),  # every indicator social: preset
        ("SGB II Quote", ["--index-kind", "other"], "Klasse 4 (höchste Indexwerte)", None),
    ],
)
def test_class_words_follow_what_the_index_measures(data_dir, capsys, column, flag, label, words):
    """The page's rule: status words ("sehr niedrig") only for a social-status index."""
    _import(data_dir, "Worte", [f"id;{column}"] + [f"p{i};{10 + v:g}" for i, v in enumerate(PATTERN)])
    out = data_dir / "w.csv"
    assert main(["--dataset", "worte", "--indicator", column, *flag, "--csv", str(out)]) == 0
    table = _read(out)
    assert table.loc[0, "status_class"] == 4 and table.loc[0, "status_label"] == label
    printed = capsys.readouterr().out
    assert (f"Klassenwörter / class words: {words}" in printed) if words else "Klassenwörter /" not in printed
    if label.startswith("Klasse"):
        assert "sehr niedrig" not in out.read_text(encoding="utf-8-sig")
        assert "Klassen: Klasse 1 <" in printed  # the method line says neutral classes too


def test_index_kind_is_one_of_two(data_dir, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--dataset", "x", "--indicator", "a", "--index-kind", "status", "--csv", str(data_dir / "x.csv")])
    assert stop.value.code == 2 and "invalid choice: 'status'" in capsys.readouterr().err
