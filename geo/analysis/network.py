"""The network view: several municipalities' areas, each measured against its own city.

An absolute share of foreigners means different things in a city with 41 % and in one
with 6 % citywide. Two relative measures make the municipalities comparable:

* the **location quotient** (LQ): area value ÷ its city value (1 = as in its city);
* the **percentile within its city**: the mid-rank percentile ``(rank − ½) ÷ n × 100``
  (ties get their average rank), so an area in the middle of its city is at 50 whatever
  the number of areas.

>>> location_quotients(pd.Series([10.0, 20.0, 30.0]), 20.0).tolist()
[0.5, 1.0, 1.5]
>>> percentiles(pd.Series([10.0, 20.0, 30.0, 40.0])).tolist()
[12.5, 37.5, 62.5, 87.5]

Indicators are matched across datasets by their id, or by a mapping the officer sets
once ("Ausländeranteil" ≙ "Anteil Ausländer in %"). The mapping is a small JSON file in
the data folder, beside the imported datasets whose indicator ids it names (see
:func:`mapping_path`). Datasets without the chosen indicator stay in the view, listed as such.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from geo.analysis.classify import assign_classes
from geo.analysis.cityvalue import no_city_reason
from geo.domain.dataset import Dataset
from geo.domain.timeseries import series, split_year
from geo.i18n import MessageError, in_language, tr

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # mapclassify warns at import that numba is absent
    import mapclassify

__all__ = [
    "CLASS_COLOURS",
    "NetworkError",
    "MEASURES",
    "MISSING",
    "NO_CITY_VALUE",
    "OK",
    "IndicatorMapping",
    "MappedIndicator",
    "Member",
    "MemberStatus",
    "NetworkView",
    "add_mapping",
    "build_network_view",
    "common_classes",
    "indicator_options",
    "legend_labels",
    "load_mapping",
    "location_quotients",
    "mapping_path",
    "percentiles",
    "remove_mapping",
    "resolve",
    "save_mapping",
    "year_spread",
]


class NetworkError(MessageError):
    """Bad input for the network comparison: a catalogue key and its values (a ``ValueError``, as before)."""

OK, MISSING, NO_CITY_VALUE = "ok", "missing", "no_city_value"
MAX_YEAR_GAP = 2
_MAPPED = "map:"


@dataclass(frozen=True)
class Measure:
    """A relative measure with its common class bounds (upper bounds; the last class is open)."""

    column: str
    bins: tuple[float, ...]
    reference: float  # the value that means "as in its city"


# measure key -> definition. LQ bounds are symmetric as ratios (1/1.5, 1/1.1, 1.1, 1.5).
MEASURES: Mapping[str, Measure] = {
    "lq": Measure("lq", (0.67, 0.91, 1.1, 1.5), 1.0),
    "percentile": Measure("percentile", (20.0, 40.0, 60.0, 80.0), 50.0),
}

# ColorBrewer PuOr (diverging, colour-blind safe): below the city purple, above orange.
CLASS_COLOURS: tuple[str, ...] = ("#5e3c99", "#b2abd2", "#f7f7f7", "#fdb863", "#e66101")


@dataclass(frozen=True)
class Member:
    """One municipality in the network: its id (the dataset's source id), label and statistics."""

    id: str
    label: str
    dataset: Dataset


@dataclass(frozen=True)
class MappedIndicator:
    """An indicator the officer declared the same across datasets: dataset id -> indicator id."""

    label: str
    members: Mapping[str, str]

    @property
    def key(self) -> str:
        return _MAPPED + self.label


@dataclass(frozen=True)
class IndicatorMapping:
    groups: tuple[MappedIndicator, ...] = ()

    def group(self, key: str) -> MappedIndicator | None:
        return next((g for g in self.groups if g.key == key), None)


def location_quotients(values: pd.Series, city: float) -> pd.Series:
    """Area value ÷ city value; missing where the city value is missing or zero."""
    if city is None or not np.isfinite(city) or city == 0:
        return pd.Series(np.nan, index=values.index, dtype=float)
    return values.astype(float) / float(city)


def percentiles(values: pd.Series) -> pd.Series:
    """Mid-rank percentile of each value among the present values (missing stay missing)."""
    present = values.dropna().astype(float)
    out = pd.Series(np.nan, index=values.index, dtype=float)
    if present.empty:
        return out
    out[present.index] = (present.rank(method="average") - 0.5) / len(present) * 100.0
    return out


# ---------------------------------------------------------------- the mapping file


def mapping_path(data_dir: str | Path) -> Path:
    """``<data dir>/indicator_mapping.json``, beside ``datasets/`` whose ids it names."""
    return Path(data_dir) / "indicator_mapping.json"


def load_mapping(path: str | Path) -> IndicatorMapping:
    """The stored mapping; an absent file is an empty mapping, a broken one a ``ValueError``."""
    path = Path(path)
    if not path.is_file():
        return IndicatorMapping()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        groups = tuple(
            MappedIndicator(str(g["label"]), {str(k): str(v) for k, v in dict(g["members"]).items()})
            for g in document.get("groups", [])
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NetworkError("neterr_mapping_broken", name=path.name, error=exc) from None
    return IndicatorMapping(groups)


def save_mapping(path: str | Path, mapping: IndicatorMapping) -> None:
    """Write the mapping atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"version": 1, "groups": [{"label": g.label, "members": dict(g.members)} for g in mapping.groups]}
    handle, tmp = tempfile.mkstemp(prefix=".mapping-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
    except Exception:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_mapping(mapping: IndicatorMapping, label: str, members: Mapping[str, str]) -> IndicatorMapping:
    """The mapping with ``label`` ≙ the given indicators (one per dataset); replaces a same-named one.

    Raises ``ValueError`` (German and English) for an empty label or fewer than two datasets.
    """
    label = label.strip()
    chosen = {d: i for d, i in members.items() if i}
    if not label:
        raise NetworkError("neterr_please_name_common_indicator")
    if len(chosen) < 2:
        raise NetworkError(
            "neterr_two_datasets_needed"
        )
    kept = tuple(g for g in mapping.groups if g.label != label)
    return IndicatorMapping((*kept, MappedIndicator(label, dict(chosen))))


def remove_mapping(mapping: IndicatorMapping, label: str) -> IndicatorMapping:
    return IndicatorMapping(tuple(g for g in mapping.groups if g.label != label))


# ---------------------------------------------------------------- choosing the indicator


def _pick(member: Member, wanted: str | None) -> str | None:
    """``wanted`` itself, or for a series (``anteil`` of ``anteil@2021``, ``anteil@2023``) its newest year."""
    if wanted is None:
        return None
    if wanted in member.dataset.specs:
        return wanted
    years = series(member.dataset.specs).get(wanted)
    return f"{wanted}@{max(years)}" if years else None


def resolve(members: Sequence[Member], key: str, mapping: IndicatorMapping) -> dict[str, str | None]:
    """Member id -> its indicator id for the option ``key`` (``None`` where it has none).

    A mapped option takes each dataset's mapped indicator; a plain id matches the same id. An indicator
    given over several years matches by its name and takes the dataset's newest year (the years are
    then stated, and compared by :func:`year_spread`).
    """
    group = mapping.group(key)
    return {m.id: _pick(m, group.members.get(m.id) if group else key) for m in members}


def indicator_options(members: Sequence[Member], mapping: IndicatorMapping, lang: str = "de") -> dict[str, str]:
    """Option key -> label: mapped indicators, then ids several datasets share, most shared first
    (among equals shares before counts, and those with a city value first).

    With one dataset every indicator is offered. An indicator over several years is one option (each
    dataset's newest year); changes between years (``…@2021-2023``) are left out: their periods differ.
    """
    options: dict[str, str] = {}
    for group in mapping.groups:
        n = sum(v is not None for v in resolve(members, group.key, mapping).values())
        if n:
            options[group.key] = f"{group.label} ({n})"
    counts: dict[str, int] = {}
    with_city: dict[str, int] = {}  # a city value makes the location quotient possible
    is_count: dict[str, bool] = {}  # a count's quotient mostly measures the area's size: offered last
    labels: dict[str, str] = {}
    for member in members:
        for key in dict.fromkeys(split_year(i)[0] for i in member.dataset.specs):
            if "@" in key:
                continue  # a change between two years: the periods differ from city to city
            spec = member.dataset.specs[_pick(member, key)]
            counts[key] = counts.get(key, 0) + 1
            is_count[key] = is_count.get(key, True) and spec.kind == "count"
            with_city[key] = with_city.get(key, 0) + int(np.isfinite(member.dataset.city.get(spec.id, np.nan)))
            label = spec.label(lang)
            labels.setdefault(key, label.removesuffix(f" ({spec.year})") if key != spec.id else label)
    needed = 1 if len(members) == 1 else 2
    shared = sorted(
        (k for k, n in counts.items() if n >= needed), key=lambda k: (-counts[k], is_count[k], -with_city[k], labels[k].lower())
    )
    options.update({k: f"{labels[k]} ({counts[k]})" for k in shared})
    return options


# ---------------------------------------------------------------- the view


@dataclass(frozen=True)
class MemberStatus:
    """How one municipality takes part: its indicator, year, city value, or why it cannot."""

    id: str
    label: str
    status: str  # OK, MISSING or NO_CITY_VALUE
    indicator: str | None = None
    indicator_label: str = ""
    unit: str = ""
    year: int | None = None
    city: float | None = None
    areas: int = 0
    selected: int = 0
    source: str = ""
    date: str = ""
    licence: str = ""
    reason: str = ""  # why there is no city value (NO_CITY_VALUE only), in the view's language
    decimals: int = 2  # the decimals its indicator is published with (values and city value in the documents)


@dataclass(frozen=True)
class NetworkView:
    """Everything the page, the maps and the exports show.

    ``areas``: one row per area of every member that has the indicator (member, member_label,
    area_id, name, value, city, lq, percentile, selected, class). ``units``: the same measures
    for the map units (unit, value, lq, percentile, selected, class).
    """

    key: str
    measure: str
    areas: pd.DataFrame
    units: pd.DataFrame
    members: tuple[MemberStatus, ...]
    bins: tuple[float, ...]
    counts: tuple[int, ...]
    years: tuple[int, int] | None = None  # (oldest, newest) when they differ by more than two

    @property
    def missing(self) -> list[MemberStatus]:
        return [m for m in self.members if m.status != OK]

    @property
    def present(self) -> list[MemberStatus]:
        return [m for m in self.members if m.status == OK]

    def shows(self, member_id: str) -> bool:
        """Whether the member's areas have the measure (not when the indicator or, for the LQ, the city value is missing).

        ``areas`` holds every member that has the indicator, with its values and percentiles, also
        where the LQ is missing: the spreadsheet lists them, the maps and the chart leave them out.
        """
        rows = self.areas[self.areas["member"] == member_id]
        return bool(rows[self.measure].notna().any())


def year_spread(years: Collection[int | None]) -> tuple[int, int] | None:
    """(oldest, newest) when the years differ by more than two, else ``None``.

    >>> year_spread([2016, 2023]), year_spread([2021, 2023, None])
    ((2016, 2023), None)
    """
    known = [y for y in years if y]
    if known and max(known) - min(known) > MAX_YEAR_GAP:
        return min(known), max(known)
    return None


def common_classes(values: pd.Series, measure: str) -> tuple[pd.Series, tuple[float, ...], tuple[int, ...]]:
    """Classes of the pooled values of all municipalities on the measure's common bounds.

    Returns the class of each value (aligned to the input; ``-1`` for missing), the upper bounds
    (the last is the largest value when it exceeds the last bound) and the count per class.
    """
    spec = _measure(measure)
    classes = pd.Series(-1, index=values.index, dtype=int)
    present = values.dropna().astype(float)
    bounds = list(spec.bins)
    if present.empty:
        return classes, (*bounds, np.inf), (0,) * (len(bounds) + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # empty classes are expected with fixed bounds
        top = max(float(present.max()), bounds[-1] + 1e-9)
        classifier = mapclassify.UserDefined(present.to_numpy(), bins=[*bounds, top])
    classes[present.index] = np.asarray(classifier.yb, dtype=int)
    counts = tuple(int(c) for c in classifier.counts)
    return classes, tuple(float(b) for b in classifier.bins), counts


def _measure(measure: str) -> Measure:
    if measure not in MEASURES:
        raise NetworkError("neterr_unknown_measure", measure=repr(measure), valid=", ".join(MEASURES))
    return MEASURES[measure]


def _member_frames(
    member: Member, indicator: str, selected: Collection[str]
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    data = member.dataset
    city = float(data.city.get(indicator, np.nan))
    values = data.areas[indicator].astype(float)
    areas = pd.DataFrame(
        {
            "member": member.id,
            "member_label": member.label,
            "area_id": data.areas.index.astype(str),
            "name": data.areas["name"].astype(str).to_numpy(),
            "value": values.to_numpy(),
            "city": city,
            "lq": location_quotients(values, city).to_numpy(),
            "percentile": percentiles(values).to_numpy(),
            "selected": [a in selected for a in data.areas.index],
        }
    )
    unit_values = data.units.table[indicator].astype(float) if indicator in data.units.table else pd.Series(dtype=float)
    chosen_units = {data.unit_of(a) for a in selected if a in data.areas.index}
    units = pd.DataFrame(
        {
            "member": member.id,
            "unit": unit_values.index.astype(str),
            "value": unit_values.to_numpy(),
            "lq": location_quotients(unit_values, city).to_numpy(),
            "percentile": percentiles(unit_values).to_numpy(),
            "selected": [u in chosen_units for u in unit_values.index],
        }
    )
    return areas, units, city


def build_network_view(
    members: Sequence[Member],
    key: str,
    mapping: IndicatorMapping,
    selections: Mapping[str, Collection[str]] | None = None,
    measure: str = "lq",
    lang: str = "de",
) -> NetworkView:
    """The network view of option ``key`` (see :func:`indicator_options`) on ``measure``.

    ``selections``: member id -> the area ids of its saved candidate selection.
    Members without the indicator, or without a city value for the LQ, are listed, not dropped.
    """
    _measure(measure)
    if not members:
        raise NetworkError("neterr_no_datasets_loaded")
    selections = selections or {}
    chosen = resolve(members, key, mapping)
    statuses, area_frames, unit_frames = [], [], []
    for member in members:
        indicator = chosen[member.id]
        source = member.dataset.source
        base = MemberStatus(
            id=member.id, label=member.label, status=MISSING, source=source.source, date=source.date,
            licence=in_language(source, "licence", lang),
        )
        if indicator is None:
            statuses.append(base)
            continue
        spec = member.dataset.specs[indicator]
        selected = [a for a in selections.get(member.id, ()) if a in member.dataset.areas.index]
        areas, units, city = _member_frames(member, indicator, selected)
        status = OK if np.isfinite(city) and city != 0 else NO_CITY_VALUE
        statuses.append(
            replace(
                base, status=status, indicator=indicator,
                indicator_label=spec.label(lang),
                unit=spec.unit(lang), year=spec.year or None, decimals=max(spec.decimals, 0),
                city=city if np.isfinite(city) else None, areas=len(areas), selected=len(selected),
                reason="" if status == OK else no_city_reason(member.dataset, indicator, lang),
            )
        )
        area_frames.append(areas)  # without a city value the LQ column is empty; values and percentiles stay
        unit_frames.append(units)
    columns = ["member", "member_label", "area_id", "name", "value", "city", "lq", "percentile", "selected"]
    areas = pd.concat(area_frames, ignore_index=True) if area_frames else pd.DataFrame(columns=columns)
    units = (
        pd.concat(unit_frames, ignore_index=True)
        if unit_frames
        else pd.DataFrame(columns=["member", "unit", "value", "lq", "percentile", "selected"])
    )
    classes, bins, counts = common_classes(areas[measure].astype(float), measure)
    areas["class"] = classes
    units["class"] = assign_classes(units[measure].astype(float), bins)
    return NetworkView(
        key=key, measure=measure, areas=areas, units=units, members=tuple(statuses), bins=bins, counts=counts,
        years=year_spread([m.year for m in statuses if m.status != MISSING]),
    )


def legend_labels(measure: str, lang: str = "de") -> list[str]:
    """One label per common class, e.g. LQ "unter 0,67" … "über 1,50", percentiles "0–20" … "80–100".

    >>> legend_labels("percentile")
    ['0–20', '20–40', '40–60', '60–80', '80–100']
    >>> legend_labels("lq", "en")[0], legend_labels("lq")[-1]
    ('below 0.67', 'über 1,50')
    """
    from geo.numbers import format_number

    bounds = _measure(measure).bins
    if measure == "percentile":
        edges = (0.0, *bounds, 100.0)
        return [f"{format_number(a, 0, lang)}–{format_number(b, 0, lang)}" for a, b in zip(edges, edges[1:])]
    text = [format_number(b, 2, lang) for b in bounds]
    return [tr("net_legend_below", lang, value=text[0]), *(f"{a}–{b}" for a, b in zip(text, text[1:])),
            tr("net_legend_above", lang, value=text[-1])]
