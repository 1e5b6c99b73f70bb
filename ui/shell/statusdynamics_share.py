"""The status-dynamics classification chosen on the ranking page, shared with comparison and exports.

The ranking page stores its :class:`~geo.analysis.statusdynamics_spec.StatusDynamicsSpec`
(with the dataset it was made for) in the session; the comparison page and the selection
exports apply the same spec to the same dataset with the same function, so they show exactly
the classes of the ranking page, with the same method text. A spec made for another dataset,
or one the dataset cannot be classified by any more, is not used.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from exports.model import AreaClasses
from geo.analysis.statusdynamics import INVALID, StatusDynamicsError, StatusDynamicsResult, class_table, method_lines
from geo.analysis.statusdynamics_spec import StatusDynamicsSpec, apply_spec
from geo.domain.dataset import Dataset
from ui.shell import session, state
from ui.shell.strings import t

__all__ = [
    "area_classes", "classified", "comparison_with_classes", "forget_spec", "labels_for", "shown_code", "store_spec",
]

MINUS = "\u2212"  # the minus sign where a class is shown ("2−"); files keep the code ("2-")


def shown_code(code: str, lang: str) -> str:
    """A class code as the reader sees it: "ungültig"/"invalid" in the page's language, "−" for "-"."""
    return t("sdi_invalid", lang) if code == INVALID else code.replace("-", MINUS)



def store_spec(spec: StatusDynamicsSpec) -> None:
    """Keep the ranking page's classification for the current dataset."""
    session.STATUS_CLASSES.set((state.value("ds"), spec))


def forget_spec() -> None:
    """No classification in force (the ranking page's choice cannot be classified)."""
    session.STATUS_CLASSES.pop()


def labels_for(data: Dataset, changes: Mapping[str, str], lang: str) -> dict[str, str]:
    """Indicator labels in ``lang``, with the change columns made for dynamics since a year."""
    labels = {key: spec.label(lang) for key, spec in data.specs.items()}
    labels.update({c: t("sdi_change_of", lang, label=labels.get(i, i)) for i, c in changes.items()})
    return labels


def classified(data: Dataset, lang: str) -> tuple[StatusDynamicsResult, list[tuple[str, str]]] | None:
    """The classes and method lines of the stored classification on ``data``; ``None`` without one."""
    kept = session.STATUS_CLASSES.get()
    if kept is None or kept[0] != state.value("ds"):
        return None
    try:
        result, changes = apply_spec(data.areas, kept[1])
    except (StatusDynamicsError, KeyError):
        return None
    return result, method_lines(result, labels_for(data, changes, lang), data.areas["name"].to_dict(), lang)


def area_classes(data: Dataset, lang: str) -> AreaClasses | None:
    """The classes of every area as the exports write them ("3 niedrig", "negativ (-)", "3-")."""
    found = classified(data, lang)
    if found is None:
        return None
    result, method = found
    table = class_table(result, data.areas["name"], lang).set_index("area_id")
    status = {a: text for a, text in zip(table.index, table["status_text"]) if text}  # neutral unless social
    dynamics = {a: f"{label} ({symbol})" for a, symbol, label in
                zip(table.index, table["dynamics_class"], table["dynamics_label"]) if symbol}
    return AreaClasses(status, dynamics, table["code"].to_dict(), tuple(method))


def comparison_with_classes(table: pd.DataFrame, data: Dataset, selection: list[str], lang: str) -> pd.DataFrame:
    """The comparison table (rows: area names, then total and city) with the three class columns.

    Unchanged without a classification; the total and city rows get "–".
    """
    classes = area_classes(data, lang)
    if classes is None:
        return table
    names = data.areas["name"]
    by_name = {names[a]: a for a in selection}
    columns = {
        t("sdi_status_class", lang): classes.status,
        t("sdi_dynamics_class", lang): {a: text.replace("(-)", f"({MINUS})") for a, text in classes.dynamics.items()},
        t("sdi_code", lang): {a: shown_code(code, lang) for a, code in classes.code.items() if code},
    }
    table = table.copy()
    for heading, values in columns.items():
        table[heading] = [values.get(by_name.get(row, ""), "") or "–" for row in table.index]
    return table
