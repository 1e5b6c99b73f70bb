"""Choropleth classification through mapclassify, with colour-blind-safe palettes.

>>> c = classify(pd.Series([1.0, 2.0, 3.0, 4.0]), scheme="equal_interval", k=3)
>>> c.bins, c.counts
((2.0, 3.0, 4.0), (2, 1, 1))
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from branca.utilities import color_brewer

from geo.i18n import MessageError, has, tr
from geo.numbers import EN_DASH, NumberParseError, format_number, format_value, parse_number_list

with warnings.catch_warnings():
    # mapclassify warns at import that numba is absent; the pure-Python path is
    # fast enough for thousands of areas.
    warnings.simplefilter("ignore")
    import mapclassify

__all__ = [
    "assign_classes",
    "K_RANGE",
    "NO_DATA_COLOUR",
    "PALETTES",
    "SCHEMES",
    "Classification",
    "ClassificationError",
    "classify",
    "class_labels",
    "colours",
    "parse_breaks",
    "std_span",
]

K_RANGE = range(3, 8)

# ColorBrewer sequential schemes; all are marked colour-blind safe by ColorBrewer.
PALETTES: tuple[str, ...] = ("YlGnBu", "YlOrRd", "PuBu", "Purples", "Greys")

NO_DATA_COLOUR = "#ffffff"

# mean ± std: multiples of the standard deviation that give k classes.
_STD_MULTIPLES: Mapping[int, tuple[float, ...]] = {
    3: (-1, 1),
    4: (-1, 0, 1),
    5: (-2, -1, 1, 2),
    6: (-2, -1, 0, 1, 2),
    7: (-3, -2, -1, 1, 2, 3),
}


# mean ± std: class widths tried, widest first. Few areas rarely reach ±2 standard deviations, so
# whole standard deviations can leave classes outside the data; halves then give the classes asked for.
STD_STEPS: tuple[float, ...] = (1.0, 0.5)


class ClassificationError(MessageError):
    """Bad classification input: a catalogue key (``cls_…``) the UI shows in the reader's language;
    ``str()`` is German and English."""

    def __init__(self, key: str, **values: object):
        if has(key):
            super().__init__(key, **values)
        else:  # a text from elsewhere (a parse error), already German and English
            ValueError.__init__(self, key)
            self.key, self.values = None, {}

    def text(self, lang: str = "de") -> str:
        return super().text(lang) if self.key else str(self)


def _quantiles(y: np.ndarray, k: int, bins: Sequence[float] | None) -> mapclassify.MapClassifier:
    return mapclassify.Quantiles(y, k=k)


def _equal_interval(y: np.ndarray, k: int, bins: Sequence[float] | None) -> mapclassify.MapClassifier:
    return mapclassify.EqualInterval(y, k=k)


def _fisher_jenks(y: np.ndarray, k: int, bins: Sequence[float] | None) -> mapclassify.MapClassifier:
    return mapclassify.FisherJenks(y, k=min(k, len(np.unique(y))))


def _fisher_jenks_sampled(y: np.ndarray, k: int, size: int) -> mapclassify.MapClassifier:
    """mapclassify's FisherJenksSampled on ``size`` values (min and max always in), with a fixed seed:
    mapclassify draws from NumPy's global generator, so the state is set and restored around it and
    the same data give the same map on every run."""
    state = np.random.get_state()
    np.random.seed(_SAMPLE_SEED)
    try:
        return mapclassify.FisherJenksSampled(y, k=min(k, len(np.unique(y))), pct=size / len(y), truncate=False)
    finally:
        np.random.set_state(state)


def _std_mean(y: np.ndarray, k: int, bins: Sequence[float] | None) -> mapclassify.MapClassifier:
    return mapclassify.StdMean(y, multiples=list(_STD_MULTIPLES[k]))


def _manual(y: np.ndarray, k: int, bins: Sequence[float] | None) -> mapclassify.MapClassifier:
    if not bins:
        raise ClassificationError("cls_manual_needs_bounds")
    edges = [float(b) for b in bins]
    if any(b >= a for a, b in zip(edges[1:], edges[:-1])):
        raise ClassificationError("cls_bounds_increase")
    return mapclassify.UserDefined(y, bins=edges)


_SAMPLE_SEED = 20161231

# scheme key -> builder. Adding a scheme is adding a row.
SCHEMES: Mapping[str, Callable[[np.ndarray, int, Sequence[float] | None], mapclassify.MapClassifier]] = {
    "quantiles": _quantiles,
    "equal_interval": _equal_interval,
    "fisher_jenks": _fisher_jenks,
    "std_mean": _std_mean,
    "manual": _manual,
}


@dataclass(frozen=True)
class Classification:
    """Result of classifying one indicator.

    ``bins`` are the upper bounds of the classes, ``lower`` the smallest value,
    ``counts`` the number of areas per class and ``classes`` the class of each
    input value (aligned to the input index; ``-1`` for missing values).
    """

    scheme: str
    bins: tuple[float, ...]
    lower: float
    counts: tuple[int, ...]
    classes: pd.Series
    requested_k: int | None = None
    std_step: float | None = None  # mean ± std: class width in standard deviations

    @property
    def k(self) -> int:
        return len(self.bins)

    @property
    def upper(self) -> float:
        """The largest value classified (the top of the data range)."""
        return self.bins[-1] if self.bins else self.lower

    @property
    def fewer_than_requested(self) -> bool:
        """True when the scheme gave fewer classes than asked for (see :func:`classify`)."""
        return self.requested_k is not None and self.k < self.requested_k

    def assign(self, values: pd.Series) -> pd.Series:
        """Class of other values on the same bins (values outside are clamped)."""
        return assign_classes(values, self.bins)


def assign_classes(values: pd.Series, bins: Sequence[float]) -> pd.Series:
    """Class of each value on the upper bounds ``bins`` (``-1`` where missing; values outside are
    clamped to the first or last class), aligned to ``values.index``.

    >>> assign_classes(pd.Series([0.5, 2.0, None, 9.0]), [1.0, 2.0, 3.0]).tolist()
    [0, 1, -1, 2]
    """
    out = pd.Series(-1, index=values.index, dtype=int)
    present = values.notna()
    if present.any() and len(bins):
        idx = np.searchsorted(np.asarray(bins), values[present].to_numpy(), side="left")
        out[present] = np.clip(idx, 0, len(bins) - 1)
    return out


def classify(
    values: pd.Series,
    scheme: str = "quantiles",
    k: int = 5,
    bins: Sequence[float] | None = None,
    sample: int | None = None,
) -> Classification:
    """Classify ``values`` with a mapclassify scheme.

    ``scheme`` is one of :data:`SCHEMES` (case and spaces do not matter); ``k``
    is 3–7; ``bins`` are upper bounds for ``scheme="manual"``. Missing values
    are left out of the classification and get class ``-1``. Fisher-Jenks is quadratic: with
    ``sample``, more values than that are classified by mapclassify's ``FisherJenksSampled`` on a
    seeded sample of ``sample`` values (every value still gets its class).
    """
    key = scheme.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in SCHEMES:
        raise ClassificationError("cls_unknown_scheme", scheme=repr(scheme), valid=", ".join(SCHEMES))
    if key != "manual" and k not in K_RANGE:
        raise ClassificationError("cls_k_range", k=k)
    present = values.dropna().astype(float)
    if present.empty:
        raise ClassificationError("cls_no_values")
    low, high = float(present.min()), float(present.max())
    step = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns about ties; counts show them
        if key == "std_mean":
            step, result_bins = _std_mean_bins(present.to_numpy(), k)
        elif key == "fisher_jenks" and sample is not None and len(present) > sample:
            result_bins = _within_range(_fisher_jenks_sampled(present.to_numpy(), k, sample).bins, low, high)
        else:
            result_bins = _within_range(SCHEMES[key](present.to_numpy(), k, bins).bins, low, high)
    classes = assign_classes(values.astype(float), result_bins)  # value <= bound goes to that class, as in mapclassify
    counts = tuple(int((classes == i).sum()) for i in range(len(result_bins)))
    return Classification(
        scheme=key,
        bins=result_bins,
        lower=float(present.min()),
        counts=counts,
        classes=classes,
        requested_k=None if key == "manual" else k,
        std_step=step,
    )


def _std_mean_bins(y: np.ndarray, k: int) -> tuple[float, tuple[float, ...]]:
    """Bounds of mean ± std inside the data range with the widest step of :data:`STD_STEPS` that
    gives ``k`` classes (else the step that gives the most)."""
    best: tuple[float, tuple[float, ...]] | None = None
    for step in STD_STEPS:
        multiples = [m * step for m in _STD_MULTIPLES[k]]
        bins = _within_range(mapclassify.StdMean(y, multiples=multiples).bins, float(y.min()), float(y.max()))
        if best is None or len(bins) > len(best[1]):
            best = (step, bins)
        if len(bins) >= k:
            break
    assert best is not None
    return best


def _within_range(bins: Sequence[float], low: float, high: float) -> tuple[float, ...]:
    """Upper bounds without the classes that lie wholly outside the data range [low, high].

    A bound below the smallest value closes a class with no possible member ("1,5 – 1,5 %,
    0 Gebiete"); a bound above the largest value opens a class that reaches above the data.
    Both happen with mean ± standard deviation on few areas and with manual bounds. The last
    class ends at ``high``, as with quantiles and equal intervals.

    >>> _within_range([-7.8, 0.3, 16.4, 24.5, 30.0], 1.5, 30.0)
    (16.4, 24.5, 30.0)
    >>> _within_range([1, 2, 20, 40, 50], 1.5, 30.0)
    (2.0, 20.0, 30.0)
    """
    kept: list[float] = []
    for bound in (float(b) for b in bins):
        if bound < low:
            continue
        if bound >= high:
            break
        kept.append(bound)
    kept.append(high)
    return tuple(kept)


def std_span(values: pd.Series) -> tuple[float, float]:
    """How many standard deviations the smallest and largest value lie from the mean.

    Explains why mean ± standard deviation can give fewer classes than asked for: a class
    bound at ±2 standard deviations needs values beyond it.

    >>> std_span(pd.Series([1.0, 2.0, 3.0]))
    (-1.0, 1.0)
    """
    present = values.dropna().astype(float).to_numpy()
    std = float(present.std(ddof=1))  # the sample standard deviation, as mapclassify's StdMean
    if not std:
        return (0.0, 0.0)
    mean = float(present.mean())
    return ((float(present.min()) - mean) / std, (float(present.max()) - mean) / std)


def colours(palette: str, k: int) -> list[str]:
    """``k`` hex colours of a ColorBrewer sequential palette, light to dark."""
    if palette not in PALETTES:
        raise ClassificationError("cls_unknown_palette", palette=repr(palette), valid=", ".join(PALETTES))
    # ColorBrewer defines 3–9 colours; fewer classes still take three and cut.
    return list(color_brewer(palette, max(k, 3)))[:k]



def parse_breaks(text: str, lang: str = "de") -> list[float]:
    """Parse user-typed class bounds separated by semicolons, in the reader's number format
    (:func:`geo.numbers.parse_number_list`: strict, nothing reinterpreted).

    >>> parse_breaks("8; 12,5; 1.000")
    [8.0, 12.5, 1000.0]

    Raises :class:`ClassificationError` naming the part that is not a number.
    """
    try:
        return parse_number_list(text, lang)
    except NumberParseError as error:
        raise ClassificationError(error.key, **error.values) from None


def class_labels(
    classification: Classification, decimals: int = 1, unit: str = "", lang: str = "de"
) -> list[str]:
    """One label per class, unambiguous at the boundaries: "lower – upper unit" for the first class
    (from the minimum), "über lower – upper unit" for the others. A value equal to a boundary belongs
    to the class the boundary ends (mapclassify's classes include their upper bound), so "über 6,7"
    starts above 6,7.

    >>> c = Classification("manual", (6.7, 8.8), 6.2, (5, 2), pd.Series(dtype=int))
    >>> class_labels(c, 1, "%", "de")
    ['6,2 – 6,7\xa0%', 'über 6,7 – 8,8\xa0%']
    >>> class_labels(c, 1, "%", "en")
    ['6.2 – 6.7\xa0%', 'over 6.7 – 8.8\xa0%']
    """
    labels = []
    lower = classification.lower
    for i, upper in enumerate(classification.bins):
        low_text = format_number(min(lower, upper), decimals, lang)
        high = format_value(upper, decimals, unit, lang)
        low_text = low_text if i == 0 else tr("legend_over", lang, low=low_text)
        labels.append(f"{low_text} {EN_DASH} {high}")
        lower = upper
    return labels
