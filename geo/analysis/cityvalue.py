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
from geo.i18n import tr

__all__ = ["no_city_reason"]

def no_city_reason(dataset: Dataset, indicator: str, lang: str = "de") -> str:
    """Why ``indicator`` has no city value in ``dataset``: zero, a share without its counts, a kind that
    does not add up, or the areas whose counts are missing (named, the first five).

    An area missing a count makes the sum unknown, unless the area is absent from that year's table
    altogether (:func:`geo.domain.aggregate.absent_in_year`): such areas are not named.
    """
    spec = dataset.specs[indicator]
    city = dataset.city.get(indicator, np.nan)
    if np.isfinite(city) and city == 0:
        return tr("cityr_zero", lang)
    if spec.kind == "count":
        needed = [indicator]
    elif spec.kind == "share":
        needed = [c for c in (spec.numerator, spec.denominator) if c]
        if len(needed) < 2 or not all(c in dataset.areas.columns for c in needed):
            return tr("cityr_no_counts", lang)
    else:
        return tr("cityr_kind", lang)
    absent = absent_in_year(dataset.areas, dataset.specs)
    missing = pd.DataFrame({c: dataset.areas[c].isna() & ~dataset.areas.index.isin(absent.get(c, [])) for c in needed})
    gaps = dataset.areas.index[missing.any(axis=1).to_numpy()]
    if not len(gaps):
        return tr("cityr_other", lang)
    names = [str(dataset.areas.at[a, "name"]) for a in gaps[:5]]
    shown = ", ".join(names) + (" …" if len(gaps) > 5 else "")
    year = spec.year or split_year(indicator)[1] or "–"
    return tr("cityr_gaps", lang, n=len(gaps), year=year, names=shown)
