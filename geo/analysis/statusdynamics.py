"""Status and dynamics classes the way social monitoring builds them (Berlin MSS, Hamburg RISE).

Status index: every chosen indicator is z-standardised over the valid areas,
signed by its direction (+1: higher means more disadvantage, the MSS reading
of unemployment or transfer receipt) and weighted; the weighted sum is then
standardised again, so the index has mean 0 and standard deviation 1. The
dynamics index is built the same way from the change of each indicator
between two years (or from change indicators a table already holds).

Classes (cut-offs configurable, see :class:`StatusDynamicsRules`)::

    status:   1 hoch < −1 ≤ 2 mittel ≤ +1 < 3 niedrig ≤ +1,5 < 4 sehr niedrig
    dynamics: + positiv < −1 ≤ ± stabil ≤ +1 < - negativ

The combined Status-Dynamik-Index is written as status class and dynamics
symbol, e.g. ``"2-"`` (Status mittel, Dynamik negativ) or ``"4±"``. Areas
under the resident threshold (300) are "ungültig" and, like areas with
missing values, left out of both standardisations.

Why the choice of standard deviation (population, ``ddof=0``, or sample,
``ddof=1``) for the *indicator* z-scores cannot change anything: it scales
every z-score by the same factor √(n/(n−1)), so it scales the weighted sum by
that factor too, and the second standardisation divides it out exactly. The
same holds for the weights: only their ratios matter. The SD of the *second*
standardisation does matter: the sample-SD index is the population-SD index
times √((n−1)/n), so only an area within that factor of a cut-off (for 500
areas: within 0,1 % of it) can change class. It is therefore a setting
(``sd``), used for both steps, named in the method text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.analysis.ranking import zscores
from geo.domain.indicators import IndicatorSpec
from geo.domain.timeseries import split_year
from geo.i18n import MessageError, Words, lang_index, tr
from geo.numbers import format_number, format_signed

__all__ = [
    "NEUTRAL_DYNAMICS",
    "dynamics_word",
    "dynamics_words",
    "left_out_text",
    "DYNAMICS_CLASSES",
    "INVALID",
    "NEUTRAL_CLASSES",
    "STATUS_CLASSES",
    "StatusDynamicsRules",
    "StatusDynamicsError",
    "StatusDynamicsResult",
    "change_indicators",
    "class_colours",
    "class_table",
    "compare_classes",
    "dynamics_class",
    "guess_residents",
    "legend_counts",
    "method_lines",
    "resolve_column",
    "short_code",
    "social_status_guess",
    "status_class",
    "status_dynamics",
    "status_text",
    "two_year_changes",
]

# number -> catalogue key of its word (geo.i18n); number 1 is the best status.
STATUS_CLASSES: dict[int, str] = {n: f"sdc_status_{n}" for n in (1, 2, 3, 4)}
# number -> catalogue key: the words for an index that does not measure social status (e.g. one built
# from the share of foreigners). The social-monitoring words describe deprivation; a class of migration
# indicators describes no status and reads neutrally (docs/method.md, "Klassenwörter").
NEUTRAL_CLASSES: dict[int, str] = {n: f"sdc_neutral_{n}" for n in (1, 2, 3, 4)}
# number -> (symbol, catalogue key of its word); the symbols are those of the MSS short code.
DYNAMICS_CLASSES: dict[int, tuple[str, str]] = {1: ("+", "sdc_dyn_1"), 2: ("±", "sdc_dyn_2"), 3: ("-", "sdc_dyn_3")}
# The same classes for an index that measures no social status: no judgement in the words, only the
# direction of the index (class "+" holds the areas whose index fell the most).
NEUTRAL_DYNAMICS: dict[int, tuple[str, str]] = {
    1: ("+", "sdc_neutral_dyn_1"), 2: ("±", "sdc_neutral_dyn_2"), 3: ("-", "sdc_neutral_dyn_3"),
}


def dynamics_words(social: bool) -> dict[int, tuple[str, str]]:
    """The dynamics classes' (symbol, catalogue key): judging words for a social index, directions otherwise."""
    return DYNAMICS_CLASSES if social else NEUTRAL_DYNAMICS


def dynamics_word(dynamics: int, social: bool = True, lang: str = "de") -> str:
    """A dynamics class's word in the reader's language.

    >>> dynamics_word(1), dynamics_word(3, social=False, lang="en")
    ('positiv', 'index rises')
    """
    return tr(dynamics_words(social)[dynamics][1], lang)
INVALID = "ungültig"
_SD = {"population": 0, "sample": 1}
# An index is rounded this far before it is compared with a cut-off, so float noise from
# summing z-scores (0.9999999999999998) cannot move an area that sits exactly on one.
_DECIMALS = 9


class StatusDynamicsError(MessageError):
    """Bad input for the status and dynamics classes; message in German and English."""


@dataclass(frozen=True)
class StatusDynamicsRules:
    """Cut-offs, resident threshold and standard deviation of the classification.

    ``status_cuts`` (a, b, c): hoch < a ≤ mittel ≤ b < niedrig ≤ c < sehr niedrig.
    ``dynamics_cuts`` (a, b): positiv < a ≤ stabil ≤ b < negativ.
    """

    status_cuts: tuple[float, float, float] = (-1.0, 1.0, 1.5)
    dynamics_cuts: tuple[float, float] = (-1.0, 1.0)
    min_residents: float = 300.0
    sd: str = "population"  # "population" (ddof 0) or "sample" (ddof 1)
    # Whether the status index measures social status (SGB II, unemployment, child poverty …): only then
    # do the classes read "hoch … sehr niedrig"; otherwise "Klasse 1 (niedrigste Indexwerte) … Klasse 4".
    social: bool = True

    def __post_init__(self) -> None:
        for name, cuts, size in ((Words("Status", "Status"), self.status_cuts, 3), (Words("Dynamik", "Dynamics"), self.dynamics_cuts, 2)):
            values = [float(c) for c in cuts]
            if len(values) != size or any(not math.isfinite(v) for v in values) or values != sorted(set(values)):
                raise StatusDynamicsError("sderr_cuts", name=name, size=size, given=list(cuts))
        if self.min_residents < 0:
            raise StatusDynamicsError("sderr_negative_minimum_residents")
        if self.sd not in _SD:
            raise StatusDynamicsError("sderr_sd", sd=self.sd, valid=", ".join(_SD))

    @property
    def ddof(self) -> int:
        return _SD[self.sd]


@dataclass(frozen=True)
class StatusDynamicsResult:
    # On the input index: status_index, status_class (1–4), dynamics_index, dynamics_class (1–3), code.
    table: pd.DataFrame
    left_out: Mapping[str, str]  # area id -> why it is not classified (German / English)
    status_weights: Mapping[str, float]  # normalised
    dynamics_weights: Mapping[str, float]  # normalised; empty without dynamics
    directions: Mapping[str, int]
    config: StatusDynamicsRules
    years: tuple[int, int] | None = None  # the two years of the dynamics, when computed from a long table
    residents: str | None = None
    valid: tuple[str, ...] = field(default_factory=tuple)  # areas in the standardisation


def _rounded(value: float) -> float:
    return round(float(value), _DECIMALS)


def status_class(value: float, cuts: tuple[float, float, float] = (-1.0, 1.0, 1.5)) -> int | None:
    """1 hoch < a ≤ 2 mittel ≤ b < 3 niedrig ≤ c < 4 sehr niedrig; ``None`` for a missing value.

    >>> [status_class(v) for v in (-1.01, -1.0, 1.0, 1.5, 1.51)]
    [1, 2, 2, 3, 4]
    """
    if value is None or pd.isna(value):
        return None
    v = _rounded(value)
    low, high, very = cuts
    if v < low:
        return 1
    if v <= high:
        return 2
    return 3 if v <= very else 4


def dynamics_class(value: float, cuts: tuple[float, float] = (-1.0, 1.0)) -> int | None:
    """1 positiv < a ≤ 2 stabil ≤ b < 3 negativ; ``None`` for a missing value."""
    if value is None or pd.isna(value):
        return None
    v = _rounded(value)
    return 1 if v < cuts[0] else 2 if v <= cuts[1] else 3


def short_code(status: int | None, dynamics: int | None) -> str:
    """``(2, 3)`` -> ``"2-"``; without dynamics just the status class; ``""`` without status."""
    if status is None or pd.isna(status):
        return ""
    if dynamics is None or pd.isna(dynamics):
        return str(int(status))
    return f"{int(status)}{DYNAMICS_CLASSES[int(dynamics)][0]}"


def resolve_column(columns: Iterable[str], indicator: str) -> str:
    """The column for an indicator: itself, or for a yearly one (``base@year``) its latest year."""
    columns = list(columns)
    if indicator in columns:
        return indicator
    years = sorted(y for c in columns for b, y in [split_year(c)] if b == indicator and y is not None)
    if years:
        return f"{indicator}@{years[-1]}"
    raise StatusDynamicsError("sderr_unknown_indicator", indicator=indicator)


def two_year_changes(
    areas: pd.DataFrame, indicators: Iterable[str], from_year: int
) -> tuple[pd.DataFrame, dict[str, str], tuple[int, int]]:
    """Change of each yearly indicator from ``from_year`` to its year: ``(areas + changes, indicator -> change, years)``.

    ``"anteil@2023"`` with ``from_year=2021`` adds ``"anteil@2021-2023"`` = 2023 value − 2021 value
    (the naming of :func:`geo.domain.timeseries.add_changes`). All indicators must share the end year.
    """
    areas = areas.copy()
    changes: dict[str, str] = {}
    ends = set()
    for indicator in indicators:
        base, end = split_year(indicator)
        if end is None:
            raise StatusDynamicsError(
                "sderr_no_years_for_dynamics", indicator=indicator
            )
        start = f"{base}@{from_year}"
        if start not in areas.columns:
            raise StatusDynamicsError("sderr_no_year", base=base, from_year=from_year)
        if from_year >= end:
            raise StatusDynamicsError(
                "sderr_start_year_must_precede", from_year=from_year, end=end
            )
        key = f"{base}@{from_year}-{end}"
        areas[key] = areas[indicator].astype(float) - areas[start].astype(float)
        changes[indicator] = key
        ends.add(end)
    if len(ends) > 1:
        raise StatusDynamicsError("sderr_years_differ", years=", ".join(map(str, sorted(ends))))
    return areas, changes, (from_year, ends.pop()) if ends else (from_year, from_year)


def _normalised(weights: Mapping[str, float], what: str) -> dict[str, float]:
    if any(w < 0 or not math.isfinite(w) for w in weights.values()):
        raise StatusDynamicsError("sderr_negative_weights", what=what)
    total = float(sum(weights.values()))
    if total <= 0:
        raise StatusDynamicsError(
            "sderr_no_positive_weight", what=what
        )
    return {i: w / total for i, w in weights.items() if w > 0}


def _index(frame: pd.DataFrame, weights: Mapping[str, float], directions: Mapping[str, int], ddof: int) -> pd.Series:
    """z of the weighted sum of the signed indicator z-scores."""
    signs = pd.Series({i: -1.0 if directions.get(i, 1) < 0 else 1.0 for i in weights})
    z = zscores(frame[list(weights)].astype(float), ddof) * signs
    total = (z * pd.Series(weights)).sum(axis=1)
    return zscores(total.to_frame("index"), ddof)["index"]


def status_dynamics(
    areas: pd.DataFrame,
    status_weights: Mapping[str, float],
    directions: Mapping[str, int] | None = None,
    dynamics_weights: Mapping[str, float] | None = None,
    residents: str | None = None,
    config: StatusDynamicsRules | None = None,
    years: tuple[int, int] | None = None,
    exclude: Iterable[str] = (),
) -> StatusDynamicsResult:
    """Status and (optionally) dynamics index and classes for every area of ``areas``.

    Areas with fewer than ``config.min_residents`` in the ``residents`` column, an unknown
    number of residents, or a missing value in a chosen indicator are left out of the
    standardisation and get no class; those with too few or unknown residents the code "ungültig".
    Areas in ``exclude`` (an outlier the published monitoring leaves out, e.g. an industrial
    estate with extreme rates) are left out too, without a class, and listed as excluded.
    """
    config = config or StatusDynamicsRules()
    directions = dict(directions or {})
    dynamics_weights = dict(dynamics_weights or {})
    status = _normalised(dict(status_weights), "Status")
    dynamics = _normalised(dynamics_weights, "Dynamik") if dynamics_weights else {}
    unknown = [i for i in [*status, *dynamics, *([residents] if residents else [])] if i not in areas.columns]
    if unknown:
        raise StatusDynamicsError(
            "sderr_unknown_indicators", names=', '.join(unknown)
        )
    left_out: dict[str, str] = {}
    invalid: set[str] = set()
    strangers = [a for a in exclude if a not in areas.index]
    if strangers:
        raise StatusDynamicsError(
            "sderr_unknown_areas_exclude", names=', '.join(strangers)
        )
    for area in exclude:
        left_out[area] = "ausgeschlossen (Ausreißer) / excluded (outlier)"
    if residents:
        people = areas[residents].astype(float)
        for area in areas.index[people.isna()]:
            if area not in left_out:
                left_out[area] = "Einwohnerzahl unbekannt / residents unknown"
                invalid.add(area)
        limit = config.min_residents
        for area in areas.index[people < limit]:
            if area in left_out:
                continue
            left_out[area] = (
                f"unter {limit:g} Einwohnern ({people[area]:g}) / fewer than {limit:g} residents"
            )
            invalid.add(area)
    chosen = list(dict.fromkeys([*status, *dynamics]))
    values = areas[chosen].astype(float)
    for area in values.index[values.isna().any(axis=1)]:
        if area not in left_out:
            gaps = [c for c in chosen if pd.isna(values.at[area, c])]
            left_out[area] = f"fehlende Werte: {', '.join(gaps)} / missing values: {', '.join(gaps)}"
    valid = [a for a in areas.index if a not in left_out]
    if len(valid) < 2:
        raise StatusDynamicsError(
            "sderr_too_few_valid_areas"
        )
    status_index = _index(values.loc[valid], status, directions, config.ddof).reindex(areas.index)
    dynamics_index = (
        _index(values.loc[valid], dynamics, directions, config.ddof).reindex(areas.index)
        if dynamics
        else pd.Series(np.nan, index=areas.index)
    )
    status_cls = [status_class(v, config.status_cuts) for v in status_index]
    dynamics_cls = [dynamics_class(v, config.dynamics_cuts) for v in dynamics_index]
    codes = [
        INVALID if area in invalid else short_code(s, d)
        for area, s, d in zip(areas.index, status_cls, dynamics_cls)
    ]
    table = pd.DataFrame(
        {
            "status_index": status_index,
            "status_class": pd.array(status_cls, dtype="Int64"),
            "dynamics_index": dynamics_index,
            "dynamics_class": pd.array(dynamics_cls, dtype="Int64"),
            "code": codes,
        },
        index=areas.index,
    )
    return StatusDynamicsResult(
        table=table,
        left_out=left_out,
        status_weights=status,
        dynamics_weights=dynamics,
        directions={i: (-1 if directions.get(i, 1) < 0 else 1) for i in chosen},
        config=config,
        years=years,
        residents=residents,
        valid=tuple(valid),
    )


def status_text(status: int, social: bool = True, lang: str = "de") -> str:
    """A status class as read everywhere: "4 sehr niedrig" for a social index, else neutral.

    >>> status_text(4), status_text(4, social=False), status_text(1, False, "en")
    ('4 sehr niedrig', 'Klasse 4 (höchste Indexwerte)', 'class 1 (lowest index values)')
    """
    return f"{status} {tr(STATUS_CLASSES[status], lang)}" if social else tr(NEUTRAL_CLASSES[status], lang)


def left_out_text(why: str, lang: str, labels: Mapping[str, str]) -> str:
    """The reader's half of a bilingual reason ("… / …"), indicator ids replaced by their labels.

    >>> left_out_text("fehlende Werte: a@2015 / missing values: a@2015", "en", {"a@2015": "Share A (2015)"})
    'missing values: Share A (2015)'
    >>> left_out_text("unter 300 Einwohnern (192) / fewer than 300 residents", "de", {})
    'unter 300 Einwohnern (192)'
    """
    german, _, english = why.rpartition(" / ")
    text = (english if lang_index(lang) else german) if german else why
    head, sep, ids = text.partition(": ")
    if sep and all(i.strip() in labels for i in ids.split(", ")):
        text = f"{head}: {', '.join(labels[i.strip()] for i in ids.split(', '))}"
    return text


def _terms(weights: Mapping[str, float], directions: Mapping[str, int], labels: Mapping[str, str], lang: str) -> str:
    terms = []
    for i, w in weights.items():
        weight = format_number(w, 2, lang)
        terms.append(f"{'+' if directions.get(i, 1) >= 0 else '−'} {weight} × z({labels.get(i, i)})")
    return " ".join(terms).lstrip("+ ")


def method_lines(
    result: StatusDynamicsResult, labels: Mapping[str, str], names: Mapping[str, str] | None = None, lang: str = "de"
) -> list[tuple[str, str]]:
    """(what, how) rows for screen and exports: indicators, directions, weights, years, cut-offs, left out."""
    c = result.config
    a, b, v = (format_signed(x, lang) for x in c.status_cuts)
    p, n = (format_signed(x, lang) for x in c.dynamics_cuts)
    names = names or {}
    rows = [(tr("sdm_status_index", lang), f"z({_terms(result.status_weights, result.directions, labels, lang)})")]
    if result.dynamics_weights:
        rows.append(
            (tr("sdm_dynamics_index", lang), f"z({_terms(result.dynamics_weights, result.directions, labels, lang)})")
        )
    if result.years:
        rows.append((tr("sdm_years", lang), f"{result.years[0]}–{result.years[1]}"))
    if result.dynamics_weights:
        rows.append((tr("sdm_dynamics_classes", lang),
                     tr("sdm_dynamics_classes_text" if c.social else "sdm_dynamics_neutral_text", lang, p=p, n=n)))
    if c.social:
        rows += [
            (tr("sdm_direction", lang), tr("sdm_direction_text", lang)),
            (tr("sdm_status_classes", lang), tr("sdm_status_classes_text", lang, a=a, b=b, v=v)),
        ]
    else:  # the index measures no social status: neutral class words (docs/method.md)
        rows += [
            (tr("sdm_direction", lang), tr("sdm_direction_neutral_text", lang)),
            (tr("sdm_neutral_classes", lang), tr("sdm_neutral_classes_text", lang, a=a, b=b, v=v)),
        ]
    rows += [
        (
            tr("sdm_standardisation", lang),
            tr("sdm_standardisation_text", lang, n=len(result.valid), sd=tr(f"sdm_sd_{c.sd}", lang)),
        ),
        (
            tr("sdm_min_residents", lang),
            f"{c.min_residents:g} ({labels.get(result.residents, result.residents)})" if result.residents
            else tr("sdm_min_residents_unchecked", lang),
        ),
    ]
    if result.left_out:
        rows.append(
            (tr("sdm_not_classified", lang),
             "; ".join(f"{names.get(a, a)}: {left_out_text(why, lang, labels)}" for a, why in result.left_out.items()))
        )
    return rows


_RESIDENT_WORDS = {"einwohner", "einwohnerinnen", "residents", "population", "bevölkerung", "ew"}
_CHANGE_HINTS = ("veränderung", "change", "saldo", "differenz", "δ")


def guess_residents(specs: Mapping[str, IndicatorSpec]) -> str | None:
    """The count indicator that holds the residents, when its id or label says so (latest year, shortest id)."""
    found = []
    for key, spec in specs.items():
        base, year = split_year(key)
        if spec.kind != "count" or "-" in key.partition("@")[2]:
            continue
        words = set(re.split(r"[^a-zäöüß]+", f"{base} {spec.label_de} {spec.label_en}".casefold()))
        if words & _RESIDENT_WORDS:
            found.append((-(year or 0), len(key), key))
    return min(found)[2] if found else None


_SOCIAL = re.compile(
    r"sgb|arbeitslos|unemploy|jobless|armut|poverty|transfer|grundsicherung|mindestsicherung|bedarfsgemeinschaft"
    r"|hartz|b[üu]rgergeld|sozialhilfe|welfare|benefit|leistungsbez|\balq\b"
)


def social_status_guess(specs: Mapping[str, IndicatorSpec], indicators: Iterable[str]) -> bool:
    """Whether every chosen indicator names a social-status measure (SGB II, unemployment, child poverty …).

    Only a guess to preset the question; the officer declares what the index measures.

    >>> from types import SimpleNamespace as Spec
    >>> specs = {"sgb2": Spec(label_de="SGB-II-Quote", label_en="benefit rate"),
    ...          "foreign_share": Spec(label_de="Anteil Ausländer", label_en="share of foreigners")}
    >>> social_status_guess(specs, ["sgb2"]), social_status_guess(specs, ["foreign_share"])
    (True, False)
    """
    chosen = list(indicators)
    return bool(chosen) and all(
        _SOCIAL.search(f"{i} {specs[i].label_de} {specs[i].label_en}".casefold()) if i in specs
        else _SOCIAL.search(i.casefold()) for i in chosen
    )


def change_indicators(specs: Mapping[str, IndicatorSpec]) -> list[str]:
    """Indicators that are changes already: computed between years (``a@2019-2021``) or named so."""
    return [
        key
        for key, spec in specs.items()
        if "-" in key.partition("@")[2] or any(h in f"{key} {spec.label_de}".casefold() for h in _CHANGE_HINTS)
    ]


def class_table(result: StatusDynamicsResult, names: pd.Series, lang: str = "de") -> pd.DataFrame:
    """One row per area with the classes spelled out: the CSV of the command line and the page's table."""
    table = result.table
    return pd.DataFrame(
        {
            "area_id": table.index,
            "name": names.reindex(table.index).to_numpy(),
            "status_index": table["status_index"].round(6).to_numpy(),
            "status_class": table["status_class"].to_numpy(),
            "status_label": [tr((STATUS_CLASSES if result.config.social else NEUTRAL_CLASSES)[int(c)], lang)
                             if pd.notna(c) else "" for c in table["status_class"]],
            "status_text": [status_text(int(c), result.config.social, lang) if pd.notna(c) else ""
                            for c in table["status_class"]],
            "dynamics_index": table["dynamics_index"].round(6).to_numpy(),
            "dynamics_class": [DYNAMICS_CLASSES[int(c)][0] if pd.notna(c) else "" for c in table["dynamics_class"]],
            "dynamics_label": [
                dynamics_word(int(c), result.config.social, lang) if pd.notna(c) else ""
                for c in table["dynamics_class"]
            ],
            "code": table["code"].to_numpy(),
            "note": [result.left_out.get(a, "") for a in table.index],
        }
    )


def legend_counts(result: StatusDynamicsResult) -> pd.DataFrame:
    """Areas per combined class as a 4 × 3 grid: rows status 1–4, columns dynamics "+", "±", "-"."""
    grid = pd.DataFrame(0, index=list(STATUS_CLASSES), columns=[d[0] for d in DYNAMICS_CLASSES.values()])
    for status, dynamics in zip(result.table["status_class"], result.table["dynamics_class"]):
        if pd.notna(status) and pd.notna(dynamics):
            grid.loc[int(status), DYNAMICS_CLASSES[int(dynamics)][0]] += 1
    return grid


def compare_classes(
    result: StatusDynamicsResult, official_status: pd.Series | None = None, official_dynamics: pd.Series | None = None
) -> pd.DataFrame:
    """Valid areas whose class differs from a published one: ``area, what, ours, official``.

    The published classes are numbers: status 1–4, dynamics 1 (+), 2 (±), 3 (-). Areas without a
    published class (ungültig there) are listed too when we classified them, and vice versa.
    """
    rows = []
    for what, column, official in (
        ("status", "status_class", official_status),
        ("dynamics", "dynamics_class", official_dynamics),
    ):
        if official is None:
            continue
        published = pd.to_numeric(official, errors="coerce").reindex(result.table.index)
        for area, ours in result.table[column].items():
            theirs = published.get(area)
            ours_value = None if pd.isna(ours) else int(ours)
            theirs_value = None if pd.isna(theirs) else int(theirs)
            if ours_value != theirs_value:
                rows.append({"area": area, "what": what, "ours": ours_value, "official": theirs_value})
    return pd.DataFrame(rows, columns=["area", "what", "ours", "official"])


def class_colours() -> dict[str, str]:
    """A colour for each of the 12 combined codes (and the 4 status-only codes).

    Combined: status darkens the hue, dynamics shifts it.

    Status runs from light (1 hoch) to dark (4 sehr niedrig); dynamics from blue (+) over
    grey (±) to red (-), so the two dimensions read independently in the 4 × 3 legend.
    """
    # rows: status 1..4, columns: dynamics +, ±, -
    grid = (
        ("#d1e5f0", "#f0f0f0", "#fddbc7"),
        ("#92c5de", "#bababa", "#f4a582"),
        ("#4393c3", "#878787", "#d6604d"),
        ("#2166ac", "#4d4d4d", "#b2182b"),
    )
    combined = {
        f"{s}{DYNAMICS_CLASSES[d][0]}": grid[s - 1][d - 1] for s in STATUS_CLASSES for d in DYNAMICS_CLASSES
    }
    # status alone (no dynamics chosen): a purple ramp, light = hoch, dark = sehr niedrig
    return {**combined, "1": "#f2f0f7", "2": "#cbc9e2", "3": "#9e9ac8", "4": "#6a51a3"}
