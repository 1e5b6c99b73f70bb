"""Formulas over column ids, shown with the reader's names: no internal id on screen."""

from __future__ import annotations

from geo.domain.dataset import Dataset
from geo.numbers import format_number
from geo.domain.indicators import IndicatorSpec, readable_formula
from ui.shell.strings import string_keys, t

__all__ = ["formula_names", "formula_text", "spec_formula"]

_RAW = "raw_"


def formula_names(data: Dataset, lang: str) -> dict[str, str]:
    """Reader's names of the raw count columns (string rows ``raw_<id>``) and of every indicator."""
    names = {key[len(_RAW):]: t(key, lang) for key in sorted(string_keys()) if key.startswith(_RAW)}
    names.update({spec.id: spec.label(lang) for spec in data.specs.values()})
    return names


def formula_text(formula: str, data: Dataset, lang: str) -> str:
    """``"foreigners_u30 / residents_u30"`` as "Ausländer unter 30 ÷ Einwohner unter 30"."""
    return readable_formula(formula, formula_names(data, lang))


def spec_formula(spec: IndicatorSpec, data: Dataset, lang: str) -> str:
    """How an indicator is computed, for the reader; empty for a count as published."""
    if spec.derived:
        return formula_text(spec.derived, data, lang)
    if spec.kind == "share" and spec.numerator and spec.denominator:
        ratio = formula_text(f"{spec.numerator} / {spec.denominator}", data, lang)
        return f"{ratio} × {format_number(spec.per, 0, lang)}"
    return ""
