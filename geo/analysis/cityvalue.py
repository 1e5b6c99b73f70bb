"""Why an indicator has no city value: the sentence the network page and its exports show.

The city value sums the counts of every area (a share from its summed counts,
:func:`geo.domain.aggregate.city_values`). Where it is missing, the reason is one of: the
value is 0, a share was imported without its counts, the kind does not add up (an index, a
rate), or named areas lack a count in that year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain.aggregate import absent_in_year
from geo.domain.dataset import Dataset
from geo.domain.timeseries import split_year

__all__ = ["no_city_reason"]

_REASONS = {
    "zero": {"de": "der Stadtwert ist 0", "en": "the city value is 0"},
    "no_counts": {
        "de": "Anteil ohne Anzahlen importiert; beim Import mit „Anteile aus Anzahlen“ definieren",
        "en": "a share imported without its counts; define it from counts at import",
    },
    "kind": {
        "de": "ein Wert dieser Art lässt sich nicht zu einem Stadtwert zusammenfassen",
        "en": "a value of this kind does not add up to a city value",
    },
    "other": {
        "de": "er ließ sich aus den Anzahlen nicht berechnen (Summe 0 oder nicht endlich)",
        "en": "it could not be computed from the counts (a sum of 0 or not finite)",
    },
    "gaps": {"de": "{n} Gebiet(e) ohne Wert für {year}: {names}", "en": "{n} area(s) without a value for {year}: {names}"},
}


def no_city_reason(dataset: Dataset, indicator: str, lang: str = "de") -> str:
    """Why ``indicator`` has no city value in ``dataset``: zero, a share without its counts, a kind that
    does not add up, or the areas whose counts are missing (named, the first five).

    An area missing a count makes the sum unknown, unless the area is absent from that year's table
    altogether (:func:`geo.domain.aggregate.absent_in_year`): such areas are not named.
    """
    words = "en" if lang == "en" else "de"
    spec = dataset.specs[indicator]
    city = dataset.city.get(indicator, np.nan)
    if np.isfinite(city) and city == 0:
        return _REASONS["zero"][words]
    if spec.kind == "count":
        needed = [indicator]
    elif spec.kind == "share":
        needed = [c for c in (spec.numerator, spec.denominator) if c]
        if len(needed) < 2 or not all(c in dataset.areas.columns for c in needed):
            return _REASONS["no_counts"][words]
    else:
        return _REASONS["kind"][words]
    absent = absent_in_year(dataset.areas, dataset.specs)
    missing = pd.DataFrame({c: dataset.areas[c].isna() & ~dataset.areas.index.isin(absent.get(c, [])) for c in needed})
    gaps = dataset.areas.index[missing.any(axis=1).to_numpy()]
    if not len(gaps):
        return _REASONS["other"][words]
    names = [str(dataset.areas.at[a, "name"]) for a in gaps[:5]]
    shown = ", ".join(names) + (" …" if len(gaps) > 5 else "")
    year = spec.year or split_year(indicator)[1] or "–"
    return _REASONS["gaps"][words].format(n=len(gaps), year=year, names=shown)
