"""What every export of a selection carries: the decision, values, method and sources.

A :class:`DecisionRecord` is what was decided (name, author, rationale for the
set and per quarter, version, method and weights). It comes from the saved
version when one is open, else from the form as typed, and every document
(CSV, XLSX, GeoJSON, PDF, the view's HTML and PNG) writes the same record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd

from geo.analysis.compare import selection_total
from geo.domain.dataset import Dataset, MapGeometry
from geo.i18n import in_language, tr
from geo.numbers import format_number
from geo.domain.indicators import IndicatorSpec
from geo.maps.staticmap import dataset_tiles

__all__ = [
    "CLASS_COLUMNS",
    "STEPS_KEY",
    "STEP_KEY",
    "WEIGHTS_KEY",
    "AreaClasses",
    "DecisionRecord",
    "QUARTER_PREFIX",
    "QuarterRow",
    "SelectionExport",
    "build_export",
    "decision_lines",
    "label",
    "method_lines",
    "method_summary",
]

BERLIN = ZoneInfo("Europe/Berlin")

# The method mapping stores the ranking weights under this key as {indicator label: weight}.
WEIGHTS_KEY = "Gewichte"
# A method made of several steps (screening hits taken, then the top 3 of a ranking) keeps them in order
# under this key: a list of mappings, each with its kind under STEP_KEY and its own lines (and weights).
STEPS_KEY = "Schritte"
STEP_KEY = "Schritt"

# The columns an export gains when a status-dynamics classification is configured.
CLASS_COLUMNS = ("status_class", "dynamics_class", "sdi_code")

# Rows of self-drawn quarters carry "quarter:<id>" as their area id, so no official id is mistaken for one.
QUARTER_PREFIX = "quarter:"


def label(key: str, lang: str = "de") -> str:
    """An export label in the reader's language.

    >>> label("author", "de"), label("author", "en")
    ('Autor/in', 'Author')
    """
    return tr(f"doc_{key}", lang)


@dataclass(frozen=True)
class DecisionRecord:
    """What was decided. ``version`` is ``None`` for a draft that has not been saved.

    ``area_rationales`` holds the rationales of official areas by id and of self-drawn quarters under
    ``quarter:<id>``. ``publisher`` (the office of a published version) is named in its own line; without an author (the
    public site) it stands alone.
    """

    name: str
    author: str
    rationale: str = ""
    area_rationales: Mapping[str, str] = field(default_factory=dict)
    version: int | None = None
    saved_at: datetime | None = None
    method: Mapping[str, object] = field(default_factory=dict)
    publisher: str = ""

    @property
    def steps(self) -> list[Mapping[str, object]]:
        """The method steps in order (an older single-step method is one step without a kind)."""
        raw = self.method.get(STEPS_KEY)
        if isinstance(raw, list):
            return [s for s in raw if isinstance(s, Mapping)]
        return [self.method] if self.method else []

    @property
    def weights(self) -> dict[str, float]:
        """The weights of the last step that has any (the ranking's, when it shaped the selection)."""
        for step in reversed(self.steps):
            raw = step.get(WEIGHTS_KEY)
            if isinstance(raw, Mapping):
                return {str(k): float(v) for k, v in raw.items()}
        return {}

    @property
    def method_steps(self) -> dict[str, str]:
        """Method lines other than the last weights (which have their own line), every step in order."""
        steps = self.steps
        weighted = next((i for i in range(len(steps) - 1, -1, -1) if isinstance(steps[i].get(WEIGHTS_KEY), Mapping)), -1)
        lines: dict[str, str] = {}
        for n, step in enumerate(steps, start=1):
            kind = str(step.get(STEP_KEY, "") or "")
            prefix = f"{n}. {kind}: " if len(steps) > 1 or kind else ""
            for key, value in step.items():
                if key == STEP_KEY or (key == WEIGHTS_KEY and n - 1 == weighted):
                    continue
                if isinstance(value, Mapping):  # weights of an earlier step: written inline
                    value = "; ".join(f"{k} {format_number(float(v), 2, 'de')}" for k, v in value.items())
                lines[f"{prefix}{key}"] = str(value)
        return lines


@dataclass(frozen=True)
class AreaClasses:
    """Status and dynamics classes of every area, as configured on the ranking page, with their method.

    Texts in the export's language: ``status`` "3 niedrig", ``dynamics`` "negativ (-)", ``code``
    "3-" or "ungültig"; ``method`` the (what, how) lines of :func:`geo.analysis.statusdynamics.method_lines`.
    """

    status: Mapping[str, str]
    dynamics: Mapping[str, str]
    code: Mapping[str, str]
    method: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class QuarterRow:
    """A saved self-drawn quarter in the selection: its figures by indicator id and how they were made."""

    id: int
    name: str
    values: Mapping[str, float | None]
    method: str
    geometry: Mapping | None = None  # GeoJSON, EPSG:4326


@dataclass(frozen=True)
class SelectionExport:
    record: DecisionRecord
    created: datetime  # when the document was made
    dataset_label: str
    area_ids: tuple[str, ...]
    table: pd.DataFrame  # one row per selected area, then the selection total and the city
    specs: tuple[IndicatorSpec, ...]
    sources: tuple[str, ...]
    units: gpd.GeoDataFrame | None  # map units with geometry (None when boundaries are missing)
    unit_of: Mapping[str, str] = field(default_factory=dict)
    unit_members: Mapping[str, int] = field(default_factory=dict)
    lang: str = "de"
    quarters: tuple[QuarterRow, ...] = ()
    classes: AreaClasses | None = None  # status and dynamics classes, when configured
    # Tiles of the districts of merged map units holding a chosen one (geo.maps.staticmap.chosen_tiles)
    tiles: pd.DataFrame | None = None

    @property
    def class_columns(self) -> tuple[str, ...]:
        """The class columns of :attr:`table` (none without a classification)."""
        return CLASS_COLUMNS if self.classes is not None else ()

    @property
    def date_text(self) -> str:
        return _when(self.created, self.lang)

    @property
    def partial_units(self) -> tuple[str, ...]:
        """Merged map units of which only some areas are selected (drawn dashed, with a note)."""
        picked: dict[str, int] = {}
        for area in self.area_ids:
            unit = self.unit_of.get(area)
            if unit is not None:
                picked[unit] = picked.get(unit, 0) + 1
        return tuple(u for u, n in picked.items() if n < self.unit_members.get(u, 1))


def _when(moment: datetime, lang: str) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(BERLIN)
    return moment.strftime(tr("datetime_strftime", lang))


def dataset_label(dataset: Dataset, lang: str = "de") -> str:
    """"Title (source, date)" of a dataset, as the documents name it."""
    source = dataset.source
    title = in_language(source, "title", lang)
    cited = str(source.source)
    if source.date and not cited.rstrip(". ").endswith(str(source.date)):  # "…, 2016" already names the year
        cited = f"{cited}, {source.date}"
    return f"{title} ({cited})"


def build_export(
    dataset: Dataset,
    area_ids: Sequence[str],
    record: DecisionRecord,
    created: datetime,
    geometry: MapGeometry | None = None,
    lang: str = "de",
    classes: AreaClasses | None = None,
    quarters: Sequence[QuarterRow] = (),
) -> SelectionExport:
    """Collect the figures of ``area_ids`` and of the self-drawn ``quarters`` (rows after the areas, marked
    "selbst abgegrenzt"; never part of the selection total, as they may overlap areas and each other).

    Raises ``SelectionError`` when both are empty. With quarters only, the total row is kept but empty
    (it sums nothing official), marked "keine amtlichen Gebiete" and explained among the sources.

    With ``classes`` every area row carries its status class, dynamics class and combined code
    (the quarter, total and city rows none), and the method lines their method.
    """
    quarters_only = not area_ids and bool(quarters)
    total = {} if quarters_only else selection_total(dataset, area_ids)
    ids = list(dict.fromkeys(area_ids))
    specs = tuple(dataset.specs.values())
    rows = []
    for area in ids:
        name, unit = dataset.areas.loc[area, "name"], dataset.unit_of(area)
        # "Teil von": the area's district on the dataset's declared parent level, else the merged map unit
        part = dataset.parent_of(area) if dataset.parent is not None else ("" if unit == str(name) else unit)
        row = {"area_id": area, "name": name, "part": part}
        row.update({s.id: _number(dataset.areas.loc[area, s.id]) for s in specs})
        if classes is not None:
            row.update(
                status_class=classes.status.get(area, ""),
                dynamics_class=classes.dynamics.get(area, ""),
                sdi_code=classes.code.get(area, ""),
            )
        rows.append(row)
    empty = dict.fromkeys(CLASS_COLUMNS, "") if classes is not None else {}
    for quarter in quarters:
        rows.append({"area_id": f"{QUARTER_PREFIX}{quarter.id}", "name": quarter.name, "part": label("self_drawn", lang),
                     **{s.id: _number(quarter.values.get(s.id)) for s in specs}, **empty})
    part = label("no_official", lang) if quarters_only else ""
    rows.append({"area_id": "", "name": label("total", lang), "part": part,
                 **{s.id: _number(total.get(s.id)) for s in specs}, **empty})
    rows.append({"area_id": "", "name": label("city", lang), "part": "",
                 **{s.id: _number(dataset.city.get(s.id)) for s in specs}, **empty})
    sources = _sources(dataset, specs, geometry, lang)
    sources += [f"{label('quarter', lang)} „{q.name}“: {q.method}" for q in quarters]
    if quarters_only:
        sources.append(label("quarters_only", lang))
    units = None
    if geometry is not None:
        units = geometry.frame[["key", "name", "unit", "geometry"]].copy()
    return SelectionExport(
        record=record,
        created=created,
        dataset_label=dataset_label(dataset, lang),
        area_ids=tuple(ids),
        table=pd.DataFrame(rows),
        specs=specs,
        sources=tuple(sources),
        units=units,
        unit_of={a: dataset.unit_of(a) for a in ids},
        unit_members={str(k): int(v) for k, v in dataset.units.members.items()},
        lang=lang,
        classes=classes,
        quarters=tuple(quarters),
        tiles=dataset_tiles(dataset, ids),
    )


def _number(value: object) -> float | None:
    """A finite float or ``None`` (never NaN: documents write missing values as empty/null)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _derivation(spec: IndicatorSpec, specs: Mapping[str, IndicatorSpec], lang: str) -> str:
    """"Label: abgeleitet (Ausländer / Einwohner)" with the operands' labels, not their ids; the rounding
    note only where an operand is a published (rounded) share, as residents = count ÷ share."""
    operands = [part.strip() for part in str(spec.derived).split("/")]
    named = [specs[o].label(lang) if o in specs else o for o in operands]
    rounded = any(o in specs and specs[o].kind == "share" for o in operands)
    text = tr("doc_derived", lang, label=spec.label(lang), operands=" / ".join(named))
    if rounded:
        text += ", " + tr("doc_derived_rounded", lang)
    return text


def _sources(dataset: Dataset, specs: Sequence[IndicatorSpec], geometry: MapGeometry | None, lang: str) -> list[str]:
    title = in_language(dataset.source, "title", lang)
    sources = [tr("doc_statistics", lang, source=dataset.source.source, title=title)]
    for s in specs:
        if s.is_derived:
            sources.append(_derivation(s, dataset.specs, lang))
    sources.append(tr("doc_total_recomputed", lang))
    if geometry is not None:
        sources.append(tr("doc_boundaries", lang, attribution=geometry.source.attribution, page=geometry.source.page))
    return sources


def _weights_text(weights: Mapping[str, float], lang: str) -> str:
    return "; ".join(f"{name} {format_number(w, 2, lang)}" for name, w in weights.items())


def _version_text(record: DecisionRecord, lang: str) -> str:
    if record.version is None:
        return label("draft", lang)
    when = _when(record.saved_at, lang) if record.saved_at else ""
    return f"{record.version} ({label('saved', lang).format(when=when)})" if when else str(record.version)


def decision_lines(record: DecisionRecord, dataset: str, exported: str, lang: str = "de") -> list[tuple[str, str]]:
    """The decision as (label, text) lines, in the order every document shows them."""
    none = label("none", lang)
    lines = [
        (label("selection", lang), record.name or label("unnamed", lang)),
        # A published version names its office; the officer's own documents name the author too, the
        # public's never (their versions come without one).
        *([(label("publisher", lang), record.publisher)] if record.publisher else []),
        *([(label("author", lang), record.author or none)] if record.author or not record.publisher else []),
        (label("version", lang), _version_text(record, lang)),
        # A saved version's documents do not carry the moment of export: the same version, the same document.
        *([] if record.version is not None else [(label("exported", lang), exported)]),
        (label("dataset", lang), dataset),
        (label("rationale", lang), record.rationale or none),
    ]
    return lines + method_summary(record, lang)


def method_summary(record: DecisionRecord, lang: str = "de") -> list[tuple[str, str]]:
    """How the selection was made: the method steps, then the weights."""
    steps = record.method_steps
    lines = [(f"{label('method', lang)}: {k}", v) for k, v in steps.items()] or [(label("method", lang), label("manual", lang))]
    lines.append((label("weights", lang), _weights_text(record.weights, lang) or label("none", lang)))
    return lines


def method_caption(record: DecisionRecord, lang: str = "de") -> str:
    """The method in one line for the page: "Methode: 1. Screening: Bedingung: … | Übernommen: … · 2. …".

    The documents keep one row per line (:func:`method_summary`); on the page "Methode" is said once and
    a step's number once, and weights only when there are any.
    """
    method, weights = label("method", lang), _weights_text(record.weights, lang)
    parts, step = [], None
    for key, value in record.method_steps.items():
        number, sep, rest = key.partition(". ")
        head, _, field = rest.partition(": ") if sep and number.isdigit() else ("", "", key)
        if sep and number.isdigit() and (number, head) != step:
            step = (number, head)
            parts.append(f"{number}. {head}: {field}: {value}" if field else f"{number}. {head}: {value}")
        else:
            parts.append(f"{field}: {value}" if field else f"{key}: {value}")
    text = f"{method}: " + (" | ".join(parts) if parts else label("manual", lang))
    return text + (f" | {label('weights', lang)}: {weights}" if weights else "")


def method_lines(export: SelectionExport) -> list[tuple[str, str]]:
    """Key/value lines of the decision behind ``export``, then the method of the classes (if any)."""
    lines = decision_lines(export.record, export.dataset_label, export.date_text, export.lang)
    if export.classes is not None:
        prefix = label("sdi_code", export.lang)
        lines += [(f"{prefix}: {what}", how) for what, how in export.classes.method]
    return lines
