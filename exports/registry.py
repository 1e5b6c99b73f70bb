"""Every document the dashboard hands out, in one table: what it is, its file name and formats.

A download button asks this registry for the file name and media type, so one place lists all
exports (the selection's four formats, the network comparison, the integration projects, the map
view, the status-dynamics classes and the recipe tables). Adding a document is adding a row.
Tabular formats are written by the one formula-safe writer, :mod:`exports.cells`.

>>> DOCUMENTS["network"].file_name("xlsx"), DOCUMENTS["network"].mime("xlsx")[:27]
('netzwerk.xlsx', 'application/vnd.openxmlform')
>>> sorted(DOCUMENTS)
['classes', 'network', 'projects', 'recipe', 'recipe_compare', 'recipe_network', 'selection', 'view']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DOCUMENTS", "MIME", "Document"]

# extension -> media type
MIME: Mapping[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "pdf": "application/pdf",
    "png": "image/png",
    "html": "text/html",
}


@dataclass(frozen=True)
class Document:
    """One kind of document: its file name stem (German, as the users save it) and its formats."""

    key: str
    stem: str
    formats: tuple[str, ...]
    about: str  # what it holds (for maintainers)

    def file_name(self, extension: str, suffix: str = "") -> str:
        """``auswahl.csv``; ``suffix`` for one of several (``rezept_<id>.csv``)."""
        if extension not in self.formats:
            raise ValueError(f"{self.key}: no format {extension!r}; valid: {', '.join(self.formats)}")
        return f"{self.stem}{'_' + suffix if suffix else ''}.{extension}"

    def mime(self, extension: str) -> str:
        return MIME[extension]


DOCUMENTS: Mapping[str, Document] = {
    d.key: d
    for d in (
        Document("selection", "auswahl", ("csv", "xlsx", "geojson", "pdf"),
                 "a selection of areas with its decision record (exports.tabular, geojson, pdf)"),
        Document("network", "netzwerk", ("png", "pdf", "xlsx"),
                 "one indicator compared across the municipalities of the network (exports.network)"),
        Document("projects", "projekte", ("csv", "xlsx", "geojson"),
                 "the integration projects shown (exports.cells, geo.domain.integration_projects)"),
        Document("view", "ankunftsatlas-ansicht", ("html", "png"),
                 "the map as shown, with legend and sources (ui.views.mapside)"),
        Document("classes", "status-dynamik-index", ("csv",),
                 "status and dynamics classes of every area, with the method (ui.views.statussection)"),
        Document("recipe", "rezept", ("csv",), "one recipe's result per area (ui.views.recipesection)"),
        Document("recipe_compare", "rezepte_vergleich", ("csv",), "recipes compared (ui.views.recipesection)"),
        Document("recipe_network", "netzwerk_rezept", ("csv",), "one recipe across the network (ui.views.recipe_network)"),
    )
}
