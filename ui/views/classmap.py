"""The map page's class map: the 12 status-dynamics classes of the ranking page instead of an indicator.

Offered only when a classification is set on the ranking page (``ui/shell/statusdynamics_share.py``);
map, tile map and the 4 × 3 legend then show the same classes, in the same colours, as the
ranking page's section. Clicking areas still selects them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo.analysis.statusdynamics import StatusDynamicsResult
from geo.domain.dataset import Dataset, MapGeometry
from geo.maps.categories import category_map_styles, category_tiles
from ui.views.statussection import legend_html, shown_classes
from ui.shell.statusdynamics_share import classified
from ui.shell.strings import t

__all__ = ["ClassMap", "class_map_choice"]


@dataclass(frozen=True)
class ClassMap:
    result: StatusDynamicsResult
    method: str  # the status-index formula, the map's source line

    def classes(self, lang: str) -> tuple[dict[str, str], dict[str, str]]:
        """The shown code of each area ("2−", "ungültig"/"invalid") and the colour of each code."""
        return shown_classes({a: c for a, c in self.result.table["code"].items() if c}, lang)

    def styles(self, data: Dataset, geometry: MapGeometry, selection: Collection[str], lang: str) -> dict:
        codes, colours = self.classes(lang)
        return category_map_styles(data, geometry, codes, colours, t("sdi_heading", lang), self.method, selection, lang)

    def tiles(self, data: Dataset, selection: Collection[str], lang: str) -> pd.DataFrame:
        return category_tiles(data, *self.classes(lang), selection)

    def legend(self, lang: str) -> None:
        st.markdown(legend_html(self.result, lang), unsafe_allow_html=True)
        st.caption(t("map_sdi_note", lang))


def class_map_choice(data: Dataset, lang: str, container=st) -> ClassMap | None:
    """A switch to the class map when the ranking page has set a classification; the class map when on."""
    found = classified(data, lang)
    if found is None:
        return None
    if not container.toggle(t("map_sdi", lang), key="map_sdi", help=t("map_sdi_help", lang)):
        return None
    result, method = found
    return ClassMap(result, method[0][1])
