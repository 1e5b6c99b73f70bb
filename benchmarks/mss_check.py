"""Compare the classes ``python -m geo.ranking`` wrote with the classes a monitoring table publishes.

    python benchmarks/mss_check.py --ours mss_2021_klassen.csv --official <MSS-2021-Tabelle>.csv \
        --key <PLR-Spalte> --status <Status-Spalte> --dynamics <Dynamik-Spalte>
    python benchmarks/mss_check.py --ours mss_2021_klassen.csv --official <Tabelle>.xlsx \
        --key <PLR-Spalte> --code <Status/Dynamik-Index-Spalte>

The published classes may be numbers (status 1–4, dynamics 1–3), words ("sehr niedrig",
"negativ"), symbols ("+", "+/-", "±", "-", "–") or one combined code per area ("3 -", "4 +/–",
"2±"). Areas the table leaves without a class (ungültig, outliers) must have none in ours too.
Prints the agreement per dimension, a 4 × 4 / 3 × 3 cross table and every difference; exit code
0 when every area agrees, 1 otherwise, 2 on unreadable input.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

import pandas as pd

__all__ = ["compare", "dynamics_number", "main", "read_official", "split_code", "status_number"]

_STATUS_WORDS = {"hoch": 1, "high": 1, "mittel": 2, "medium": 2, "niedrig": 3, "low": 3,
                 "sehr niedrig": 4, "very low": 4}
_DYNAMICS_WORDS = {"positiv": 1, "positive": 1, "stabil": 2, "stable": 2, "negativ": 3, "negative": 3}
_DYNAMICS_SYMBOLS = {"+": 1, "±": 2, "+/-": 2, "+-": 2, "-": 3}


def _plain(text: object) -> str:
    """Lower case, one kind of minus, no spaces around symbols."""
    value = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    value = value.strip().casefold().replace("\u2212", "-").replace("\u2013", "-").replace("–", "-")
    return re.sub(r"\s*([+/±-])\s*", r"\1", value)


def status_number(text: object) -> int | None:
    """ "3", "3.0", "niedrig", "Status niedrig" -> 3; empty, "ungültig", "-" -> ``None``.

    >>> [status_number(v) for v in ("1", 4.0, "3,0", "sehr niedrig", "Status mittel", "", "ungültig")]
    [1, 4, 3, 4, 2, None, None]
    """
    value = _plain(text).removeprefix("status").strip()
    if re.fullmatch(r"[1-4]([.,]0+)?", value):
        return int(value[0])
    if value in _STATUS_WORDS:
        return _STATUS_WORDS[value]
    return None


def dynamics_number(text: object) -> int | None:
    """ "1"/"+"/"positiv" -> 1, "2"/"±"/"+/-"/"stabil" -> 2, "3"/"-"/"–"/"negativ" -> 3, else ``None``.

    >>> [dynamics_number(v) for v in ("+", "+/–", "± ", "–", "negativ", 2, "", "ungültig")]
    [1, 2, 2, 3, 3, 2, None, None]
    """
    value = _plain(text).removeprefix("dynamik").strip()
    if re.fullmatch(r"[1-3]([.,]0+)?", value):
        return int(value[0])
    return _DYNAMICS_SYMBOLS.get(value) or _DYNAMICS_WORDS.get(value)


def split_code(text: object) -> tuple[int | None, int | None]:
    """A combined code: "3 -" -> (3, 3), "4 +/–" -> (4, 2), "2±" -> (2, 2), "1+" -> (1, 1); else (None, None).

    >>> [split_code(v) for v in ("3 -", "4 +/–", "2±", "1+", "ungültig", "")]
    [(3, 3), (4, 2), (2, 2), (1, 1), (None, None), (None, None)]
    """
    match = re.fullmatch(r"([1-4])(.+)", _plain(text))
    if not match or dynamics_number(match.group(2)) is None:
        return None, None
    return int(match.group(1)), dynamics_number(match.group(2))


def _read_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype=str)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # Excel's "CSV (Trennzeichen-getrennt)" on German Windows
    return pd.read_csv(io.StringIO(text), sep=None, engine="python", dtype=str, keep_default_na=False)


def read_official(
    frame: pd.DataFrame, key: str, status: str | None = None, dynamics: str | None = None, code: str | None = None
) -> pd.DataFrame:
    """Published classes as numbers on the area key: columns ``status`` (1–4) and ``dynamics`` (1–3)."""
    missing = [c for c in (key, status, dynamics, code) if c and c not in frame.columns]
    if missing:
        raise ValueError(f"Spalte fehlt: {', '.join(missing)}; vorhanden: {', '.join(frame.columns)}. / missing column.")
    keys = frame[key].astype(str).str.strip()
    if code:
        pairs = [split_code(v) for v in frame[code]]
        out = pd.DataFrame({"status": [p[0] for p in pairs], "dynamics": [p[1] for p in pairs]}, index=keys)
    else:
        out = pd.DataFrame(
            {
                "status": [status_number(v) for v in frame[status]] if status else None,
                "dynamics": [dynamics_number(v) for v in frame[dynamics]] if dynamics else None,
            },
            index=keys,
        )
    return out.astype("Int64")


def _ours(path: Path) -> pd.DataFrame:
    """The CSV of ``python -m geo.ranking`` (German Excel format) as class numbers on the area id."""
    table = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    return pd.DataFrame(
        {
            "status": [status_number(v) for v in table["status_class"]],
            "dynamics": [dynamics_number(v.lstrip("'")) for v in table["dynamics_class"]],  # "'+": formula-safe
            "name": table["name"].to_numpy(),
        },
        index=table["area_id"].astype(str),
    ).astype({"status": "Int64", "dynamics": "Int64"})


def compare(ours: pd.DataFrame, official: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Differences (``area, what, ours, official``) over the union of areas, and a cross table per dimension."""
    areas = ours.index.union(official.index)
    rows, crosses = [], {}
    for what in ("status", "dynamics"):
        if what not in official.columns or official[what].isna().all():
            continue
        mine = ours[what].reindex(areas)
        theirs = official[what].reindex(areas)
        crosses[what] = pd.crosstab(
            theirs.fillna(0).astype(int).rename("official"), mine.fillna(0).astype(int).rename("ours")
        )  # 0: no class
        for area in areas:
            a, b = mine[area], theirs[area]
            a, b = (None if pd.isna(a) else int(a)), (None if pd.isna(b) else int(b))
            if a != b:
                rows.append({"area": area, "what": what, "ours": a, "official": b})
    return pd.DataFrame(rows, columns=["area", "what", "ours", "official"], dtype=object), crosses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/mss_check.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--ours", type=Path, required=True, help="the CSV python -m geo.ranking wrote")
    parser.add_argument("--official", type=Path, required=True, help="the published table (CSV or XLSX)")
    parser.add_argument("--key", required=True, help="column of the published table with the area id")
    parser.add_argument("--status", help="column with the published status class")
    parser.add_argument("--dynamics", help="column with the published dynamics class")
    parser.add_argument("--code", help="column with the combined code instead (e.g. '3 -', '4 +/-')")
    args = parser.parse_args(argv)
    if not (args.code or args.status or args.dynamics):
        parser.error("--status/--dynamics or --code")
    try:
        official = read_official(_read_table(args.official), args.key, args.status, args.dynamics, args.code)
        ours = _ours(args.ours)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        print(f"Fehler / error: {exc}", file=sys.stderr)
        return 2
    differences, crosses = compare(ours, official)
    for what, cross in crosses.items():
        agree = sum(cross.at[c, c] for c in cross.index if c in cross.columns and c != 0)
        classified = int(cross.drop(index=0, errors="ignore").to_numpy().sum())
        print(f"{what}: {agree} von {classified} veröffentlichten Klassen getroffen / of the published classes matched")
        print("Zeilen veröffentlicht, Spalten berechnet (0 = keine Klasse) / rows official, columns ours (0 = none):")
        print(cross.to_string())
    names = ours["name"].to_dict()
    for row in differences.itertuples():
        shown = ["–" if v is None or pd.isna(v) else str(int(v)) for v in (row.ours, row.official)]
        print(f"abweichend / differs: {names.get(row.area, row.area)} ({row.area}) {row.what}: "
              f"berechnet / ours {shown[0]}, veröffentlicht / official {shown[1]}")
    areas = differences["area"].nunique()
    print(f"Prüfung / check: {areas} Gebiete weichen ab. / {areas} areas differ." if areas else
          f"Prüfung / check: alle {len(ours.index.union(official.index))} Gebiete stimmen überein. / all agree.")
    return 1 if areas else 0


if __name__ == "__main__":
    sys.exit(main())
