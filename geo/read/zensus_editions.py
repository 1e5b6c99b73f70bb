"""The Zensus grid editions as data: resolutions, cell id formats, value codes and known columns.

One table module, so that a new edition, resolution or column is a new row, not a new branch.
Checked against the published files (see docs/grid.md):

- **Zensus 2011** ("Ergebnisse im 100-Meter-/1-km-Gitter", "Spitze Werte"): ``Gitter_ID_1km`` /
  ``Gitter_ID_100m`` with the short ids ``1kmN2689E4337`` / ``100mN26890E43370`` (north and east of
  the lower-left corner in units of the cell size), ``x_mp_1km``/``y_mp_1km`` centres, columns
  ``Einwohner``, ``Frauen_A``, ``Alter_D``, ``unter18_A``, ``ab65_A``, ``Auslaender_A``,
  ``HHGroesse_D``, ``Leerstandsquote``, ``Wohnfl_Bew_D``, ``Wohnfl_Whg_D``. ``-1`` marks a cell
  without residents, ``-9`` a value kept secret.
- **Zensus 2022**: ``GITTER_ID_100m`` with ``CRS3035RES100mN2691700E4341100`` (metres), columns such
  as ``Einwohner``, ``AnteilAuslaender``, ``Durchschnittsalter``, ``DurchschnHHGroesse``,
  ``Leerstandsquote``, ``durchschnMieteQM``, a column ``werterlaeuternde_Zeichen`` and the signs
  ``–`` (kept secret), ``.`` (unknown or secret) and ``/`` (not reliable enough) in place of a value.
  The values are perturbed by the cell-key method, so sums of cells need not match register counts.

Every code becomes a missing value with its reason, never a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from geo.i18n import in_language, tr

__all__ = [
    "COLUMNS",
    "EDITIONS",
    "Edition",
    "KnownColumn",
    "REASONS",
    "reason_text",
    "RESOLUTIONS",
    "UNKNOWN",
    "cell_id_parts",
    "detect_edition",
    "edition_of",
    "known_column",
    "normalise",
]

RESOLUTIONS: dict[str, int] = {"100m": 100, "1km": 1000, "10km": 10000}

# Why a cell has no value. Shown in cell notes and import reports, in the reader's language.
# ("limited": a value in brackets, kept.)
REASONS: tuple[str, ...] = ("no_residents", "secret", "unknown", "unreliable", "blocked", "limited")


def reason_text(key: str, lang: str = "de") -> str:
    """Why a cell has no value (message ``reason_<key>``); ``absent``: the file has no row for it.

    >>> reason_text("secret", "en"), reason_text("absent", "de")
    ('kept secret', 'nicht in der Datei')
    """
    return tr(f"reason_{key if key in REASONS else 'absent'}", lang)


@dataclass(frozen=True)
class Edition:
    """One published Zensus edition: its name, source, value codes and whether values are perturbed."""

    year: int | None
    name: str
    source: str
    attribution: str
    reference_day: str
    codes: tuple[tuple[str, str], ...]  # raw cell text -> reason (see REASONS); the value is missing
    perturbed: bool  # cell-key method: cell values carry random noise

    def reason(self, text: str) -> str | None:
        return dict(self.codes).get(text)


_SIGNS_2022 = (("–", "secret"), ("-", "secret"), (".", "unknown"), ("/", "unreliable"), ("x", "blocked"))

EDITIONS: dict[int, Edition] = {
    2011: Edition(
        2011, "Zensus 2011", "Zensus 2011, Ergebnisse im Gitter (www.zensus2011.de)",
        "© Statistische Ämter des Bundes und der Länder, Zensus 2011", "09.05.2011",
        (("-1", "no_residents"), ("-9", "secret"), *_SIGNS_2022), perturbed=False,
    ),
    2022: Edition(
        2022, "Zensus 2022", "Zensus 2022, Ergebnisse im Gitter (www.zensus2022.de)",
        "© Statistische Ämter des Bundes und der Länder, Zensus 2022", "15.05.2022",
        _SIGNS_2022, perturbed=True,
    ),
}
UNKNOWN = Edition(None, "Zensus", "Zensus, Ergebnisse im Gitter", "© Statistische Ämter des Bundes und der Länder",
                  "", _SIGNS_2022, perturbed=False)

# Cell id formats: (pattern, edition it is published in, metres per unit of N/E or None = the cell size).
_ID_FORMATS: tuple[tuple[re.Pattern, int, int | None], ...] = (
    (re.compile(r"^\s*CRS3035RES(\d+)mN(\d+)E(\d+)\s*$"), 2022, 1),
    (re.compile(r"^\s*(100m|1km|10km)N(\d+)E(\d+)\s*$"), 2011, None),
)


def normalise(name: str) -> str:
    """Column names compare in lower case without ``_``, ``-`` and spaces."""
    return re.sub(r"[_\-\s]", "", str(name).lower())


@dataclass(frozen=True)
class KnownColumn:
    """A published grid column: role (for district sums), labels, unit, decimals and kind."""

    names: tuple[str, ...]  # normalised names in the files of either edition
    role: str | None  # "population", "foreigners", "foreign_share" or None
    label_de: str
    label_en: str
    unit_de: str
    unit_en: str
    decimals: int
    kind: str  # "count" (summable), "share" (%), "mean"
    editions: tuple[int, ...] = (2011, 2022)

    def label(self, lang: str) -> str:
        return in_language(self, "label", lang)

    def unit(self, lang: str) -> str:
        return in_language(self, "unit", lang)


COLUMNS: tuple[KnownColumn, ...] = (
    KnownColumn(("einwohner", "insgesamtbevoelkerung", "bevoelkerung"), "population",
                "Einwohner", "Residents", "Personen", "persons", 0, "count"),
    KnownColumn(("auslaender", "anzahlauslaender", "auslaenderinsgesamt"), "foreigners",
                "Ausländer", "Foreign residents", "Personen", "persons", 0, "count"),
    KnownColumn(("auslaendera", "anteilauslaender", "auslaenderanteil"), "foreign_share",
                "Anteil Ausländer", "Share of foreign residents", "%", "%", 1, "share"),
    KnownColumn(("anteilauslaenderab18",), None, "Anteil Ausländer ab 18", "Share of foreign residents 18+",
                "%", "%", 1, "share", (2022,)),
    KnownColumn(("frauena", "anteilfrauen"), None, "Anteil Frauen", "Share of women", "%", "%", 1, "share"),
    KnownColumn(("alterd", "durchschnittsalter"), None, "Durchschnittsalter", "Mean age", "Jahre", "years", 1, "mean"),
    KnownColumn(("unter18a", "anteilunter18"), None, "Anteil unter 18 Jahre", "Share under 18", "%", "%", 1, "share"),
    KnownColumn(("ab65a", "anteilueber65", "anteilab65"), None, "Anteil ab 65 Jahre", "Share 65 and over",
                "%", "%", 1, "share"),
    KnownColumn(("hhgroessed", "durchschnhhgroesse"), None, "Durchschn. Haushaltsgröße", "Mean household size",
                "Personen", "persons", 1, "mean"),
    KnownColumn(("leerstandsquote",), None, "Leerstandsquote", "Vacancy rate", "%", "%", 1, "share"),
    KnownColumn(("marktaktiveleerstandsquote",), None, "Marktaktive Leerstandsquote", "Market vacancy rate",
                "%", "%", 1, "share", (2022,)),
    KnownColumn(("wohnflbewd", "durchschnflaechejebew"), None, "Wohnfläche je Bewohner", "Floor space per resident",
                "m²", "m²", 1, "mean"),
    KnownColumn(("wohnflwhgd", "durchschnflaechejewohn"), None, "Wohnfläche je Wohnung", "Floor space per dwelling",
                "m²", "m²", 1, "mean"),
    KnownColumn(("durchschnmieteqm",), None, "Nettokaltmiete je m²", "Net rent per m²", "€/m²", "€/m²", 2, "mean",
                (2022,)),
    KnownColumn(("eigentuemerquote",), None, "Eigentümerquote", "Owner-occupier rate", "%", "%", 1, "share", (2022,)),
)
# Age groups (Zensus 2022, persons per cell): "Alter in 5 Altersklassen" and "in 10er-Jahresgruppen".
_AGE_GROUPS = (
    ("unter18", "unter 18 Jahre", "under 18"), ("a18bis29", "18–29 Jahre", "18–29"),
    ("a30bis49", "30–49 Jahre", "30–49"), ("a50bis64", "50–64 Jahre", "50–64"),
    ("a65undaelter", "65 Jahre und älter", "65 and over"), ("unter10", "unter 10 Jahre", "under 10"),
    *((f"a{a}bis{a + 9}", f"{a}–{a + 9} Jahre", f"{a}–{a + 9}") for a in range(10, 80, 10)),
    ("a80undaelter", "80 Jahre und älter", "80 and over"),
)
COLUMNS = COLUMNS + tuple(
    KnownColumn((name,), None, f"Einwohner {de}", f"Residents {en}", "Personen", "persons", 0, "count", (2022,))
    for name, de, en in _AGE_GROUPS
)
_BY_NAME = {name: column for column in COLUMNS for name in column.names}
# Column names only one edition publishes (evidence for detect_edition).
_ONLY = {
    2011: {"auslaendera", "frauena", "alterd", "unter18a", "ab65a", "hhgroessed", "wohnflbewd", "wohnflwhgd"},
    2022: {"werterlaeuterndezeichen", "anteilauslaender", "durchschnittsalter", "durchschnhhgroesse",
           "durchschnmieteqm", "durchschnflaechejebew", "durchschnflaechejewohn", "anteilunter18", "anteilueber65"},
}


def known_column(name: str) -> KnownColumn | None:
    """The table row for a file's column name (any case, with or without ``_``), if it is a known one."""
    return _BY_NAME.get(normalise(name))


def cell_id_parts(ids: pd.Series) -> pd.DataFrame:
    """``size``, ``north``, ``east`` (lower-left corner, metres) of every known id format; NaN otherwise.

    >>> cell_id_parts(pd.Series(["CRS3035RES100mN2691700E4341100", "1kmN2689E4337", "100mN26890E43370"])).values.tolist()
    [[100.0, 2691700.0, 4341100.0], [1000.0, 2689000.0, 4337000.0], [100.0, 2689000.0, 4337000.0]]
    """
    text = ids.astype("string")
    out = pd.DataFrame({"size": float("nan"), "north": float("nan"), "east": float("nan")}, index=ids.index)
    for pattern, _edition, unit in _ID_FORMATS:
        parts = text.str.extract(pattern)
        hit = parts[0].notna() & out["size"].isna()
        if not hit.any():
            continue
        if unit is None:  # short form: N/E in units of the cell size
            size = parts.loc[hit, 0].map(RESOLUTIONS).astype(float)
            scale = size
        else:
            size = parts.loc[hit, 0].astype(float)
            scale = pd.Series(float(unit), index=size.index)
        out.loc[hit, "size"] = size
        out.loc[hit, "north"] = parts.loc[hit, 1].astype(float) * scale
        out.loc[hit, "east"] = parts.loc[hit, 2].astype(float) * scale
    return out


def detect_edition(columns: Iterable[str], ids: Iterable[str] = ()) -> int | None:
    """The edition year a file's columns and cell ids say, or ``None`` if they say nothing (or contradict)."""
    votes: set[int] = set()
    names = {normalise(c) for c in columns}
    for year, only in _ONLY.items():
        if names & only:
            votes.add(year)
    for cell in ids:
        for pattern, year, _unit in _ID_FORMATS:
            if pattern.match(str(cell)):
                votes.add(year)
                break
    return votes.pop() if len(votes) == 1 else None


def edition_of(year: int | None) -> Edition:
    """The edition for ``year`` (``None`` or unknown: a neutral "Zensus" that claims no year)."""
    return EDITIONS.get(year, UNKNOWN) if year is not None else UNKNOWN
