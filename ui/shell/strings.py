"""Every user-facing string, German first, English second. One table, no literals in pages."""

from __future__ import annotations

__all__ = ["LANGUAGES", "SCHEME_KEYS", "STRINGS", "t", "tmd", "tn"]

LANGUAGES = {"de": "Deutsch", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"de": "Ankunftsatlas", "en": "Ankunftsatlas"},
    "language": {"de": "Sprache / Language", "en": "Sprache / Language"},
    "page_map": {"de": "Karte", "en": "Map"},
    "page_data": {"de": "Daten und Quellen", "en": "Data and sources"},
    "indicator": {"de": "Indikator", "en": "Indicator"},
    "scheme": {"de": "Klassifikation", "en": "Classification"},
    "scheme_quantiles": {"de": "Quantile", "en": "Quantiles"},
    "scheme_equal_interval": {"de": "Gleiche Intervalle", "en": "Equal interval"},
    "scheme_fisher_jenks": {"de": "Natürliche Brüche (Fisher-Jenks)", "en": "Natural breaks (Fisher-Jenks)"},
    "scheme_std_mean": {"de": "Mittelwert ± Standardabweichung", "en": "Mean ± standard deviation"},
    "scheme_manual": {"de": "Manuelle Grenzen", "en": "Manual breaks"},
    "classes": {"de": "Anzahl Klassen", "en": "Number of classes"},
    "palette": {"de": "Farbskala (farbenblind-sicher)", "en": "Colour scheme (colour-blind safe)"},
    "manual_bins": {
        "de": "Obergrenzen, durch Semikolon getrennt (z. B. 8; 12; 16)",
        "en": "Upper bounds, separated by semicolons (e.g. 8; 12; 16)",
    },
    "manual_bins_bad": {
        "de": "Die Grenzen „{text}“ sind nicht lesbar; es gelten die zuletzt gültigen Grenzen.",
        "en": "The bounds '{text}' cannot be read; the last valid bounds stay in force.",
    },
    "number_between": {"de": "Bitte eine Zahl von {low} bis {high} eingeben.", "en": "Please enter a number from {low} to {high}."},
    "number_at_least": {"de": "Bitte eine Zahl ab {low} eingeben.", "en": "Please enter a number of at least {low}."},
    "number_at_most": {"de": "Bitte eine Zahl bis {high} eingeben.", "en": "Please enter a number of at most {high}."},
    "number_kept": {
        "de": "{message} Es gilt weiter {value}.",
        "en": "{message} {value} stays in force.",
    },
    "number_cell_ignored": {
        "de": "{row}: {message} Die Zeile bleibt unberücksichtigt.",
        "en": "{row}: {message} The row is left out.",
    },
    "number_cell_kept": {
        "de": "{row}: {message} Es gilt weiter {value}.",
        "en": "{row}: {message} {value} stays in force.",
    },
    "upload_limit": {"de": "höchstens {mb} MB je Datei · {types}", "en": "at most {mb} MB per file · {types}"},
    "upload_button": {"de": "Datei wählen", "en": "Browse files"},
    "choose_options": {"de": "Bitte wählen", "en": "Choose options"},
    "selection_placeholder": {"de": "Gebiete wählen", "en": "Choose areas"},
    "number_hint": {"de": "Dezimalkomma, z. B. 1,3", "en": "Decimal point, e.g. 1.3"},
    "numbers_increasing": {
        "de": "Bitte mindestens eine Grenze angeben, aufsteigend, z. B. „8; 12,5; 16“.",
        "en": "Please give at least one bound, increasing, e.g. '8; 12.5; 16'.",
    },
    "std_fewer_classes": {
        "de": "Mittelwert ± Standardabweichung ergibt hier {k} statt {requested} Klassen: Die Werte reichen nur "
        "von {low} bis {high} Standardabweichungen um den Mittelwert, und Klassen ohne mögliche Gebiete "
        "werden weggelassen, auch in Schritten einer halben Standardabweichung. Für {requested} Klassen "
        "eignen sich Quantile oder natürliche Brüche.",
        "en": "Mean ± standard deviation gives {k} instead of {requested} classes here: the values only reach "
        "from {low} to {high} standard deviations around the mean, and classes that no area can fall in are "
        "left out, also in steps of half a standard deviation. For {requested} classes use quantiles or "
        "natural breaks.",
    },
    "std_half_step": {
        "de": "Klassenbreite eine halbe Standardabweichung: Die Werte reichen nur von {low} bis {high} "
        "Standardabweichungen um den Mittelwert, mit ganzen Standardabweichungen lägen Klassen außerhalb der Werte.",
        "en": "Class width half a standard deviation: the values only reach from {low} to {high} standard "
        "deviations around the mean; whole standard deviations would put classes outside the values.",
    },
    "fewer_classes": {
        "de": "{k} statt {requested} Klassen: Es gibt nur so viele verschiedene Werte.",
        "en": "{k} instead of {requested} classes: there are only so many distinct values.",
    },
    "legend": {"de": "Legende", "en": "Legend"},
    "legend_count": {"de": "Gebiete", "en": "areas"},
    "legend_count_one": {"de": "Gebiet", "en": "area"},
    "legend_basis": {
        "de": "Klassen berechnet auf den {n} Gebieten der Statistik; dieselben Klassen färben Karte und Kachelkarte.",
        "en": "Classes computed on the {n} statistical areas; the same classes colour the map and the tile map.",
    },
    "legend_no_data": {"de": "keine Daten", "en": "no data"},
    "legend_above_top": {
        "de": "{units}: Summe mehrerer Gebiete, liegt über der obersten Klasse und ist in ihr dargestellt.",
        "en": "{units}: sum of several areas, above the top class and shown in it.",
    },
    # Raw count columns of the statistics, named for formulas on screen (ui/widgets/formulas.py).
    "raw_foreigners": {"de": "Ausländerinnen und Ausländer", "en": "foreign residents"},
    "raw_residents": {"de": "Einwohnerinnen und Einwohner", "en": "residents"},
    "raw_foreigners_u30": {"de": "Ausländerinnen und Ausländer unter 30", "en": "foreign residents under 30"},
    "raw_residents_u30": {"de": "Einwohnerinnen und Einwohner unter 30", "en": "residents under 30"},
    "raw_projects": {"de": "Integrationsprojekte", "en": "integration projects"},
    "derived_note": {
        "de": "Abgeleiteter Wert: {formula}; enthält den Rundungsfehler der veröffentlichten Anteile.",
        "en": "Derived value: {formula}; carries the rounding error of the published shares.",
    },
    "map_help": {
        "de": "Klicken Sie auf ein Gebiet, um seine Werte zu sehen. Verschieben und Zoomen bleiben im Browser.",
        "en": "Click an area to see its values. Panning and zooming stay in the browser.",
    },
    "no_boundaries": {
        "de": "Die amtlichen Grenzen sind nicht geladen, daher fehlt die Karte. So laden Sie sie: "
        "`make setup` (lädt sie von der in data/sources.toml genannten Quelle) oder ohne Internet "
        "`ANKUNFTSATLAS_MIRROR=<Ordner mit {filename}>` setzen. Die Kachelkarte unten zeigt alle Gebiete.",
        "en": "The official boundaries are not loaded, so the map is missing. To load them run "
        "`make setup` (downloads them from the source named in data/sources.toml) or, offline, set "
        "`ANKUNFTSATLAS_MIRROR=<folder holding {filename}>`. The tile map below shows all areas.",
    },
    "boundary_problem": {"de": "Problem mit den Grenzen: {message}", "en": "Problem with the boundaries: {message}"},
    "no_assets": {
        "de": "Die Kartenbibliothek Leaflet ist nicht installiert (static/vendor fehlt). Bitte `make setup` ausführen.",
        "en": "The Leaflet map library is not installed (static/vendor missing). Please run `make setup`.",
    },
    "unmatched": {
        "de": "Ohne Zuordnung: {names}. Diese Gebiete erscheinen ohne Daten.",
        "en": "Not matched: {names}. These areas are shown without data.",
    },
    "tile_heading": {"de": "Kachelkarte (schematisch)", "en": "Tile map (schematic)"},
    "tile_note": {
        "de": "Schematische Darstellung: jedes der {n} Gebiete als gleich große Kachel, grob nach Nachbarschaft "
        "angeordnet. Lage und Größe sind nicht maßstäblich.",
        "en": "Schematic: each of the {n} areas as an equal tile, placed in rough neighbourhood order. "
        "Position and size are not to scale.",
    },
    "tile_title": {"de": "Kachelkarte – schematisch, nicht maßstäblich", "en": "Tile map – schematic, not to scale"},
    "details_heading": {"de": "Details: {name}", "en": "Details: {name}"},
    "details_pick": {"de": "Gebiet für Details", "en": "Area for details"},
    "details_none": {"de": "– kein Gebiet gewählt –", "en": "– no area selected –"},
    "details_members": {"de": "Enthaltene Stadtteile", "en": "Districts contained"},
    "col_indicator": {"de": "Indikator", "en": "Indicator"},
    "col_value": {"de": "Wert", "en": "Value"},
    "col_rank": {"de": "Rang unter Kartengebieten", "en": "Rank among map areas"},
    "col_rank_areas": {"de": "Rang unter allen Gebieten", "en": "Rank among all areas"},
    "col_city": {"de": "Gesamtstadt", "en": "Whole city"},
    "col_source": {"de": "Quelle", "en": "Source"},
    "col_name": {"de": "Gebiet", "en": "Area"},
    "col_name_original": {"de": "Schreibweise im Original", "en": "Original spelling"},
    "col_part": {"de": "Teil von", "en": "Part of"},
    "col_kind": {"de": "Art", "en": "Kind"},
    "col_unit": {"de": "Einheit", "en": "Unit"},
    "col_year": {"de": "Jahr", "en": "Year"},
    "col_formula": {"de": "Berechnung", "en": "Computation"},
    "kind_count": {"de": "Anzahl", "en": "count"},
    "kind_share": {"de": "Anteil", "en": "share"},
    "sources_heading": {"de": "Quellen, Stand und Lizenzen", "en": "Sources, dates and licences"},
    "source_statistics": {
        "de": "**Statistik:** {title}. Quelle: {source}. Stand: {date}. {licence}",
        "en": "**Statistics:** {title}. Source: {source}. Date: {date}. {licence}",
    },
    "source_boundaries": {
        "de": "**Grenzen:** {title}. Quelle: {attribution} ({page}). {licence}. Für die Anzeige vereinfacht "
        "(höchstens {error} m Abweichung, ohne Lücken oder Überlappungen).",
        "en": "**Boundaries:** {title}. Source: {attribution} ({page}). {licence}. Simplified for display "
        "(at most {error} m deviation, no gaps or overlaps).",
    },
    "source_boundaries_missing": {
        "de": "**Grenzen:** nicht geladen.",
        "en": "**Boundaries:** not loaded.",
    },
    "source_tiles": {
        "de": "**Hintergrundkarte:** {label}, {attribution}",
        "en": "**Basemap:** {label}, {attribution}",
    },
    "source_tiles_off": {
        "de": "**Hintergrundkarte:** aus (keine Anfragen an fremde Server).",
        "en": "**Basemap:** off (no requests to third-party servers).",
    },
    "source_tilemap": {
        "de": "**Kachelkarte:** eigene schematische Anordnung, keine Geodaten.",
        "en": "**Tile map:** our own schematic layout, not geodata.",
    },
    "data_heading": {"de": "Alle Gebiete", "en": "All areas"},
    "indicators_heading": {"de": "Indikatoren", "en": "Indicators"},
    "join_heading": {"de": "Zuordnung Statistik ↔ Grenzen", "en": "Matching statistics ↔ boundaries"},
    "join_summary": {
        "de": "{matched} von {total} Kartengebieten zugeordnet ({fuzzy} unscharf).",
        "en": "{matched} of {total} map areas matched ({fuzzy} fuzzy).",
    },
    "city_row": {"de": "Gesamtstadt", "en": "Whole city"},
    "page_compare": {"de": "Vergleich", "en": "Comparison"},
    "compare_help": {
        "de": "Je Zelle: Wert · Rang unter allen {n} Gebieten (1 = höchster Wert) · Abweichung vom Stadtwert "
        "(Anteile in Prozentpunkten, Anzahlen als Teil der Gesamtstadt). „Auswahl gesamt“: Anzahlen summiert, "
        "Anteile aus den Anzahlen neu berechnet.",
        "en": "Each cell: value · rank among all {n} areas (1 = highest) · deviation from the city (shares in "
        "percentage points, counts as part of the city total). 'Selection total': counts summed, shares "
        "recomputed from counts.",
    },
    "compare_total_note": {
        "de": "„{label}“ lässt sich für mehrere Gebiete zusammen nicht berechnen (Zählwerte nicht "
        "veröffentlicht) und bleibt dort leer.",
        "en": "'{label}' cannot be computed for several areas together (counts not published) and stays "
        "empty there.",
    },
    "page_screening": {"de": "Screening", "en": "Screening"},
    "screening_help": {
        "de": "Bedingungen an Indikatoren; „× Stadtwert“ macht den Schwellenwert relativ (1,2 = 20 % über dem "
        "Stadtwert). Gebiete ohne Wert erfüllen keine Bedingung und werden genannt.",
        "en": "Conditions on indicators; '× city value' makes the threshold relative (1.2 = 20 % above the "
        "city). Areas without a value meet no condition and are named.",
    },
    "screening_op": {"de": "Vergleich", "en": "Comparison"},
    "screening_threshold": {"de": "Schwellenwert", "en": "Threshold"},
    "screening_relative": {"de": "× Stadtwert", "en": "× city value"},
    "screening_combine": {"de": "Bedingungen verknüpfen", "en": "Combine conditions"},
    "screening_and": {"de": "UND", "en": "AND"},
    "screening_or": {"de": "ODER", "en": "OR"},
    "screening_result": {"de": "{n} von {total} Gebieten erfüllen die Bedingungen", "en": "{n} of {total} areas meet the conditions"},
    "screening_result_one": {"de": "1 von {total} Gebieten erfüllt die Bedingungen", "en": "1 of {total} areas meets the conditions"},
    "screening_row": {"de": "Bedingung {n}", "en": "Condition {n}"},
    "screening_unknown": {"de": "Ohne Wert (nicht bewertbar): {names}", "en": "Without a value (not assessable): {names}"},
    "screening_hit": {"de": "erfüllt", "en": "meets"},
    "screening_miss": {"de": "erfüllt nicht", "en": "does not meet"},
    "screening_take": {"de": "Treffer in die Auswahl übernehmen", "en": "Add the matches to the selection"},
    "screening_taken": {"de": "{n} Gebiete in die Auswahl übernommen.", "en": "{n} areas added to the selection."},
    "screening_taken_one": {"de": "1 Gebiet in die Auswahl übernommen.", "en": "1 area added to the selection."},
    "page_ranking": {"de": "Rangfolge und Typen", "en": "Ranking and types"},
    "ranking_help": {
        "de": "Zusammengesetzter Index nach Art des Berliner Monitorings Soziale Stadtentwicklung: Indikatoren "
        "z-standardisiert, mit Richtung und Gewicht summiert. Rang 1 = höchster Handlungsbedarf.",
        "en": "Composite index in the manner of Berlin's social monitoring: indicators z-standardised, combined "
        "with direction and weight. Rank 1 = highest need.",
    },
    "ranking_weight": {"de": "Gewicht", "en": "Weight"},
    "ranking_direction": {"de": "Richtung", "en": "Direction"},
    "ranking_up": {"de": "höher = mehr Bedarf", "en": "higher = more need"},
    "ranking_down": {"de": "niedriger = mehr Bedarf", "en": "lower = more need"},
    "ranking_top_k": {"de": "Spitzengruppe (Top k)", "en": "Top group (k)"},
    "ranking_spread": {"de": "Gewichte variieren um ±", "en": "Vary weights by ±"},
    "ranking_draws": {"de": "{draws} Zufallsziehungen, fester Seed {seed} (reproduzierbar)", "en": "{draws} random draws, fixed seed {seed} (reproducible)"},
    "ranking_rank": {"de": "Rang", "en": "Rank"},
    "ranking_index": {"de": "Index", "en": "Index"},
    "ranking_stability": {"de": "in Top {k} (Anteil der Gewichtungen)", "en": "in top {k} (share of weightings)"},
    "ranking_method": {"de": "Methode und Gewichte", "en": "Method and weights"},
    "ranking_method_note": {
        "de": "z = (Wert − Mittel) ÷ Standardabweichung über alle Gebiete; Gewichte auf Summe 1 normiert. "
        "Stabilität: jedes Gewicht unabhängig um bis zu ±{spread} % verändert, {draws} Ziehungen, Seed {seed}; "
        "angegeben ist, wie oft ein Gebiet unter den ersten {k} bleibt.",
        "en": "z = (value − mean) ÷ standard deviation over all areas; weights normalised to sum 1. Stability: "
        "each weight varied independently by up to ±{spread} %, {draws} draws, seed {seed}; shown is how often an "
        "area stays among the first {k}.",
    },
    "ranking_excluded": {"de": "Ohne vollständige Werte, nicht gerankt: {names}", "en": "Incomplete values, not ranked: {names}"},
    "ranking_take": {"de": "Top {k} in die Auswahl übernehmen", "en": "Add the top {k} to the selection"},
    # --- Status-Dynamik-Index (issue 16) ---------------------------------------------
    "sdi_heading": {"de": "Status-Dynamik-Index", "en": "Status and dynamics index"},
    "sdi_help": {
        "de": "Wie im Monitoring Soziale Stadtentwicklung: z-Werte der oben gewählten Indikatoren (mit Richtung und "
        "Gewicht) summiert und erneut standardisiert; vier Statusklassen, drei Dynamikklassen aus der Veränderung, "
        "zusammen zwölf Gruppen (z. B. „2-“ = Status mittel, Dynamik negativ). Gebiete unter der Mindesteinwohnerzahl "
        "sind „ungültig“ und zählen bei der Standardisierung nicht mit.",
        "en": "As in Berlin's social monitoring (MSS): z-scores of the indicators chosen above (with direction and "
        "weight) summed and standardised again; four status classes, three dynamics classes from the change, twelve "
        "groups together (e.g. '2-' = status medium, dynamics negative). Areas below the minimum number of residents "
        "are 'ungültig' (invalid) and left out of the standardisation.",
    },
    "sdi_dynamics_source": {"de": "Dynamik aus", "en": "Dynamics from"},
    "sdi_source_years": {"de": "Veränderung seit einem Jahr", "en": "Change since a year"},
    "sdi_source_changes": {"de": "Veränderungsindikatoren", "en": "Change indicators"},
    "sdi_source_none": {"de": "keine Dynamik", "en": "no dynamics"},
    "sdi_from_year": {"de": "Ausgangsjahr", "en": "Start year"},
    "sdi_no_years": {
        "de": "Die gewählten Indikatoren haben keine früheren Jahre (lange Tabelle mit Jahresangabe nötig).",
        "en": "The chosen indicators have no earlier years (a long table with years is needed).",
    },
    "sdi_changes": {"de": "Veränderungsindikatoren (Anstieg = negative Dynamik)", "en": "Change indicators (increase = negative dynamics)"},
    "sdi_changes_reverse": {"de": "Davon Anstieg = positive Dynamik", "en": "Of these, increase = positive dynamics"},
    "sdi_residents": {"de": "Einwohnerzahl für die Mindestgröße", "en": "Residents for the minimum size"},
    "sdi_no_residents": {"de": "keine (nicht prüfen)", "en": "none (do not check)"},
    "sdi_cuts": {"de": "Grenzwerte und Mindestgröße", "en": "Cut-offs and minimum size"},
    "sdi_status_cuts": {
        "de": "Status: hoch < a ≤ mittel ≤ b < niedrig ≤ c < sehr niedrig (a; b; c)",
        "en": "Status: high < a ≤ medium ≤ b < low ≤ c < very low (a; b; c)",
    },
    "sdi_dynamics_cuts": {
        "de": "Dynamik: positiv < a ≤ stabil ≤ b < negativ (a; b)",
        "en": "Dynamics: positive < a ≤ stable ≤ b < negative (a; b)",
    },
    "sdi_min_residents": {"de": "Mindesteinwohnerzahl", "en": "Minimum residents"},
    "sdi_sd": {"de": "Standardabweichung", "en": "Standard deviation"},
    "sdi_sd_population": {"de": "Grundgesamtheit", "en": "population"},
    "sdi_sd_sample": {"de": "Stichprobe", "en": "sample"},
    "compare_classes_note": {
        "de": "Status, Dynamik und Status-Dynamik-Index wie auf der Seite Rangfolge eingestellt (über alle Gebiete "
        "berechnet, nicht nur über die Auswahl).",
        "en": "Status, dynamics and status-dynamics index as set on the ranking page (computed over all areas, "
        "not only the selection).",
    },
    "sel_exports_classes": {
        "de": "Die Exporte enthalten Status, Dynamik und Status-Dynamik-Index wie auf der Seite Rangfolge eingestellt, "
        "mit Methode.",
        "en": "The exports carry status, dynamics and status-dynamics index as set on the ranking page, with the method.",
    },
    "map_sdi": {"de": "Status-Dynamik-Klassen zeigen", "en": "Show status-dynamics classes"},
    "map_sdi_help": {
        "de": "Karte und Kachelkarte zeigen die 12 Klassen des Status-Dynamik-Index, wie auf der Seite Rangfolge "
        "eingestellt, statt des Indikators.",
        "en": "Map and tile map show the 12 classes of the status-dynamics index as set on the ranking page instead "
        "of the indicator.",
    },
    "map_sdi_note": {
        "de": "Klassen wie auf der Seite Rangfolge eingestellt; Methode und Tabelle dort.",
        "en": "Classes as set on the ranking page; method and table there.",
    },
    "sdi_change_of": {"de": "Veränderung {label}", "en": "Change {label}"},
    "sdi_status_index": {"de": "Statusindex", "en": "Status index"},
    "sdi_status_class": {"de": "Status", "en": "Status"},
    "sdi_dynamics_index": {"de": "Dynamikindex", "en": "Dynamics index"},
    "sdi_dynamics_class": {"de": "Dynamik", "en": "Dynamics"},
    "sdi_code": {"de": "Status-Dynamik", "en": "Status-dynamics"},
    "sdi_method": {"de": "Methode", "en": "Method"},
    "sdi_download": {"de": "Klassen als CSV (mit Methode)", "en": "Classes as CSV (with method)"},
    "sdi_legend": {"de": "Legende: Status (Zeilen) × Dynamik (Spalten), Anzahl Gebiete", "en": "Legend: status (rows) × dynamics (columns), number of areas"},
    "sdi_legend_status": {"de": "Legende: Statusklassen, Anzahl Gebiete", "en": "Legend: status classes, number of areas"},
    "sdi_status_dynamics": {"de": "Status \\ Dynamik", "en": "Status \\ dynamics"},
    "types_heading": {"de": "Quartierstypen", "en": "Quarter types"},
    "types_help": {
        "de": "Gebiete mit ähnlichem Profil, gebildet durch Ward-Clustering der z-Werte der gewählten Indikatoren "
        "(deterministisch). Typ 1 hat den höchsten mittleren Index. Profil = mittlere z-Werte je Typ.",
        "en": "Areas with similar profiles, by Ward clustering of the z-scores of the chosen indicators "
        "(deterministic). Type 1 has the highest mean index. Profile = mean z-scores per type.",
    },
    "types_count": {"de": "Anzahl Typen", "en": "Number of types"},
    "types_areas": {"de": "Gebiete", "en": "Areas"},
    "page_selections": {"de": "Auswahl speichern und exportieren", "en": "Save and export the selection"},
    "sel_current": {"de": "Aktuelle Auswahl", "en": "Current selection"},
    "sel_empty": {
        "de": "Die Auswahl ist leer: Gebiete auf der Karte, in der Kachelkarte, im Screening, in der Rangfolge "
        "oder in der Liste links wählen.",
        "en": "The selection is empty: pick areas on the map, the tile map, in screening, ranking or the list.",
    },
    "sel_area_rationale": {"de": "Begründung für dieses Gebiet", "en": "Rationale for this area"},
    "sel_method": {"de": "Methode", "en": "Method"},
    "sel_name": {"de": "Name der Auswahl", "en": "Name of the selection"},
    "sel_author": {"de": "Autorin/Autor", "en": "Author"},
    "sel_rationale": {"de": "Begründung der Auswahl", "en": "Rationale for the selection"},
    "sel_save": {"de": "Speichern (neue Version)", "en": "Save (new version)"},
    "sel_saved": {"de": "Gespeichert: „{name}“, Version {version}.", "en": "Saved: '{name}', version {version}."},
    "sel_unnamed": {"de": "Auswahl ohne Namen", "en": "Unnamed selection"},
    "sel_exports": {"de": "Exportieren (mit Quellen, Stand, Methode)", "en": "Export (with sources, date, method)"},
    "sel_saved_heading": {"de": "Gespeicherte Auswahlen", "en": "Saved selections"},
    "sel_none_saved": {"de": "Noch keine Auswahl gespeichert.", "en": "No selection saved yet."},
    "sel_version": {"de": "Version", "en": "Version"},
    "sel_when": {"de": "Gespeichert", "en": "Saved"},
    "sel_open": {"de": "Auswahl ansehen", "en": "View selection"},
    "sel_latest": {"de": "aktuell", "en": "current"},
    "sel_version_meta": {"de": "von {author}, {when}", "en": "by {author}, {when}"},
    "sel_restored_from": {"de": "wiederhergestellt aus Version {v}", "en": "restored from version {v}"},
    "sel_load": {"de": "Als aktuelle Auswahl laden", "en": "Load as current selection"},
    "sel_restore": {"de": "Diese Version wiederherstellen", "en": "Restore this version"},
    "public_intro_heading": {"de": "Worum geht es?", "en": "What is this about?"},
    "public_intro": {
        "de": "Diese Karte zeigt, in welchen Stadtteilen besonders viele Menschen mit ausländischer "
        "Staatsangehörigkeit leben. Solche *Ankunftsquartiere* sind oft die ersten Wohnorte von Zugewanderten; "
        "die Stadt plant dort gezielt Angebote für das Zusammenleben. Die Zahlen stammen aus der amtlichen "
        "Statistik (Quelle und Stand stehen unten auf der Seite). Zum Schutz der Privatsphäre werden sehr kleine "
        "Zahlen und Gebiete mit wenigen Einwohnerinnen und Einwohnern nicht gezeigt. Die Farben teilen die Gebiete "
        "in Gruppen ein, von wenig (hell) bis viel (dunkel); die Legende nennt die Grenzen.",
        "en": "This map shows in which districts many people with a foreign citizenship live. Such *arrival "
        "quarters* are often the first homes of newcomers; the city plans services for living together there. "
        "The figures come from official statistics (source and date at the bottom of the page). To protect "
        "privacy, very small numbers and areas with few residents are not shown. The colours group the areas from "
        "few (light) to many (dark); the legend gives the bounds.",
    },
    "scheme_help": {
        "de": "Wie die Gebiete in Farbgruppen eingeteilt werden. Quantile: jede Gruppe hat etwa gleich viele Gebiete. "
        "Gleiche Intervalle: jede Gruppe deckt eine gleich breite Wertespanne ab. Natürliche Brüche: Grenzen dort, "
        "wo die Werte große Sprünge machen. Mittelwert ± Standardabweichung: Gruppen nach dem Abstand vom "
        "Durchschnitt. Manuell: eigene Grenzen.",
        "en": "How areas are grouped into colours. Quantiles: each group holds about as many areas. Equal interval: "
        "each group spans an equally wide range of values. Natural breaks: bounds where the values jump. Mean ± "
        "standard deviation: groups by distance from the average. Manual: your own bounds.",
    },
    "ranking_jargon": {
        "de": "z-Wert: wie weit ein Gebiet vom Durchschnitt aller Gebiete entfernt liegt, gemessen in "
        "Standardabweichungen (0 = Durchschnitt, +1 = deutlich darüber). Index: die gewichtete Summe dieser "
        "z-Werte. Ward-Verfahren: fasst Gebiete mit ähnlichem Profil schrittweise zu Typen zusammen.",
        "en": "z-score: how far an area lies from the average of all areas, in standard deviations (0 = average, "
        "+1 = clearly above). Index: the weighted sum of these z-scores. Ward's method: joins areas with similar "
        "profiles step by step into types.",
    },
    "legend_areas": {"de": "{n} Gebiete", "en": "{n} areas"},
    "legend_areas_one": {"de": "1 Gebiet", "en": "1 area"},
    "legend_mixed": {
        "de": "grau: Einheit, deren Stadtteile verschiedenen Gruppen angehören (Einzelheiten im Tooltip)",
        "en": "grey: a unit whose districts belong to different groups (details in the tooltip)",
    },
    "legend_outlines": {
        "de": "Dicke Umrandung: ausgewählt; gestrichelt: nur einzelne Stadtteile der Einheit ausgewählt.",
        "en": "Thick outline: selected; dashed: only some districts of the unit selected.",
    },
    "map_labels": {"de": "Gebietsnamen auf der Karte zeigen", "en": "Show area names on the map"},
    "page_selections_public": {"de": "Auswahl ansehen und exportieren", "en": "View and export the selection"},
    "sel_loaded": {"de": "Geladen: „{name}“, Version {version}.", "en": "Loaded: '{name}', version {version}."},
    "sel_exports_version": {
        "de": "Die Dokumente geben die gespeicherte Version {version} wieder.",
        "en": "The documents show the saved version {version}.",
    },
    "sel_exports_draft": {
        "de": "Die Dokumente geben den Entwurf wieder, wie er oben steht (noch nicht gespeichert).",
        "en": "The documents show the draft as typed above (not saved yet).",
    },
    "sel_db_unavailable": {
        "de": "Die gespeicherten Auswahlen können gerade nicht gelesen werden (Datenbank nicht erreichbar).",
        "en": "The saved selections cannot be read right now (database not available).",
    },
    "db_error": {
        "de": "Die Datenbank hat das Speichern abgelehnt; nichts wurde geändert. Bitte die Verwaltung informieren.",
        "en": "The database refused to save; nothing was changed. Please tell the administrator.",
    },
    "url_bad_param": {
        "de": "Der Link enthält einen ungültigen oder veralteten Wert für „{name}“ ({value}); es gilt die Voreinstellung.",
        "en": "The link has an invalid or outdated value for '{name}' ({value}); the default is used.",
    },
    "present_enter": {"de": "Präsentationsansicht", "en": "Presentation view"},
    "present_exit": {"de": "Präsentation beenden", "en": "Leave presentation"},
    # --- issue 22 (h22b): the chosen quarters in the presentation view ---
    "present_quarter": {"de": "Selbst abgegrenztes Quartier (Umriss)", "en": "Self-drawn quarter (outline)"},
    "present_tiles": {"de": "Ausgewählte Stadtteile ohne eigene Grenze (✓)",
                      "en": "Selected districts without an own boundary (✓)"},
    # --- end issue 22 (h22b) ---
    "export_html": {"de": "Ansicht als HTML (offline)", "en": "View as HTML (offline)"},
    "export_png": {"de": "Ansicht als PNG (Folie)", "en": "View as PNG (slide)"},
    "suppressed": {
        "de": "Datenschutz (öffentliche Ansicht): Werte ausgeblendet für {details}.",
        "en": "Privacy (public view): figures hidden for {details}.",
    },
    "public_badge": {"de": "Öffentliche Ansicht – nur lesen", "en": "Public view – read only"},
    "public_no_saving": {
        "de": "In der öffentlichen Ansicht kann nichts gespeichert oder geändert werden.",
        "en": "Nothing can be saved or changed in the public view.",
    },
    "page_projects": {"de": "Projekte", "en": "Projects"},
    "proj_sign_in": {"de": "Anmelden zum Bearbeiten", "en": "Sign in to edit"},
    "proj_user": {"de": "Name", "en": "Name"},
    "proj_password": {"de": "Passwort", "en": "Password"},
    "proj_sign_in_button": {"de": "Anmelden", "en": "Sign in"},
    "proj_sign_in_failed": {"de": "Name oder Passwort falsch.", "en": "Wrong name or password."},
    "proj_no_editors": {
        "de": "Es sind keine Bearbeiterinnen/Bearbeiter eingerichtet (ANKUNFTSATLAS_EDITORS oder Streamlit-Secrets; "
        "Hash erzeugen mit `python -m storage.auth NAME`).",
        "en": "No editors are configured (ANKUNFTSATLAS_EDITORS or Streamlit secrets; create a hash with "
        "`python -m storage.auth NAME`).",
    },
    "proj_signed_in": {"de": "Angemeldet als {name}", "en": "Signed in as {name}"},
    "proj_sign_out": {"de": "Abmelden", "en": "Sign out"},
    "proj_filter_field": {"de": "Themenfelder", "en": "Themenfelder"},
    "proj_filter_status": {"de": "Status", "en": "Status"},
    "proj_status_all": {"de": "alle", "en": "all"},
    "proj_status_running": {"de": "laufend", "en": "running"},
    "proj_status_ended": {"de": "beendet", "en": "ended"},
    "proj_empty": {
        "de": "Noch keine Projekte erfasst. Angemeldete Bearbeiter fügen Projekte per Klick auf die Karte oder mit "
        "Koordinaten hinzu, oder importieren eine CSV-/XLSX-Tabelle.",
        "en": "No projects yet. Signed-in editors add projects by clicking the map or typing coordinates, or import "
        "a CSV/XLSX table.",
    },
    "proj_map_help": {
        "de": "Punkte nach Themenfeld gefärbt (blass: beendet), bei vielen Projekten gebündelt. Angemeldet: ein Klick "
        "auf die Karte setzt die Koordinaten für ein neues Projekt.",
        "en": "Points coloured by Themenfeld (pale: ended), clustered when dense. Signed in: a click on the map sets "
        "the coordinates of a new project.",
    },
    "proj_per_district": {"de": "Projekte je Gebiet ({units})", "en": "Projects per area ({units})"},
    "proj_district": {"de": "Gebiet", "en": "Area"},
    "yes": {"de": "ja", "en": "yes"},
    "no": {"de": "nein", "en": "no"},
    "proj_add": {"de": "Projekt hinzufügen", "en": "Add a project"},
    "proj_add_help": {
        "de": "Die Adresse wird als Text gespeichert; die Lage kommt aus dem Kartenklick oder den Koordinaten.",
        "en": "The address is kept as text; the location comes from the map click or the coordinates.",
    },
    "proj_name": {"de": "Projektname", "en": "Project name"},
    "proj_provider": {"de": "Träger", "en": "Provider"},
    "proj_field": {"de": "Themenfeld", "en": "Themenfeld"},
    "proj_address": {"de": "Adresse", "en": "Address"},
    "proj_lat": {"de": "Breite (lat)", "en": "Latitude"},
    "proj_lon": {"de": "Länge (lon)", "en": "Longitude"},
    "proj_start": {"de": "Beginn", "en": "Start"},
    "proj_end": {"de": "Ende", "en": "End"},
    "proj_url": {"de": "Link (https://…)", "en": "Link (https://…)"},
    "proj_tags": {"de": "Maßnahmen/Handlungsfelder (Stichworte)", "en": "Measures (tags)"},
    "proj_description": {"de": "Kurzbeschreibung", "en": "Short description"},
    "proj_public": {"de": "öffentlich sichtbar", "en": "publicly visible"},
    "proj_save_new": {"de": "Projekt speichern", "en": "Save project"},
    "proj_saved": {"de": "Gespeichert: „{name}“.", "en": "Saved: '{name}'."},
    "proj_edit": {"de": "Projekt bearbeiten, beenden oder löschen", "en": "Edit, end or delete a project"},
    "proj_pick": {"de": "Projekt", "en": "Project"},
    "proj_save": {"de": "Änderungen speichern", "en": "Save changes"},
    "proj_end_today": {"de": "Heute beenden", "en": "End today"},
    "proj_delete": {"de": "Löschen", "en": "Delete"},
    "proj_import": {"de": "Projekte importieren", "en": "Import projects"},
    "proj_import_help": {
        "de": "CSV (Semikolon oder Komma, UTF-8 oder Windows-1252) oder XLSX mit den Spalten name, themenfeld, lat, "
        "lon und optional provider, address, start_date, end_date, url, tags, description, public.",
        "en": "CSV (semicolon or comma, UTF-8 or Windows-1252) or XLSX with the columns name, themenfeld, lat, lon "
        "and optionally provider, address, start_date, end_date, url, tags, description, public.",
    },
    "proj_import_ready": {"de": "{n} Projekte aus {file} geprüft.", "en": "{n} projects from {file} checked."},
    "proj_import_button": {"de": "Alle importieren", "en": "Import all"},
    "proj_imported": {"de": "{n} Projekte importiert.", "en": "{n} projects imported."},
    "proj_audit": {"de": "Änderungsprotokoll", "en": "Audit log"},
    "dataset": {"de": "Datensatz", "en": "Dataset"},
    "year": {"de": "Jahr", "en": "Year"},
    "page_upload": {"de": "Daten importieren", "en": "Import data"},
    "datasets_heading": {"de": "Datensätze und Herkunft", "en": "Datasets and provenance"},
    "datasets_files": {"de": "Dateien", "en": "Files"},
    "datasets_when": {"de": "Importiert", "en": "Imported"},
    "datasets_who": {"de": "von", "en": "by"},
    "datasets_remove_pick": {"de": "Importierten Datensatz entfernen", "en": "Remove an imported dataset"},
    "datasets_remove": {"de": "Entfernen", "en": "Remove"},
    # --- who may change data; nothing lost (issue 11) ---------------------------------
    "signin_wait": {
        "de": "Zu viele Fehlversuche. Bitte in {seconds} Sekunden erneut versuchen.",
        "en": "Too many failed attempts. Please try again in {seconds} seconds.",
    },
    "proj_conflict_reloaded": {
        "de": "Das Formular zeigt jetzt die aktuelle Fassung; bitte Ihre Änderung dort erneut eintragen.",
        "en": "The form now shows the current version; please enter your change there again.",
    },
    "upload_signin_required": {
        "de": "Datensätze importieren, ersetzen und entfernen dürfen nur angemeldete Bearbeiterinnen und Bearbeiter "
        "(dieselbe Anmeldung wie bei den Projekten).",
        "en": "Only signed-in editors may import, replace and remove datasets (the same sign-in as for projects).",
    },
    "upload_exists": {
        "de": "Es gibt schon einen Datensatz „{name}“ (importiert {when} von {who}). Beim Speichern wird er ersetzt; "
        "die bisherige Fassung bleibt unter „Daten und Quellen“ wiederherstellbar.",
        "en": "A dataset '{name}' exists (imported {when} by {who}). Saving replaces it; the previous version stays "
        "restorable under 'Data and sources'.",
    },
    "upload_replace": {"de": "Ja, „{name}“ ersetzen", "en": "Yes, replace '{name}'"},
    "upload_replace_needed": {
        "de": "Bitte zuerst bestätigen, dass der bisherige Datensatz ersetzt werden soll.",
        "en": "Please confirm first that the existing dataset is to be replaced.",
    },
    "upload_failed": {
        "de": "Der Datensatz konnte nicht gespeichert werden; der bisherige Stand ist unverändert.",
        "en": "The dataset could not be saved; what was there before is unchanged.",
    },
    "datasets_signin": {
        "de": "Zum Entfernen oder Wiederherstellen von Datensätzen bitte anmelden.",
        "en": "Sign in to remove or restore datasets.",
    },
    "datasets_removed": {
        "de": "„{name}“ entfernt; unter „Frühere Fassungen“ wiederherstellbar.",
        "en": "'{name}' removed; restorable under 'Earlier versions'.",
    },
    "datasets_versions_heading": {"de": "Frühere Fassungen und entfernte Datensätze", "en": "Earlier versions and removed datasets"},
    "datasets_restore_pick": {"de": "Fassung", "en": "Version"},
    "datasets_restore": {"de": "Wiederherstellen", "en": "Restore"},
    "datasets_version_label": {
        "de": "{name} – {reason} am {when} von {who}",
        "en": "{name} – {reason} on {when} by {who}",
    },
    "datasets_reason_replaced": {"de": "ersetzt", "en": "replaced"},
    "datasets_reason_removed": {"de": "entfernt", "en": "removed"},
    "datasets_restored": {"de": "„{name}“ wiederhergestellt.", "en": "'{name}' restored."},
    "db_damaged": {
        "de": "Die Datenbank ({where}) ist beschädigt oder nicht lesbar. Gespeicherte Auswahlen und Projekte können "
        "gerade nicht angezeigt werden, und es wird nichts gespeichert. Was tun: die Anwendung anhalten, die Datenbank "
        "aus der letzten Sicherung wiederherstellen (README, Abschnitt „Sicherung und Wiederherstellung“: zuerst mit "
        "`sqlite3 … .dump` retten, was nach der Sicherung bestätigt gespeichert wurde) und neu starten; die "
        "beschädigte Datei nicht löschen, sondern für die Fehlersuche aufbewahren. Nach der Beschädigung wurde "
        "nichts als gespeichert bestätigt.",
        "en": "The database ({where}) is damaged or cannot be read. Saved selections and projects cannot be shown "
        "now, and nothing is saved. What to do: stop the application, restore the database from the latest backup "
        "(README, section 'Backup and restore': first rescue saves confirmed after that backup with `sqlite3 … "
        ".dump`) and start again; keep the damaged file for diagnosis. Nothing was confirmed as saved after the "
        "damage.",
    },
    "upload_help": {
        "de": "Grenzen (GeoJSON, GeoPackage oder gezipptes Shapefile, beliebiges Koordinatensystem) und Indikatoren "
        "(CSV oder XLSX, breit oder lang) hochladen. Vor dem Speichern zeigt die Seite, was zugeordnet wurde; "
        "nicht zugeordnete Gebiete bleiben als „keine Daten“ sichtbar. Auf der Kommandozeile: `python -m geo.ingest`.",
        "en": "Upload boundaries (GeoJSON, GeoPackage or zipped Shapefile, any CRS) and indicators (CSV or XLSX, "
        "wide or long). Before saving, the page shows what was matched; unmatched areas stay visible as 'no data'. "
        "On the command line: `python -m geo.ingest`.",
    },
    "upload_boundaries": {"de": "Grenzen", "en": "Boundaries"},
    "upload_indicators": {"de": "Indikatoren", "en": "Indicators"},
    "upload_waiting": {"de": "Bitte beide Dateien wählen und „Dateien prüfen“ klicken.",
                       "en": "Please choose both files and click 'Check files'."},
    "gridimport_heading": {"de": "Zensus-Raster importieren (2011 oder 2022)", "en": "Import the census grid (2011 or 2022)"},
    "gridimport_help": {
        "de": "CSV- oder ZIP-Dateien der Zensus-Ergebnisse im Gitter, 2011 oder 2022, 100 m, 1 km oder 10 km "
        "(z. B. Einwohnerzahl, Anteil Ausländer; von www.zensus2022.de, Lizenz dl-de/by-2-0) im amtlichen "
        "Format: `;`-getrennt, Dezimalkomma, Spalten GITTER_ID_100m/Gitter_ID_1km bzw. x_mp_…/y_mp_…; der "
        "Jahrgang wird an Spalten und Zellkennungen erkannt. Kennzeichen (2011: −1 keine Einwohner, −9 geheim; "
        "2022: –, ., /) werden fehlende Werte mit Grund, nie Zahlen. Die Zellen im Gebiet des aktiven Datensatzes werden "
        "seine Rasterebene; mehrere Dateien werden über die Zellkennung verbunden. Kommandozeile: "
        "`python -m geo.grid import`.",
        "en": "CSV or ZIP files of the Zensus grid results, 2011 or 2022, 100 m, 1 km or 10 km (e.g. population, "
        "share of foreign residents; from www.zensus2022.de, licence dl-de/by-2-0) in the official format: "
        "`;`-separated, decimal comma, columns GITTER_ID_100m/Gitter_ID_1km or x_mp_…/y_mp_…; the edition is "
        "recognised from columns and cell ids. Codes (2011: −1 no residents, −9 secret; 2022: –, ., /) become "
        "missing values with their reason, never numbers. The cells within the active dataset's area become its "
        "grid layer; several files are joined on the cell id. Command line: `python -m geo.grid import`.",
    },
    "gridimport_existing": {
        "de": "{dataset} hat bereits ein Raster: {cells} Zellen à {size} m (importiert {when}). Ein neuer Import "
        "ersetzt es erst, wenn er gelungen ist.",
        "en": "{dataset} already has a grid: {cells} cells of {size} m (imported {when}). A new import replaces it "
        "only once it has succeeded.",
    },
    "gridimport_files": {"de": "Rasterdateien (CSV oder ZIP)", "en": "Grid files (CSV or ZIP)"},
    "gridimport_confirm": {"de": "Als Raster von „{dataset}“ importieren", "en": "Import as the grid of '{dataset}'"},
    "gridimport_reading": {"de": "Rasterdateien werden gelesen …", "en": "Reading the grid files …"},
    "gridimport_progress": {
        "de": "{name}: {read} Zeilen gelesen, {kept} im Gebiet",
        "en": "{name}: {read} rows read, {kept} in the area",
    },
    "gridimport_refused": {
        "de": "Das Raster wurde nicht importiert; das bisherige bleibt unverändert. {message}",
        "en": "The grid was not imported; the existing one is unchanged. {message}",
    },
    "gridimport_failed": {
        "de": "Das Raster konnte nicht gespeichert werden; das bisherige bleibt unverändert.",
        "en": "The grid could not be saved; the existing one is unchanged.",
    },
    "gridimport_saved": {
        "de": "Raster von {dataset} gespeichert: {cells} Zellen à {size} m ({edition}); Werte: {columns}. Auf der Karte "
        "unter „Kartenebene“ wählbar.",
        "en": "Grid of {dataset} saved: {cells} cells of {size} m ({edition}); values: {columns}. Choose it on the map under "
        "'Map layer'.",
    },
    "gridimport_missing": {
        "de": "{column}: {n} Zellen ohne Wert ({reasons}; nie als Zahl gezählt)",
        "en": "{column}: {n} cells without a value ({reasons}; never counted as a number)",
    },
    "upload_key_field": {"de": "Schlüsselfeld der Grenzen", "en": "Boundary key field"},
    "upload_name_field": {"de": "Namensfeld der Grenzen", "en": "Boundary name field"},
    "upload_table_key": {"de": "Gebietsspalte der Tabelle", "en": "Area column of the table"},
    "upload_long": {"de": "Lange Tabelle (eine Zeile je Gebiet, Indikator, Jahr)", "en": "Long table (one row per area, indicator, year)"},
    "upload_indicator_col": {"de": "Spalte Indikator", "en": "Indicator column"},
    "upload_year_col": {"de": "Spalte Jahr", "en": "Year column"},
    "upload_value_col": {"de": "Spalte Wert", "en": "Value column"},
    "upload_report": {"de": "Abgleich vor dem Speichern", "en": "Reconciliation before saving"},
    "upload_summary": {
        "de": "{matched} Gebiete zugeordnet ({method}); {table_only} Tabellenzeilen ohne Grenze; {boundary_only} Grenzen "
        "ohne Werte. Koordinaten umgerechnet nach {crs}.",
        "en": "{matched} areas matched ({method}); {table_only} table rows without boundary; {boundary_only} "
        "boundaries without values. Coordinates converted to {crs}.",
    },
    "upload_method_id": {"de": "über Schlüssel", "en": "by key"},
    "upload_method_name": {"de": "über Namen", "en": "by name"},
    "upload_table_area": {"de": "Gebiet in der Tabelle", "en": "Area in the table"},
    "upload_boundary_area": {"de": "zugeordnete Grenze (bitte prüfen)", "en": "matched boundary (please check)"},
    "upload_no_data": {"de": "Ohne Werte, erscheinen als „keine Daten“: {names}", "en": "Without values, shown as 'no data': {names}"},
    "upload_name": {"de": "Name des Datensatzes", "en": "Dataset name"},
    "upload_repaired": {"de": "Geometrie repariert: {note}", "en": "Geometry repaired: {note}"},
    "upload_skipped": {"de": "Ausgelassen, keine Fläche: {note}", "en": "Skipped, not an area: {note}"},
    "upload_parent_col": {
        "de": "Feinere Gebiete: Spalte mit der übergeordneten Einheit (z. B. Ortsbezirk eines Stadtteils; optional)",
        "en": "Finer areas: column naming the coarser unit (e.g. the Ortsbezirk of a Stadtteil; optional)",
    },
    "upload_shares": {
        "de": "Anteile aus Anzahlen (optional), z. B. „Anteil Ausländer=Ausländer/Einwohner“; mehrere mit „;“",
        "en": "Shares from counts (optional), e.g. 'Share foreign=Foreigners/Residents'; several with ';'",
    },
    "upload_source": {"de": "Quelle", "en": "Source"},
    "upload_licence": {"de": "Lizenz", "en": "Licence"},
    "upload_confirm": {"de": "Zuordnung bestätigen und speichern", "en": "Confirm the matching and save"},
    "upload_name_missing": {"de": "Bitte einen Namen angeben.", "en": "Please give a name."},
    "upload_saved": {"de": "Datensatz „{name}“ gespeichert und ausgewählt.", "en": "Dataset '{name}' saved and selected."},
    "upload_open_map": {"de": "Zur Karte", "en": "To the map"},
    "selection": {"de": "Auswahl (Kandidatenquartiere)", "en": "Selection (candidate quarters)"},
    "selection_help": {
        "de": "Gebiete per Klick auf Karte oder Kachelkarte an- und abwählen, oder hier in der Liste.",
        "en": "Toggle areas by clicking the map or the tile map, or in this list.",
    },
    "merged_click_hint": {
        "de": "Die Kernstadt ist auf der Karte nur als Ganzes abgegrenzt. Ihre 9 Stadtteile wählen Sie in der "
        "Kachelkarte oder in der Liste links.",
        "en": "The Kernstadt has only one boundary on the map. Pick its 9 districts on the tile map or in the list.",
    },
    # --- page addresses (issue 23) ---
    "unknown_address": {
        "de": "Die Adresse „{path}“ gibt es hier nicht. Sie sehen die Karte; die anderen Seiten finden Sie links.",
        "en": "There is no page at “{path}”. This is the map; the other pages are listed on the left.",
    },
    "basemap_toggle": {"de": "Hintergrundkarte", "en": "Basemap"},
    "basemap_opacity": {"de": "Deckkraft der Hintergrundkarte", "en": "Basemap opacity"},
    "basemap_host": {
        "de": "Hintergrundkarte: {label}. Ihr Browser lädt die Kacheln von {host}.",
        "en": "Basemap: {label}. Your browser loads its tiles from {host}.",
    },
    "basemap_uncovered": {
        "de": "Die Hintergrundkarte ({label}) deckt dieses Gebiet nicht ab; die Karte bleibt ohne Straßen.",
        "en": "The basemap ({label}) does not cover this area; the map stays without streets.",
    },
    "basemap_local": {
        "de": "Hintergrundkarte: {label}, vom Server dieser Seite (keine Anfragen an Dritte).",
        "en": "Basemap: {label}, from this site's own server (no requests to third parties).",
    },
    "legend_one_class": {
        "de": "Alle Gebiete mit Wert liegen in einer Klasse: die Karte zeigt nur eine Farbe. Die Werte reichen von "
        "{low} bis {high}; wählen Sie Grenzen innerhalb dieses Bereichs oder eine andere Klassifikation.",
        "en": "Every area with a value is in one class: the map shows a single colour. The values range from {low} "
        "to {high}; choose bounds inside that range or another classification.",
    },
    "legend_boundaries": {
        "de": "Ein Wert auf einer Klassengrenze gehört zur unteren Klasse: „über {bound}“ beginnt oberhalb von {bound}.",
        "en": "A value on a class boundary belongs to the lower class: 'over {bound}' starts above {bound}.",
    },
    "choose_option": {"de": "Bitte wählen", "en": "Choose an option"},
    "details_context": {"de": "Einordnung", "en": "In context"},
    "details_city": {"de": "Gesamtstadt {city}", "en": "whole city {city}"},
    "details_rank": {"de": "Rang {map} auf der Karte", "en": "rank {map} on the map"},
    "details_rank_areas": {"de": "{areas} Gebieten", "en": "{areas} areas"},
    # --- network view (issue 14) ---
    "page_network": {"de": "Netzwerk", "en": "Network"},
    "net_title": {"de": "Netzwerk: Modellkommunen im Vergleich", "en": "Network: the model municipalities side by side"},
    "net_help": {
        "de": "Jede Kommune wird an ihrer eigenen Stadt gemessen. Standortquotient = Wert des Gebiets ÷ Wert der "
        "eigenen Stadt (1 = wie in der Stadt). Perzentil = Lage des Gebiets unter den Gebieten seiner Stadt "
        "(50 = Mitte). Gleiche Klassen für alle Karten.",
        "en": "Each municipality is measured against its own city. Location quotient = area value ÷ its city's "
        "value (1 = as in the city). Percentile = the area's place among its city's areas (50 = middle). "
        "The same classes for all maps.",
    },
    "net_one_dataset": {
        "de": "Nur ein Datensatz geladen. Weitere Kommunen kommen über „Daten importieren“ hinzu.",
        "en": "Only one dataset is loaded. Add more municipalities under 'Import data'.",
    },
    "net_indicator": {"de": "Gemeinsamer Indikator (Anzahl Datensätze)", "en": "Shared indicator (number of datasets)"},
    "net_no_shared": {
        "de": "Die Datensätze haben keinen Indikator mit gleicher Kennung. Bitte oben unter „Indikatoren zuordnen“ "
        "festlegen, welche Indikatoren dasselbe messen.",
        "en": "The datasets share no indicator id. Please declare above, under 'Match indicators', which "
        "indicators measure the same.",
    },
    "net_measure": {"de": "Relatives Maß", "en": "Relative measure"},
    "net_measure_lq": {"de": "Standortquotient", "en": "Location quotient"},
    "net_measure_percentile": {"de": "Perzentil in der eigenen Stadt", "en": "Percentile within its city"},
    "net_missing": {"de": "Ohne diesen Indikator: {names}", "en": "Without this indicator: {names}"},
    "net_no_city": {
        "de": "Ohne Stadtwert (Anteil ohne Anzahlen importiert; beim Import mit „Anteile aus Anzahlen“ "
        "definieren), daher kein Standortquotient, nur Perzentile: {names}",
        "en": "Without a city value (a share imported without its counts; define it from counts at import), "
        "so no location quotient, only percentiles: {names}",
    },
    "net_years": {
        "de": "Achtung: Die Datensätze stammen aus {a} bis {b} – mehr als zwei Jahre auseinander.",
        "en": "Note: the datasets range from {a} to {b} – more than two years apart.",
    },
    "net_broken": {"de": "Datensatz „{name}“ konnte nicht gelesen werden: {why}", "en": "Dataset '{name}' could not be read: {why}"},
    "net_maps": {"de": "Karten (gleiche Klassen)", "en": "Maps (same classes)"},
    "net_map_alt": {"de": "Karte {name}: {indicator}, {measure}", "en": "Map {name}: {indicator}, {measure}"},
    "net_map_note": {
        "de": "Schwarz umrandet: gespeicherte Kandidatenauswahl. Karten zeigen Kartenflächen (zusammengefasste "
        "Gebiete als Ganzes); die Punkte darunter jedes einzelne Gebiet.",
        "en": "Black outline: saved candidate selection. Maps show map units (merged areas as a whole); the dots "
        "below show every single area.",
    },
    "net_strip": {"de": "Alle Gebiete, eine Zeile je Kommune", "en": "All areas, one row per municipality"},
    "net_class": {"de": "Klasse", "en": "Class"},
    "net_municipality": {"de": "Kommune", "en": "Municipality"},
    "net_area": {"de": "Gebiet", "en": "Area"},
    "net_value": {"de": "Wert", "en": "Value"},
    "net_city": {"de": "Stadtwert", "en": "City value"},
    "net_selected": {"de": "Kandidatenauswahl", "en": "Candidate selection"},
    "net_year": {"de": "Jahr", "en": "Year"},
    "net_source": {"de": "Quelle", "en": "Source"},
    "net_date": {"de": "Stand", "en": "Date"},
    "net_status": {"de": "Status", "en": "Status"},
    "net_status_ok": {"de": "verglichen", "en": "compared"},
    "net_status_missing": {"de": "Indikator fehlt", "en": "indicator missing"},
    "net_status_no_city_value": {"de": "kein Stadtwert", "en": "no city value"},
    "net_summary": {"de": "Übersicht und Quellen", "en": "Summary and sources"},
    "net_selections": {"de": "Kandidatenauswahl je Kommune", "en": "Candidate selection per municipality"},
    "net_no_selection": {"de": "(keine)", "en": "(none)"},
    "net_mapping": {"de": "Indikatoren zuordnen", "en": "Match indicators"},
    "net_mapping_help": {
        "de": "Einmal festlegen, welche Indikatoren verschiedener Datensätze dasselbe messen, z. B. "
        "„Ausländeranteil“ ≙ „Anteil Ausländer in %“. Gespeichert in {path} im Datenordner.",
        "en": "Declare once which indicators of different datasets measure the same, e.g. "
        "'Ausländeranteil' ≙ 'Anteil Ausländer in %'. Stored in {path} in the data folder.",
    },
    "net_mapping_label": {"de": "Name des gemeinsamen Indikators", "en": "Name of the common indicator"},
    "net_mapping_none": {"de": "—", "en": "—"},
    "net_mapping_save": {"de": "Zuordnung speichern", "en": "Save the matching"},
    "net_mapping_saved": {"de": "Zuordnung „{label}“ gespeichert.", "en": "Matching '{label}' saved."},
    "net_mapping_remove": {"de": "Zuordnung entfernen", "en": "Remove a matching"},
    "net_mapping_signin": {
        "de": "Zuordnungen ändern nur angemeldete Bearbeiterinnen und Bearbeiter (Anmeldung oben).",
        "en": "Only signed-in editors change matchings (sign in above).",
    },
    "net_mapping_public": {
        "de": "Öffentliche Ansicht: Zuordnungen können hier nicht geändert werden.",
        "en": "Public view: matchings cannot be changed here.",
    },
    "net_export": {"de": "Export der Ansicht", "en": "Export of the view"},
    "net_export_png": {"de": "Folie (PNG)", "en": "Slide (PNG)"},
    "net_export_pdf": {"de": "PDF-Seite", "en": "PDF page"},
    "net_export_xlsx": {"de": "Excel (XLSX)", "en": "Excel (XLSX)"},
    # --- end network view ---
    # --- Zensus grid layer (ui/views/gridview.py) ---
    "grid_layer": {"de": "Kartenebene", "en": "Map layer"},
    "grid_layer_districts": {"de": "Ortsbezirke", "en": "Districts"},
    "grid_layer_grid": {"de": "{edition}-Raster ({size} m)", "en": "{edition} grid ({size} m)"},
    "grid_indicator": {"de": "Wert im Raster", "en": "Grid value"},
    "grid_persons": {"de": "Personen", "en": "persons"},
    "grid_missing": {
        "de": "keine Angabe (Geheimhaltung oder nicht veröffentlicht)",
        "en": "no value (confidential or not published)",
    },
    "grid_cell": {"de": "Rasterzelle", "en": "Grid cell"},
    "grid_marks": {"de": "Hinweis", "en": "Note"},
    "grid_legend_missing": {"de": "keine Angabe ({n} Zellen, schraffiert)", "en": "no value ({n} cells, hatched)"},
    "grid_legend_count": {"de": "Zellen", "en": "cells"},
    "grid_legend_basis": {
        "de": "Klassen berechnet auf den {n} Rasterzellen ({edition}, {size} m), nicht auf den {units}.",
        "en": "Classes computed on the {n} grid cells ({edition}, {size} m), not on the areas ({units}).",
    },
    "grid_no_tiles": {
        "de": "Die Kachelkarte zeigt {units}; sie erscheint in der Kartenebene „{units}“.",
        "en": "The tile map shows the areas ({units}); it appears with the map layer '{units}'.",
    },
    "grid_help": {
        "de": "Über einer Zelle erscheint ihr Wert; ein Klick zeigt alle Werte der Zelle. "
        "Die Linien sind die Grenzen der {units}.",
        "en": "Hover over a cell for its value; a click shows all values of the cell. "
        "The lines are the boundaries of the areas ({units}).",
    },
    "grid_sampled": {
        "de": "Natürliche Brüche aus {n} gleichmäßig verteilten Werten der {total} Zellen berechnet "
        "(alle Zellen wären zu langsam).",
        "en": "Natural breaks computed from {n} evenly spread values of the {total} cells "
        "(all cells would be too slow).",
    },
    "grid_source": {
        "de": "**Raster:** {source}; {attribution}; Lizenz: {licence}; {cells} Zellen à {size} m.",
        "en": "**Grid:** {source}; {attribution}; licence: {licence}; {cells} cells of {size} m.",
    },
    "grid_public_note": {
        "de": "Öffentliche Ansicht: Zählwerte unter {n} sind ausgeblendet.",
        "en": "Public view: counts below {n} are hidden.",
    },
    "grid_districts_heading": {"de": "{units} aus dem Raster", "en": "Areas ({units}) from the grid"},
    "grid_districts_note": {
        "de": "Summe der Zellen, deren Mittelpunkt im Gebiet liegt; Zellen ohne Wert (keine Einwohner, "
        "Geheimhaltung) zählen nicht mit und stehen in der Spalte „davon ohne Einwohnerzahl“. Der {edition} "
        "zählt anders als das Melderegister der Stadt (Stichtag {day}, Haushaltsstichprobe, Geheimhaltung); "
        "die Zahlen weichen daher von den Werten der {units} ab.",
        "en": "Sum of the cells whose centre lies in the area; cells without a value (no residents, "
        "confidentiality) are left out and counted in the column 'of which without residents'. The {edition} "
        "counts differently from the city's population register (reference day {day}, sample, "
        "confidentiality); the figures therefore differ from the values of the areas ({units}).",
    },
    "grid_districts_derived": {
        "de": "Ausländer je Zelle geschätzt als Anteil × Einwohner (keine Zähldatei geladen).",
        "en": "Foreign residents per cell estimated as share × residents (no count file loaded).",
    },
    "grid_col_district": {"de": "Ortsbezirk", "en": "District"},
    "grid_col_cells": {"de": "Zellen", "en": "Cells"},
    "grid_col_missing": {"de": "davon ohne Einwohnerzahl", "en": "of which without residents"},
    "grid_col_population": {"de": "Einwohner ({edition})", "en": "Residents ({edition})"},
    "grid_col_foreigners": {"de": "Ausländer", "en": "Foreign residents"},
    "grid_col_share": {"de": "Anteil Ausländer", "en": "Share of foreign residents"},
    "grid_cells_heading": {"de": "Zellen suchen", "en": "Find cells"},
    "grid_cells_search": {"de": "Zellkennung enthält", "en": "Cell id contains"},
    "grid_cells_page": {"de": "Seite (je {size} Zellen)", "en": "Page ({size} cells each)"},
    "grid_cells_found": {"de": "{n} Zellen gefunden", "en": "{n} cells found"},
    # --- grid editions, register comparison (issue 25) ---
    "grid_col_register": {"de": "Einwohner (Register)", "en": "Residents (register)"},
    "grid_col_difference": {"de": "Differenz Raster − Register", "en": "Difference grid − register"},
    "grid_cellkey_note": {
        "de": "Die Werte des {edition} sind mit dem Cell-Key-Verfahren geheim gehalten: jede Zelle trägt eine "
        "kleine zufällige Abweichung. Summen von Zellen müssen daher nicht mit Registerzahlen übereinstimmen, "
        "auch nicht mit den Gesamtzahlen des Zensus.",
        "en": "The {edition} values are kept confidential by the cell-key method: each cell carries a small "
        "random deviation. Sums of cells therefore need not match register counts, nor the census totals.",
    },
    "grid_register_note": {
        "de": "„Einwohner (Register)“: die Einwohnerzahl des Datensatzes (Melderegister, eigener Stichtag); "
        "die Differenz ist Rastersumme ({edition}) minus Registerzahl.",
        "en": "'Residents (register)': the dataset's population (population register, its own reference day); "
        "the difference is the grid sum ({edition}) minus the register count.",
    },
    "gridimport_edition": {"de": "Zensus-Jahrgang", "en": "Census edition"},
    "gridimport_edition_detect": {"de": "aus der Datei erkennen", "en": "recognise from the file"},
    # --- end grid editions ---
    "unit_search": {"de": "Gebiet suchen (Name enthält)", "en": "Find an area (name contains)"},
    "unit_search_hits": {
        "de": "{n} Treffer; die ersten {shown} stehen in der Auswahl.",
        "en": "{n} matches; the first {shown} are in the list.",
    },
    "tile_too_many": {
        "de": "Die Kachelkarte zeigt bis zu {max} Gebiete; dieser Datensatz hat {n}.",
        "en": "The tile map shows up to {max} areas; this dataset has {n}.",
    },
    # --- end Zensus grid layer ---
    # --- Any municipality's dataset (issue #9): titles from provenance, big datasets, import checks ---
    "app_subtitle_any": {"de": "Ankunftsquartiere in {place} – {year}", "en": "Arrival quarters in {place} – {year}"},
    "map_heading_any": {"de": "Karte: {units}", "en": "Map: {units}"},
    "merged_note_any": {
        "de": "Feinere Gebiete sind auf der Karte zu ihren Grenzen zusammengefasst: Anzahlen summiert, Anteile aus "
        "den Anzahlen neu berechnet. Tabelle und Kachelkarte zeigen alle {n} Gebiete.",
        "en": "Finer areas are merged to their boundaries on the map: counts summed, shares recomputed from counts. "
        "The table and the tile map show all {n} areas.",
    },
    "kind_value": {"de": "Wert (nicht summierbar)", "en": "value (not summed)"},
    "not_aggregable_any": {
        "de": "„{label}“ lässt sich für zusammengefasste Gebiete nicht berechnen: die Zählwerte ({counts}) fehlen. "
        "Ein Mittel der Anteile wäre falsch; diese Gebiete bleiben ohne Wert.",
        "en": "'{label}' cannot be computed for merged areas: their counts ({counts}) are missing. An average of "
        "shares would be wrong, so these areas have no value.",
    },
    "share_from_counts_note": {
        "de": "Aus Anzahlen berechnet: {formula}; für zusammengefasste Gebiete und die Gesamtstadt aus den Summen.",
        "en": "Computed from counts: {formula}; for merged areas and the whole city from the sums.",
    },
    "col_rank_areas_n": {"de": "Rang unter allen {n} Gebieten", "en": "Rank among all {n} areas"},
    "count_note": {
        "de": "Anzahlen hängen von der Größe der Gebiete ab: große Gebiete haben meist mehr. Für Vergleiche "
        "eignen sich Anteile.",
        "en": "Counts depend on the size of the areas: large areas tend to have more. Shares compare better.",
    },
    "tile_table_heading": {"de": "Alle Gebiete als Tabelle", "en": "All areas as a table"},
    "tile_table_note": {
        "de": "{n} Gebiete sind zu viele für eine lesbare Kachelkarte (ab {limit}); stattdessen diese Tabelle, "
        "sortierbar durch Klick auf eine Spaltenüberschrift. Rang 1 = höchster Wert.",
        "en": "{n} areas are too many for a readable tile map (above {limit}); instead this table, sortable by "
        "clicking a column header. Rank 1 = highest value.",
    },
    "tile_col_value": {"de": "Wert", "en": "Value"},
    "tile_col_rank": {"de": "Rang", "en": "Rank"},
    "tile_col_selected": {"de": "in der Auswahl", "en": "selected"},
    "page_failed": {
        "de": "Diese Seite konnte nicht vollständig angezeigt werden. Die gespeicherten Daten sind unverändert. "
        "Bitte die Seite neu laden oder eine andere Auswahl treffen; bleibt der Fehler, bitte die Verwaltung "
        "informieren.",
        "en": "This page could not be shown completely. Stored data is unchanged. Please reload the page or "
        "choose differently; if the error stays, please tell the administrator.",
    },
    "dataset_unreadable": {
        "de": "Der Datensatz „{name}“ kann nicht mehr gelesen werden ({message}). Angezeigt wird stattdessen "
        "{fallback}; die anderen Datensätze sind nicht betroffen. Bitte den Datensatz neu importieren.",
        "en": "The dataset '{name}' can no longer be read ({message}). {fallback} is shown instead; the "
        "other datasets are not affected. Please import the dataset again.",
    },
    "details_for_officer": {"de": "Details (für die Fachstelle)", "en": "Details (for the officer)"},
    "ranking_too_few": {
        "de": "Eine Rangfolge braucht mindestens 3 Gebiete; dieser Datensatz hat {n}.",
        "en": "A ranking needs at least 3 areas; this dataset has {n}.",
    },
    "upload_dissolved": {
        "de": "{n} Gebiete kamen in mehreren Teilen und wurden zu je einer Fläche zusammengeführt: {names}",
        "en": "{n} areas came in several pieces and were merged into one shape each: {names}",
    },
    "upload_values": {"de": "Veränderungen und Fehlwert-Codes", "en": "Changes and missing-value codes"},
    "upload_signed": {
        "de": "Veränderungs- und Saldospalten (dürfen negativ sein)",
        "en": "Change and balance columns (may be negative)",
    },
    "upload_signed_help": {
        "de": "Vorausgewählt sind Spalten mit „Veränderung“, „Saldo“ oder „Δ“ im Namen. Alle anderen Spalten "
        "sind Anzahlen oder Anteile: Ein negativer Wert dort wird abgelehnt.",
        "en": "Columns named with 'Veränderung', 'Saldo' or 'Δ' are preselected. All other columns are counts "
        "or shares: a negative value there is refused.",
    },
    "upload_codes": {
        "de": "Fehlwert-Codes (optional), z. B. „-9999“; mehrere mit „;“",
        "en": "Missing-value codes (optional), e.g. '-9999'; several with ';'",
    },
    "upload_codes_help": {
        "de": "Zahlen, mit denen die Tabelle „kein Wert“ markiert. Solche Zellen werden als fehlend gelesen, "
        "nie als Zahl.",
        "en": "Numbers the table uses for 'no value'. Such cells are read as missing, never as a number.",
    },
    "upload_codes_bad": {
        "de": "Fehlwert-Codes: {message}",
        "en": "Missing-value codes: {message}",
    },
    "upload_coded": {
        "de": "{n} Werte als fehlend gelesen wegen Code {codes}: {cells}",
        "en": "{n} values read as missing because of code {codes}: {cells}",
    },
    "upload_missing": {
        "de": "{n} fehlende Werte (k.A., -, x, … gelesen als fehlend, nicht als 0): {columns}",
        "en": "{n} missing values (k.A., -, x, … read as missing, not as 0): {columns}",
    },
    "upload_nothing_matched": {
        "de": "Kein Gebiet zugeordnet – so wird nichts gespeichert. {message}",
        "en": "No area matched – nothing is saved like this. {message}",
    },
    "upload_allow_unmatched": {
        "de": "Ich habe geprüft: {table_only} Tabellenzeilen ohne Grenze und {boundary_only} Grenzen ohne Werte "
        "sollen so gespeichert werden (sie erscheinen als „keine Daten“).",
        "en": "I have checked: {table_only} table rows without boundary and {boundary_only} boundaries without "
        "values are to be saved like this (shown as 'no data').",
    },
    "upload_confirm_unmatched": {
        "de": "Bitte zuerst bestätigen, dass die nicht zugeordneten Gebiete so gespeichert werden sollen.",
        "en": "Please first confirm that the unmatched areas are to be saved like this.",
    },
    "upload_municipality": {"de": "Gemeinde (für Titel)", "en": "Municipality (for titles)"},
    "upload_unit_label": {
        "de": "Bezeichnung der Gebiete, Mehrzahl (z. B. Planungsräume, Stadtteile)",
        "en": "Name of the areas, plural (e.g. Planungsräume, Stadtteile)",
    },
    # Self-drawn quarters (ui/views/quarterdrawing.py)
    "quarter_heading": {"de": "Selbst abgegrenzte Quartiere", "en": "Self-drawn quarters"},
    "quarter_draw": {"de": "Quartier zeichnen", "en": "Draw a quarter"},
    "quarter_draw_help": {
        "de": "Ein Untersuchungsquartier als Fläche auf der Karte umreißen; seine Zahlen erscheinen sofort darunter.",
        "en": "Outline a study quarter on the map; its figures appear below at once.",
    },
    "quarter_draw_caption": {
        "de": "Mit dem Fünfeck-Werkzeug links Punkte setzen, mit einem Klick auf den ersten Punkt schließen; "
              "Bearbeiten und Löschen über die Werkzeuge darunter.",
        "en": "With the polygon tool on the left set points, close by clicking the first point; "
              "edit and delete with the tools below it.",
    },
    "quarter_draw_first": {
        "de": "Noch keine Fläche gezeichnet.",
        "en": "No area drawn yet.",
    },
    "quarter_method_pick": {"de": "Berechnung", "en": "Computation"},
    "quarter_method_centre": {"de": "Zellmittelpunkt im Quartier", "en": "cell centre inside"},
    "quarter_method_area": {"de": "flächengewichtet", "en": "area-weighted"},
    "quarter_method_districts": {"de": "Schätzung aus Bezirken", "en": "estimate from districts"},
    "quarter_method": {"de": "Methode: {method}", "en": "Method: {method}"},
    "quarter_residents": {"de": "Einwohner", "en": "Residents"},
    "quarter_foreigners": {"de": "Ausländerinnen und Ausländer", "en": "Foreign residents"},
    "quarter_share": {"de": "Ausländeranteil", "en": "Share of foreign residents"},
    "quarter_deviation_city": {"de": "Abweichung von der Gesamtstadt", "en": "Deviation from the whole city"},
    "quarter_cells": {"de": "Gitterzellen (Grundlage)", "en": "Grid cells (basis)"},
    "quarter_points": {"de": "Prozentpunkte", "en": "percentage points"},
    "quarter_col_quarter": {"de": "Quartier", "en": "Quarter"},
    "quarter_col_district": {"de": "Überlappter Bezirk", "en": "Overlapped district"},
    "quarter_col_overlap": {"de": "Anteil der Quartiersfläche", "en": "Share of the quarter's area"},
    "quarter_col_deviation": {"de": "Abweichung des Quartiers", "en": "Deviation of the quarter"},
    "quarter_col_method": {"de": "Methode", "en": "Method"},
    "quarter_cells_missing": {
        "de": "{n} der gezählten Zellen ohne Einwohnerzahl (Geheimhaltung oder fehlend); sie zählen nicht mit.",
        "en": "{n} of the counted cells have no population figure (secrecy or missing); they add nothing.",
    },
    "quarter_grid_note": {
        "de": "Zensus-2022-Gitter: eine andere Zählung als das Melderegister der Bezirkszahlen.",
        "en": "Census 2022 grid: a different count than the municipal register behind the district figures.",
    },
    "quarter_name": {"de": "Name des Quartiers", "en": "Name of the quarter"},
    "quarter_save": {"de": "Quartier speichern", "en": "Save quarter"},
    "quarter_sign_in": {
        "de": "Zum Speichern bitte anmelden.",
        "en": "Please sign in to save.",
    },
    "quarter_saved": {"de": "„{name}“ gespeichert (Version {version}).", "en": "'{name}' saved (version {version})."},
    "quarter_published": {"de": "„{name}“ ist veröffentlicht.", "en": "'{name}' is published."},
    "quarter_none_saved": {"de": "Noch keine Quartiere gespeichert.", "en": "No quarters saved yet."},
    "quarter_item": {"de": "{name} · Version {version} · {status}", "en": "{name} · version {version} · {status}"},
    "quarter_public": {"de": "veröffentlicht", "en": "published"},
    "quarter_internal": {"de": "intern", "en": "internal"},
    "quarter_in_selection": {"de": "In Auswahl und Vergleich", "en": "In selection and comparison"},
    "quarter_publish": {"de": "Veröffentlichen", "en": "Publish"},
    "quarter_unpublish": {"de": "Zurückziehen", "en": "Withdraw"},
    "quarter_delete": {"de": "Löschen", "en": "Delete"},
    "quarter_self_drawn": {"de": "selbst abgegrenzt", "en": "self-drawn"},
    "sel_quarters": {"de": "Selbst abgegrenzte Quartiere: {names}", "en": "Self-drawn quarters: {names}"},
    "quarter_edit": {"de": "Umriss bearbeiten", "en": "Edit outline"},
    "quarter_new": {"de": "Neues Quartier zeichnen", "en": "Draw a new quarter"},
    "quarter_editing": {
        "de": "Sie bearbeiten den Umriss von „{name}“ (Version {version}); Speichern unter demselben Namen legt eine "
              "neue Version an (und nimmt die Veröffentlichung zurück, bis die Prüfung erneut bestanden ist).",
        "en": "You are editing the outline of '{name}' (version {version}); saving under the same name adds a new "
              "version (and withdraws publication until the check is passed again).",
    },
    "quarter_build": {"de": "Quartier abgrenzen durch", "en": "Delimit the quarter by"},
    "quarter_build_draw": {"de": "Fläche zeichnen", "en": "drawing an area"},
    "quarter_build_cells": {"de": "Gitterzellen anklicken", "en": "clicking grid cells"},
    "quarter_cells_chosen": {"de": "Gewählte Gitterzellen", "en": "Chosen grid cells"},
    "quarter_cells_caption": {
        "de": "Ein Klick auf die Karte nimmt die Gitterzelle an dieser Stelle auf oder heraus ({n} gewählt). "
              "Die Zellen zeigt die Ebene „Zensus-Raster“.",
        "en": "A click on the map adds or removes the grid cell at that point ({n} chosen). "
              "The grid layer shows the cells.",
    },
    "quarter_cells_clear": {"de": "Zellauswahl leeren", "en": "Clear the chosen cells"},
    "quarter_compare_heading": {"de": "Selbst abgegrenzte Quartiere", "en": "Self-drawn quarters"},
    "quarter_col_result": {"de": "Ergebnis", "en": "Result"},
    "quarter_no_value": {"de": "ohne Wert (nicht bewertbar)", "en": "no value (not assessable)"},
    "quarter_screen_heading": {
        "de": "Selbst abgegrenzte Quartiere der Auswahl (zusätzliche Zeilen)",
        "en": "Self-drawn quarters in the selection (extra rows)",
    },
    "quarter_screen_note": {
        "de": "Mit denselben Schwellen geprüft wie die Gebiete; nicht in der Trefferzahl und nicht auf der Karte. "
              "Ein Quartier hat nur Einwohner, Ausländerinnen und Ausländer und deren Anteil: Bedingungen auf "
              "anderen Indikatoren bleiben ohne Wert.",
        "en": "Checked against the same thresholds as the areas; not in the count of matches and not on the map. "
              "A quarter has only residents, foreign residents and their share: conditions on other indicators "
              "have no value.",
    },
    "quarter_rank_heading": {
        "de": "Selbst abgegrenzte Quartiere der Auswahl (zusätzliche Zeilen)",
        "en": "Self-drawn quarters in the selection (extra rows)",
    },
    "quarter_rank_note": {
        "de": "Die Quartiere werden mit Mittelwert und Standardabweichung der amtlichen Gebiete standardisiert: "
              "Sie ändern deren z-Werte, Index und Ränge nicht. „Würde Rang N von M“ ist der Platz, den das "
              "Quartier unter den Gebieten einnähme (M: die gerankten Gebiete und dieses Quartier); der Anteil in "
              "den Top k rechnet mit denselben Gewichtungen.",
        "en": "The quarters are standardised with the mean and standard deviation of the official areas: they "
              "change none of the areas' z-scores, index values or ranks. 'Would rank N of M' is the place the "
              "quarter would take among the areas (M: the ranked areas and this quarter); the top-k share uses the same "
              "weightings.",
    },
    "quarter_would_rank": {"de": "würde Rang {n} von {m} belegen", "en": "would rank {n} of {m}"},
    "quarter_not_scored": {
        "de": "Nicht bewertbar: {name} (kein Wert für {indicators})",
        "en": "Not assessable: {name} (no value for {indicators})",
    },
    "quarter_types_note": {
        "de": "Selbst abgegrenzte Quartiere der Auswahl: der Typ mit dem nächstgelegenen Profil (die Typen der "
              "Gebiete bleiben unverändert).",
        "en": "Self-drawn quarters in the selection: the type with the nearest profile (the areas' types stay "
              "unchanged).",
    },
    "quarter_col_type": {"de": "Quartierstyp", "en": "Quarter type"},
    # ---- arrival-quarter recipes (issue #26): ranking page section and network page
    "recipe_heading": {"de": "Rezepte: Merkmale eines Ankunftsquartiers", "en": "Recipes: features of an arrival quarter"},
    "recipe_help": {
        "de": "Ein Rezept ist eine veröffentlichte Methode, Merkmale eines Ankunftsquartiers zu erkennen: welche "
              "Indikatoren, welche Regel, welche Quelle. Jedes Rezept ist eine Datei in data/recipes. Ein Rezept, dem "
              "ein Indikator fehlt, sagt welcher und rechnet nicht – es wird nichts ersetzt und nichts als null gezählt. "
              "Der eigene Index nimmt die Gewichte von oben.",
        "en": "A recipe is a published method of finding the features of an arrival quarter: which indicators, which "
              "rule, which source. Each recipe is a file in data/recipes. A recipe missing an indicator says which and "
              "does not run – nothing is substituted or counted as zero. The own index takes the weights set above.",
    },
    "recipe_col": {"de": "Rezept", "en": "Recipe"},
    "recipe_col_source": {"de": "Quelle", "en": "Source"},
    "recipe_col_roles": {"de": "Indikatoren", "en": "Indicators"},
    "recipe_col_state": {"de": "Ergebnis", "en": "Result"},
    "recipe_runs": {"de": "rechnet: {n} von {of} Gebieten mit Merkmalen", "en": "runs: {n} of {of} areas with features"},
    "recipe_refused": {"de": "rechnet nicht: {why}", "en": "does not run: {why}"},
    "recipe_missing": {"de": "rechnet nicht – es fehlt: {roles}", "en": "does not run – missing: {roles}"},
    "recipe_not_run": {
        "de": "„{name}“ rechnet auf diesem Datensatz nicht. Es fehlt: {roles}. Ein Indikator kann unten "
              "(angemeldet) oder auf der Seite Netzwerk zugeordnet werden.",
        "en": "'{name}' does not run on this dataset. Missing: {roles}. An indicator can be mapped below "
              "(signed in) or on the network page.",
    },
    "recipe_choose": {"de": "Rezept", "en": "Recipe"},
    "recipe_csv": {"de": "Ergebnis des Rezepts (CSV)", "en": "Result of the recipe (CSV)"},
    "recipe_take": {"de": "{n} Gebiete mit Merkmalen in die Auswahl", "en": "Add {n} areas with features to the selection"},
    "recipe_take_one": {"de": "1 Gebiet mit Merkmalen in die Auswahl", "en": "Add 1 area with features to the selection"},
    "recipe_compare": {"de": "Rezepte im Vergleich", "en": "Recipes compared"},
    "recipe_compare_help": {
        "de": "{n} Rezepte rechnen: {names}. Karte und Tabelle: von wie vielen Rezepten ein Gebiet Merkmale eines "
              "Ankunftsquartiers zugesprochen bekommt; Gebiete, bei denen die Rezepte uneins sind, stehen oben.",
        "en": "{n} recipes run: {names}. Map and table: by how many recipes an area is found to have the features "
              "of an arrival quarter; areas where the recipes disagree come first.",
    },
    "recipe_compare_help_one": {
        "de": "1 Rezept rechnet: {names}. Karte und Tabelle: ob es einem Gebiet Merkmale eines Ankunftsquartiers "
              "zuspricht.",
        "en": "1 recipe runs: {names}. Map and table: whether it finds the features of an arrival quarter in an area.",
    },
    "recipe_k_of_n": {"de": "{k} von {n} Rezepten", "en": "{k} of {n} recipes"},
    "recipe_agreement": {"de": "Übereinstimmung der Rezepte", "en": "Agreement of the recipes"},
    "recipe_disagree": {"de": "Uneins bei {n} von {of} Gebieten.", "en": "Disagreeing on {n} of {of} areas."},
    "recipe_pairs_help": {
        "de": "Jaccard: Anteil der gemeinsam markierten Gebiete an allen von einem der beiden markierten (1 = gleich, "
              "– = keines markiert). Kendalls τ-b: Übereinstimmung der Rangfolgen über die Gebiete, die beide ordnen "
              "(1 = gleich, 0 = unabhängig, −1 = umgekehrt).",
        "en": "Jaccard: areas flagged by both as a share of those flagged by either (1 = the same, – = none flagged). "
              "Kendall's τ-b: agreement of the rankings over the areas both rank (1 = the same, 0 = independent, "
              "−1 = reversed).",
    },
    "recipe_one_only": {
        "de": "Nur ein Rezept rechnet auf diesem Datensatz; für einen Vergleich fehlen den anderen Indikatoren (siehe oben).",
        "en": "Only one recipe runs on this dataset; the others miss indicators (see above), so there is nothing to compare.",
    },
    "recipe_none_ran": {
        "de": "Keines der Rezepte rechnet auf diesem Datensatz (es fehlen Indikatoren, siehe oben).",
        "en": "None of the recipes runs on this dataset (indicators are missing, see above).",
    },
    "recipe_compare_csv": {"de": "Vergleich der Rezepte (CSV)", "en": "Comparison of the recipes (CSV)"},
    "recipe_quarters": {"de": "Selbst abgegrenzte Quartiere der Auswahl", "en": "Self-drawn quarters in the selection"},
    "recipe_quarters_note": {
        "de": "Gemessen an den Gebieten (deren Quintile, Stadtwerte, Mittel und Standardabweichung), die dadurch "
              "unverändert bleiben; Rang = der Rang, den das Quartier unter den Gebieten hätte.",
        "en": "Measured against the areas (their quintiles, city values, mean and standard deviation), which stay "
              "unchanged; rank = the rank the quarter would take among the areas.",
    },
    "recipe_quarter_cell": {"de": "{score} · Merkmale: {flag} · Rang {rank} von {of}",
                            "en": "{score} · features: {flag} · rank {rank} of {of}"},
    "recipe_yes": {"de": "ja", "en": "yes"},
    "recipe_no": {"de": "nein", "en": "no"},
    "recipe_grid_note": {
        "de": "Rasterzellen: nicht verglichen – das Zensus-Raster enthält Einwohner- und Ausländerzahlen, keinen der "
              "Anteile, die die Rezepte brauchen.",
        "en": "Grid cells: not compared – the census grid holds counts of residents and foreigners, none of the shares "
              "the recipes need.",
    },
    "recipe_mapping": {"de": "Indikatoren den Rezepten zuordnen", "en": "Map indicators to the recipes"},
    "recipe_mapping_help": {
        "de": "Einmal je Datensatz: welcher Indikator eine fehlende Rolle eines Rezepts füllt. Gespeichert in der "
              "Zuordnung der Seite Netzwerk (indicator_mapping.json), die auch der Städtevergleich nutzt.",
        "en": "Once per dataset: which indicator fills a missing role of a recipe. Stored in the network page's "
              "mapping (indicator_mapping.json), which the city comparison uses too.",
    },
    "recipe_mapping_signin": {
        "de": "Zuordnungen ändern nur angemeldete Bearbeiterinnen und Bearbeiter (Anmeldung auf der Seite Netzwerk "
              "oder Auswahl).",
        "en": "Only signed-in editors change the mapping (sign in on the network or selections page).",
    },
    "recipe_mapping_none": {"de": "Allen Rezepten fehlt nichts.", "en": "No recipe misses anything."},
    "recipe_mapping_save": {"de": "Zuordnung speichern", "en": "Save mapping"},
    "recipe_net_heading": {"de": "Ein Rezept in allen Kommunen", "en": "One recipe in every municipality"},
    "recipe_net_help": {
        "de": "Dasselbe Rezept in jeder Kommune, jeweils an ihren eigenen Gebieten gemessen: Gebiete mit Merkmalen "
              "eines Ankunftsquartiers, ihr Anteil an den Einwohnerinnen und Einwohnern, und woher die Werte stammen.",
        "en": "The same recipe in every municipality, each measured against its own areas: areas with features of "
              "an arrival quarter, their share of the residents, and where the figures come from.",
    },
    "recipe_net_lacks": {"de": "{city}: es fehlt {roles} – das Rezept rechnet hier nicht.",
                         "en": "{city}: missing {roles} – the recipe does not run here."},
    "recipe_net_city": {"de": "Kommune", "en": "Municipality"},
    "recipe_net_flagged": {"de": "Gebiete mit Merkmalen", "en": "Areas with features"},
    "recipe_net_share": {"de": "Anteil der Einwohner darin", "en": "Share of residents in them"},
    "recipe_net_areas": {"de": "Gebiete", "en": "Areas"},
    "recipe_net_inputs": {"de": "Eingänge (Jahr, Quelle)", "en": "Inputs (year, source)"},
    "recipe_net_not_run": {"de": "rechnet nicht", "en": "does not run"},
    "recipe_net_source": {"de": "Rezept: {name} – Quelle: {citation}", "en": "Recipe: {name} – source: {citation}"},
    # --- issue 24/21 (data side): PDF failures, recognised splits ---
    "upload_splits": {
        "de": "Erkannte Summen ({n}; Teile, die sich zu einer Gesamtzahl addieren): {splits}. In der öffentlichen "
              "Ansicht wird zu jedem verborgenen Teil ein weiterer Wert verborgen, damit er nicht durch Subtraktion "
              "errechenbar ist.",
        "en": "Recognised totals ({n}; parts that add up to a total): {splits}. In the public view, another figure "
              "is hidden with each hidden part, so that it cannot be worked out by subtraction.",
    },
    "sel_pdf_failed": {
        "de": "Der PDF-Bericht konnte nicht gesetzt werden; die heruntergeladene Datei enthält die Angaben als "
              "Text, CSV und XLSX enthalten alles. / The PDF report could not be laid out; the downloaded file "
              "holds its contents as text, CSV and XLSX hold everything.",
        "en": "The PDF report could not be laid out; the downloaded file holds its contents as text, CSV and XLSX "
              "hold everything. / Der PDF-Bericht konnte nicht gesetzt werden; die heruntergeladene Datei enthält "
              "die Angaben als Text, CSV und XLSX enthalten alles.",
    },
    # --- import heuristics (issue 21, import side): one block ---
    "upload_none": {"de": "– keine –", "en": "– none –"},
    "upload_fields_caption": {
        "de": "Attribute der Grenzdatei mit Beispielwerten; als Name vorgeschlagen wird ein Attribut mit "
              "verschiedenen, namensartigen Werten, nie eines mit überall demselben Wert.",
        "en": "Attributes of the boundary file with sample values; suggested as the name is an attribute with "
              "distinct, name-like values, never one with the same value everywhere.",
    },
    "upload_field_col": {"de": "Attribut", "en": "Attribute"},
    "upload_distinct_col": {"de": "verschiedene Werte", "en": "distinct values"},
    "upload_samples_col": {"de": "Beispiele", "en": "Samples"},
    "upload_use_col": {"de": "Verwendung", "en": "Use"},
    "upload_use_key": {"de": "Schlüssel", "en": "key"},
    "upload_use_name": {"de": "Name", "en": "name"},
    "upload_use_constant": {"de": "überall gleich: kein Gebietsname", "en": "same everywhere: not an area name"},
    "upload_name_constant": {
        "de": "Das Namensfeld „{field}“ hat auf allen {n} Gebieten denselben Wert („{value}“): alle Gebiete hießen "
              "gleich. Bitte ein Feld mit den Namen der Gebiete wählen.",
        "en": "The name field '{field}' has the same value on all {n} areas ('{value}'): every area would carry "
              "the same name. Please choose a field with the areas' names.",
    },
    "upload_name_samples": {"de": "Gebietsnamen (Beispiele): {names}", "en": "Area names (samples): {names}"},
    "upload_id_columns": {
        "de": "Kennungsspalten, keine Indikatoren: {columns}",
        "en": "Id columns, not indicators: {columns}",
    },
    "upload_share_found": {
        "de": "Anteil erkannt: „{column}“ = {numerator} ÷ {denominator} × 100 (Gesamtwert und Standortquotient "
              "aus den Anzahlen).",
        "en": "Share recognised: '{column}' = {numerator} ÷ {denominator} × 100 (city value and location quotient "
              "from the counts).",
    },
    "upload_share_disagrees": {
        "de": "„{column}“ passt in {n} Zeilen nicht zu den Anzahlen (mehr als Rundung):",
        "en": "'{column}' disagrees with its counts in {n} rows (more than rounding):",
    },
    "upload_share_agrees": {
        "de": "„{column}“ stimmt in allen Zeilen mit den Anzahlen überein (bis auf Rundung).",
        "en": "'{column}' agrees with its counts in every row (up to rounding).",
    },
    "upload_col_published": {"de": "veröffentlicht", "en": "published"},
    "upload_col_computed": {"de": "aus Anzahlen", "en": "from counts"},
    "upload_aggregates": {
        "de": "{n} Sammelzeilen erkannt (keine eigenen Gebiete; nicht gespeichert, nur zur Summenprüfung):",
        "en": "{n} aggregate rows recognised (not areas of their own; not saved, used as a sum check):",
    },
    "upload_agg_total": {"de": "Gesamtstadt", "en": "city total"},
    "upload_agg_district": {"de": "übergeordneter Bezirk ({n} Gebiete)", "en": "coarser district ({n} areas)"},
    "upload_agg_ok": {"de": "Summe stimmt", "en": "sum agrees"},
    "upload_agg_differs": {"de": "Summe weicht ab: {what}", "en": "sum differs: {what}"},
    "upload_col_key": {"de": "Schlüssel", "en": "Key"},
    "upload_col_name": {"de": "Name", "en": "Name"},
    "upload_col_kind": {"de": "Art", "en": "Kind"},
    "upload_col_check": {"de": "Summenprüfung", "en": "Sum check"},
    "upload_year": {"de": "Jahr der Daten (die Tabelle hat keine Jahresspalte)",
                    "en": "Year of the data (the table has no year column)"},
    "upload_year_help": {
        "de": "Vorbelegt aus dem Dateinamen oder der Titelzeile, falls dort ein Jahr steht. Leer lassen: "
              "„Jahr unbekannt“ (nie das Importdatum).",
        "en": "Prefilled from the file name or title row when it holds a year. Leave empty: 'year unknown' "
              "(never the import date).",
    },
    "upload_year_bad": {"de": "„{text}“ ist keine Jahreszahl (z. B. 2023).", "en": "'{text}' is not a year (e.g. 2023)."},
    "upload_year_unknown": {
        "de": "Ohne Jahr wird der Datensatz überall mit „Jahr unbekannt“ gezeigt.",
        "en": "Without a year the dataset shows 'year unknown' everywhere.",
    },
    "year_unknown": {"de": "Jahr unbekannt", "en": "year unknown"},
    "upload_check": {"de": "Dateien prüfen", "en": "Check files"},
    "upload_indicators_help": {
        "de": "Eine Tabelle, oder eine je Jahr mit dem Jahr im Dateinamen (z. B. stadtbereiche_2005.csv … "
              "stadtbereiche_2023.csv): ein Datensatz über alle Jahre.",
        "en": "One table, or one per year with the year in the file name (e.g. areas_2005.csv … areas_2023.csv): "
              "one dataset over all years.",
    },
    # --- end of the import-heuristics block ---
    # --- issue 24 (server and storage side): sign-in for selections, database and disk faults ---
    "sel_signin_required": {
        "de": "Zum Speichern oder Wiederherstellen einer Auswahl bitte oben anmelden (Bearbeiterin/Bearbeiter).",
        "en": "Please sign in above (editor) to save or restore a selection.",
    },
    "sel_author_is": {"de": "Autorin/Autor: {name} (angemeldet)", "en": "Author: {name} (signed in)"},
    "db_missing": {
        "de": "Die Datenbank ({where}) fehlt: die Datei wurde gelöscht oder ersetzt, nachdem sie hier eingerichtet "
        "worden war. Es wird nichts gespeichert und keine leere Datenbank angelegt. Was tun: die Anwendung anhalten, "
        "die Datenbank aus der letzten Sicherung zurücklegen (README, Abschnitt „Sicherung und Wiederherstellung“) "
        "und neu starten; nur wer bewusst leer beginnen will: `python -m storage.db --new`.",
        "en": "The database ({where}) is missing: the file was deleted or replaced after it had been set up here. "
        "Nothing is saved and no empty database is created. What to do: stop the application, put the database back "
        "from the latest backup (README, section 'Backup and restore') and start again; to start empty on purpose: "
        "`python -m storage.db --new`.",
    },
    "sel_not_confirmed": {
        "de": "Nicht bestätigt: nach dem Speichern ist die Datenbank ({where}) beschädigt oder nicht mehr da; ob "
        "„{name}“ gespeichert ist, lässt sich nicht zusagen. Bitte die Meldung oben beachten.",
        "en": "Not confirmed: after saving, the database ({where}) is damaged or gone; whether '{name}' was saved "
        "cannot be promised. Please see the message above.",
    },
    # --- issue 21: one dataset model (texts from each dataset's own description) ---
    "datasets_configured": {"de": "Datenkonfiguration (data/sources.toml)", "en": "data configuration (data/sources.toml)"},
    "source_boundaries_head": {"de": "**Grenzen:**", "en": "**Boundaries:**"},
    "source_word": {"de": "Quelle", "en": "Source"},
    "source_simplified": {
        "de": "Für die Anzeige vereinfacht (höchstens {error} m Abweichung, ohne Lücken oder Überlappungen).",
        "en": "Simplified for display (at most {error} m deviation, no gaps or overlaps).",
    },
    # --- issue #22: publishing selections, the method chain, honest counts, neutral class words ---
    "taken_new": {"de": "{n} neue Gebiete", "en": "{n} new areas"},
    "taken_new_one": {"de": "1 neues Gebiet", "en": "1 new area"},
    "taken_counts": {"de": "{new}, {already} schon ausgewählt.", "en": "{new}, {already} already selected."},
    "sel_url_none": {
        "de": "Die Auswahl, die der Link nennt, gibt es hier nicht; es wurde keine Auswahl geladen.",
        "en": "The selection the link names is not available here; no selection was loaded.",
    },
    "sel_publish_heading": {"de": "Veröffentlichen", "en": "Publish"},
    "sel_publisher": {"de": "Veröffentlicht von (Stelle, kein Personenname)", "en": "Published by (office, no personal name)"},
    "sel_publisher_help": {
        "de": "Steht auf der öffentlichen Seite und in ihren Dokumenten statt eines Namens, z. B. „Stadt …, Integrationsbüro“.",
        "en": "Shown on the public site and in its documents instead of a name, e.g. 'City of …, integration office'.",
    },
    "sel_public_rationale": {"de": "Gesamtbegründung öffentlich zeigen", "en": "Show the overall rationale publicly"},
    "sel_public_items": {
        "de": "Begründungen dieser Gebiete und Quartiere öffentlich zeigen",
        "en": "Show the rationales of these areas and quarters publicly",
    },
    "sel_public_items_help": {
        "de": "Nicht gewählte Begründungen (z. B. interne Notizen) bleiben intern.",
        "en": "Rationales not chosen (e.g. internal notes) stay internal.",
    },
    "sel_publish": {"de": "Version {version} veröffentlichen", "en": "Publish version {version}"},
    "sel_withdraw": {"de": "Veröffentlichung von Version {version} zurückziehen", "en": "Withdraw version {version}"},
    "sel_published_flash": {"de": "Veröffentlicht: „{name}“, Version {version}.", "en": "Published: '{name}', version {version}."},
    "sel_withdrawn_flash": {"de": "Zurückgezogen: „{name}“, Version {version}.", "en": "Withdrawn: '{name}', version {version}."},
    "sel_published_state": {
        "de": "Version {version} ist veröffentlicht (seit {when}, als „{publisher}“).",
        "en": "Version {version} is published (since {when}, as '{publisher}').",
    },
    "sel_not_published": {
        "de": "Version {version} ist nicht veröffentlicht; die öffentliche Seite zeigt sie nicht.",
        "en": "Version {version} is not published; the public site does not show it.",
    },
    "sel_published_col": {"de": "Öffentlich", "en": "Public"},
    "sel_publisher_col": {"de": "Veröffentlicht von", "en": "Published by"},
    "sel_public_none": {"de": "Noch keine Auswahl veröffentlicht.", "en": "No selection published yet."},
    "sel_public_meta": {"de": "Veröffentlicht von {publisher}, gespeichert {when}", "en": "Published by {publisher}, saved {when}"},
    "sel_quarter_row": {"de": "{name} (selbst abgegrenzt)", "en": "{name} (self-drawn)"},
    "sel_exports_saved": {
        "de": "Die Dokumente zeigen die gespeicherte Version {version} so, wie sie gespeichert wurde (auch Klassen und Quartiere).",
        "en": "The documents show saved version {version} as it was saved (classes and quarters included).",
    },
    "sdi_measures": {"de": "Was misst der Statusindex?", "en": "What does the status index measure?"},
    "sdi_measures_social": {
        "de": "Sozialen Status (z. B. SGB-II-Bezug, Arbeitslosigkeit, Kinderarmut): Klassen heißen „hoch … sehr niedrig“",
        "en": "Social status (e.g. benefits, unemployment, child poverty): classes read 'high … very low'",
    },
    "sdi_measures_other": {
        "de": "Etwas anderes (z. B. Anteil Ausländer/innen, Zuzug): neutrale Klassen „Klasse 1 (niedrigste Indexwerte) … Klasse 4 (höchste Indexwerte)“",
        "en": "Something else (e.g. share of foreigners, in-migration): neutral classes 'class 1 (lowest index values) … class 4 (highest index values)'",
    },
    "sdi_measures_help": {
        "de": "Die Wörter des Sozialmonitorings (Status hoch … sehr niedrig) gehören zu einem Index aus sozialen "
        "Indikatoren. Eine Klasse aus Migrationsindikatoren beschreibt keinen Status und heißt deshalb neutral.",
        "en": "The social-monitoring words (status high … very low) belong to an index of social indicators. A class "
        "built from migration indicators describes no status and is therefore named neutrally.",
    },
    # w22: open defects from the officer/presenter/public walks (network city values, screening switch, …)
    "net_no_city_why": {
        "de": "{name} ({year}) hat keinen Stadtwert – {why}. Daher kein Standortquotient, nur Perzentile.",
        "en": "{name} ({year}) has no city value – {why}. So no location quotient, only percentiles.",
    },
    "screening_switch_on": {"de": "„× Stadtwert“ eingeschaltet", "en": "'× city value' switched on"},
    "screening_switch_off": {"de": "„× Stadtwert“ ausgeschaltet", "en": "'× city value' switched off"},
    "screening_switch_converted": {
        "de": "Bedingung {n}: {switch} – die Schwelle {old} ist umgerechnet in {new} (Stadtwert {city}). "
        "Bitte prüfen.",
        "en": "Condition {n}: {switch} – the threshold {old} has been converted to {new} (city value {city}). "
        "Please check.",
    },
    "screening_switch_no_city": {
        "de": "Bedingung {n}: {switch} – für „{indicator}“ gibt es keinen Stadtwert, „{old}“ lässt sich daher nicht "
        "umrechnen. Die Schwelle wurde geleert: bitte neu eingeben.",
        "en": "Condition {n}: {switch} – '{indicator}' has no city value, so '{old}' cannot be converted. The "
        "threshold has been cleared: please type it anew.",
    },
    "screening_switch_unreadable": {
        "de": "Bedingung {n}: {switch} – „{old}“ ist keine lesbare Zahl und lässt sich nicht umrechnen. Die Schwelle "
        "wurde geleert: bitte neu eingeben.",
        "en": "Condition {n}: {switch} – '{old}' is not a readable number and cannot be converted. The threshold has "
        "been cleared: please type it anew.",
    },
    "sel_other_datasets": {
        "de": "{n} Auswahl(en) auf anderen Datensätzen – zum Ansehen den Datensatz wechseln:",
        "en": "{n} selection(s) on other datasets – switch the dataset to see them:",
    },
    "sel_exports_today_note": {
        "de": "Dokument aus den heutigen Daten erzeugt: Version {version} (gespeichert {when}) wurde gespeichert, bevor "
        "Dokumente mit der Version gespeichert wurden. Klassen und selbst abgegrenzte Quartiere sind die von heute, "
        "nicht die beim Speichern; zwei Downloads können sich unterscheiden.",
        "en": "Document made from today's data: version {version} (saved {when}) was saved before documents were "
        "stored with a version. Classes and self-drawn quarters are today's, not those at saving; two downloads "
        "may differ.",
    },
    "screening_switch_help": {
        "de": "Angehakt: Schwelle als Vielfaches des Stadtwerts (1,2 = 20 % über der Stadt). Beim Umschalten wird "
        "die eingegebene Zahl umgerechnet, nicht umgedeutet.",
        "en": "Ticked: the threshold as a multiple of the city value (1.2 = 20 % above the city). Switching converts "
        "the typed number; it is never reinterpreted.",
    },
}

SCHEME_KEYS = ("quantiles", "equal_interval", "fisher_jenks", "std_mean", "manual")


def t(key: str, lang: str = "de", **values: object) -> str:
    """The string ``key`` in ``lang`` (German when the language is unknown), formatted."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["de"]
    return text.format(**values) if values else text


def tmd(key: str, lang: str = "de", **values: object) -> str:
    """Like :func:`t`, for Markdown (st.info, st.caption, titles): the values, which come from data
    files and users, are escaped, so a planted ``![x](http://…)`` or ``[link](…)`` shows as typed."""
    from ui.shell.markdown import md_escape

    return t(key, lang, **{k: md_escape(v) for k, v in values.items()})


def tn(key: str, n: int, lang: str = "de", **values: object) -> str:
    """The string ``key`` for the count ``n``: ``key_one`` when ``n`` is 1 and such a row exists
    ("1 Gebiet"), else ``key``; ``n`` is passed on as ``{n}``."""
    one = f"{key}_one"
    return t(one if n == 1 and one in STRINGS else key, lang, n=n, **values)
