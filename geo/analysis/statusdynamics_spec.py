"""One status-dynamics classification as a value: chosen once, applied the same way everywhere.

The ranking page builds a :class:`StatusDynamicsSpec` from its widgets; the comparison page
and the selection exports apply the same spec to the same dataset with :func:`apply_spec`,
so every place shows the classes the ranking page shows.

>>> import pandas as pd
>>> areas = pd.DataFrame({"alq": [1.0, 2.0, 3.0, 10.0]}, index=list("abcd"))
>>> result, _ = apply_spec(areas, StatusDynamicsSpec(status=(("alq", 1.0),)))
>>> result.table["code"].tolist()
['2', '2', '2', '4']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from geo.analysis.statusdynamics import (
    StatusDynamicsRules,
    StatusDynamicsResult,
    status_dynamics,
    two_year_changes,
)

__all__ = ["StatusDynamicsSpec", "apply_spec"]


@dataclass(frozen=True)
class StatusDynamicsSpec:
    """Status indicators with weights and directions, where the dynamics come from, residents, cut-offs.

    The dynamics come either from the change of every status indicator since ``from_year``
    (weights and directions of the status) or from the change indicators in ``changes``
    (weight 1 each; those in ``reverse`` with the sign turned); with neither, status only.
    """

    status: tuple[tuple[str, float], ...]
    directions: tuple[tuple[str, int], ...] = ()
    config: StatusDynamicsRules = field(default_factory=StatusDynamicsRules)
    residents: str | None = None
    from_year: int | None = None
    changes: tuple[tuple[str, float], ...] = ()
    reverse: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # area ids left out by hand (outliers), as the published monitoring does


def apply_spec(areas: pd.DataFrame, spec: StatusDynamicsSpec) -> tuple[StatusDynamicsResult, Mapping[str, str]]:
    """The classes of ``areas`` by ``spec``, and (for dynamics since a year) indicator -> its change column.

    Raises :class:`geo.analysis.statusdynamics.StatusDynamicsError` (German / English) for a spec the
    areas cannot be classified by.
    """
    weights = {i: w for i, w in spec.status if w > 0}
    directions = dict(spec.directions)
    years, changes = None, {}
    dynamics = dict(spec.changes)
    reverse = set(spec.reverse)
    if spec.from_year is not None:
        areas, changes, years = two_year_changes(areas, list(weights), int(spec.from_year))
        dynamics = {changes[i]: weights[i] for i in weights}
        reverse = {changes[i] for i in weights if directions.get(i, 1) < 0}
    signs = {**{i: directions.get(i, 1) for i in weights}, **{i: -1 for i in reverse}}
    result = status_dynamics(areas, weights, signs, dynamics, spec.residents, spec.config, years, spec.exclude)
    return result, changes
