"""Screening: which areas meet conditions on indicators ("Gebiete-Screening").

A condition compares an indicator with a threshold, either absolute
("under-30 share ≥ 18 %") or relative to the city value ("share of foreigners
≥ 1.2 × city value"). Conditions combine with AND or OR. An area whose value
is missing does not match, and is reported as unknown rather than as "no".

>>> Condition("foreign_share", ">=", 1.2, relative=True).describe()
'foreign_share >= 1.2 × city'
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from geo.i18n import MessageError

__all__ = ["OPERATORS", "Condition", "ScreeningError", "ScreeningResult", "screen", "switch_threshold"]


class ScreeningError(MessageError):
    """Bad screening input: a catalogue key and its values (a ``ValueError``, as before)."""

OPERATORS: Mapping[str, Callable[[pd.Series, float], pd.Series]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
COMBINE = ("and", "or")


@dataclass(frozen=True)
class Condition:
    indicator: str
    op: str
    threshold: float
    relative: bool = False  # threshold × city value instead of an absolute value

    def describe(self) -> str:
        return f"{self.indicator} {self.op} {self.threshold:g}" + (" × city" if self.relative else "")


@dataclass(frozen=True)
class ScreeningResult:
    matches: pd.Series  # bool per area, aligned to the input index
    unknown: pd.Series  # bool: a condition could not be evaluated (missing value)
    thresholds: tuple[float, ...]  # effective absolute threshold of each condition

    @property
    def matching_ids(self) -> list[str]:
        return self.matches.index[self.matches].tolist()


def screen(
    areas: pd.DataFrame,
    city: Mapping[str, float],
    conditions: Sequence[Condition],
    combine: str = "and",
) -> ScreeningResult:
    """Evaluate ``conditions`` on ``areas`` and combine them with ``combine``."""
    if not conditions:
        raise ScreeningError("screrr_no_condition")
    mode = combine.strip().lower()
    if mode not in COMBINE:
        raise ScreeningError("screrr_unknown_combination", combine=f"{combine!r}")
    results, unknowns, thresholds = [], [], []
    for condition in conditions:
        if condition.indicator not in areas.columns:
            raise ScreeningError(
                "screrr_unknown_indicator", indicator=f"{condition.indicator!r}"
            )
        if condition.op not in OPERATORS:
            raise ScreeningError(
                "screrr_unknown_comparison", op=f"{condition.op!r}", valid=', '.join(OPERATORS)
            )
        threshold = float(condition.threshold)
        if condition.relative:
            base = city.get(condition.indicator)
            if base is None or pd.isna(base):
                raise ScreeningError(
                    "screrr_no_city_value", indicator=f"{condition.indicator!r}"
                )
            threshold *= base
        values = areas[condition.indicator]
        results.append(OPERATORS[condition.op](values, threshold) & values.notna())
        unknowns.append(values.isna())
        thresholds.append(threshold)
    frame = pd.concat(results, axis=1)
    matches = frame.all(axis=1) if mode == "and" else frame.any(axis=1)
    unknown = pd.concat(unknowns, axis=1).any(axis=1) & ~matches
    return ScreeningResult(matches=matches, unknown=unknown, thresholds=tuple(thresholds))


def switch_threshold(value: float, to_relative: bool, city: float | None) -> float | None:
    """The same threshold on the other scale, when a condition is switched to or from "× city value".

    Absolute → relative: ``value ÷ city``; relative → absolute: ``value × city``. ``None`` where the
    city value is missing or zero: the number cannot mean the same, and must be typed anew.

    >>> switch_threshold(18.0, True, 14.4), switch_threshold(1.25, False, 14.4), switch_threshold(18.0, True, None)
    (1.25, 18.0, None)
    """
    if city is None or pd.isna(city) or city == 0:
        return None
    return float(value) / float(city) if to_relative else float(value) * float(city)
