"""Import page: boundaries and indicators of any municipality, checked before anything is saved."""

from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from geo.read.boundaries import BoundaryError, attribute_names, read_boundaries
from geo.read.tables import TableReadError, guess_key, read_indicator_table, table_columns
from geo.store.catalog import list_datasets, parse_share_definitions, save_dataset, slug
from geo.store.datastore import AuthorisationError, DatasetExistsError, DatasetWriteError, Editor
from geo.store.ingest import _KEY_FIELDS, _NAME_FIELDS, _pick, datasets_root, describe
from ui import cache
from ui.gridimport import grid_import_section
from ui.importoptions import value_declarations
from ui.importreview import review_matches
from ui.markdown import md_escape
from ui.page import current_lang, end_page
from ui.signin import signin_panel
from ui.strings import t, tmd
from ui.uploadfield import file_uploader
from ui.uploads import discard, scrub, stash

lang = current_lang()
st.title(t("page_upload", lang))
if cache.settings().public:  # the page is not offered in public mode; refuse anyway
    st.error(t("public_no_saving", lang))
    end_page()
st.caption(t("upload_help", lang))
# Importing, replacing and removing data needs the same sign-in as editing projects.
editor = signin_panel(lang, expanded=True)
if not editor:
    st.info(t("upload_signin_required", lang))
    end_page()
grid_import_section(editor, lang)  # Zensus grid files for the active dataset (ui/gridimport.py)


cols = st.columns(2)
# our size limit (ANKUNFTSATLAS_MAX_UPLOAD_MB) enforced and shown by the widget, German texts in German
boundary_upload = file_uploader(
    t("upload_boundaries", lang), ["geojson", "json", "gpkg", "zip"], "upload_boundaries", lang, container=cols[0]
)
table_upload = file_uploader(
    t("upload_indicators", lang), ["csv", "txt", "tsv", "xlsx"], "upload_indicators", lang, container=cols[1]
)
if boundary_upload is None or table_upload is None:
    st.info(t("upload_waiting", lang))
    end_page()

# The uploads are files only while this run reads them (GDAL reads files); deleted below, also on errors.
upload_dir, (boundary_path, table_path) = stash(boundary_upload, table_upload)
max_bytes = cache.settings().max_upload_mb * 1024 * 1024
try:
    fields = attribute_names(boundary_path, max_bytes)
    columns = table_columns(table_path)
except (BoundaryError, TableReadError) as exc:
    discard(upload_dir)
    st.error(scrub(str(exc), upload_dir))
    end_page()

choice = st.columns(3)
key_field = choice[0].selectbox(t("upload_key_field", lang), fields, index=fields.index(_pick(fields, _KEY_FIELDS, 0)),
                                key="upload_key_field")
name_field = choice[1].selectbox(t("upload_name_field", lang), fields, index=fields.index(_pick(fields, _NAME_FIELDS, 1)),
                                 key="upload_name_field")
table_key = choice[2].selectbox(t("upload_table_key", lang), columns, index=columns.index(guess_key(columns)),
                                key="upload_table_key")
with st.expander(t("upload_long", lang)):
    none = [None, *columns]
    long_cols = st.columns(3)
    indicator_col = long_cols[0].selectbox(t("upload_indicator_col", lang), none, key="upload_indicator_col")
    year_col = long_cols[1].selectbox(t("upload_year_col", lang), none, key="upload_year_col")
    value_col = long_cols[2].selectbox(t("upload_value_col", lang), none, key="upload_value_col")
parent_col = st.selectbox(t("upload_parent_col", lang), [None, *columns], key="upload_parent_col")

share_text = st.text_input(t("upload_shares", lang), key="upload_shares")
try:
    boundaries = read_boundaries(boundary_path, key_field, name_field, max_bytes=max_bytes)
    table = read_indicator_table(table_path, table_key, indicator_col, year_col, value_col, parent_col)
    table, declared = value_declarations(table, table_path.name, lang)  # signed columns, missing codes
    shares = parse_share_definitions(share_text, list(table.frame.columns))
except (BoundaryError, TableReadError, ValueError) as exc:
    st.error(scrub(str(exc), upload_dir))
    end_page()
finally:
    discard(upload_dir)

final = review_matches(boundaries, table, key_field, name_field, parent_col, lang)  # ui/importreview.py

meta = st.columns(3)
name = meta[0].text_input(t("upload_name", lang), value=Path(table_path).stem, key="upload_name")
source = meta[1].text_input(t("upload_source", lang), key="upload_source")
licence = meta[2].text_input(t("upload_licence", lang), key="upload_licence")
where = st.columns(2)
municipality = where[0].text_input(t("upload_municipality", lang), key="upload_municipality")
unit_label = where[1].text_input(t("upload_unit_label", lang), value="Gebiete", key="upload_unit_label")
# A partial match is saved only after the person has confirmed it (the command line: --allow-unmatched).
partial = bool(final.unmatched_table or final.unmatched_boundaries)
allow_unmatched = partial and st.checkbox(
    t("upload_allow_unmatched", lang, table_only=len(final.unmatched_table),
      boundary_only=len(final.unmatched_boundaries)),
    key="upload_allow_unmatched",
)
existing = {info.id: info for info in list_datasets(datasets_root())}.get(slug(name)) if name.strip() else None
replace = False
if existing is not None:  # ask before replacing; the previous version stays restorable
    st.warning(tmd("upload_exists", lang, name=existing.provenance.get("name", existing.id),
                 when=str(existing.provenance.get("imported_at", ""))[:16].replace("T", " "),
                 who=existing.provenance.get("imported_by", "–")))
    replace = st.checkbox(t("upload_replace", lang, name=existing.provenance.get("name", existing.id)),
                          key="upload_replace")
if st.button(t("upload_confirm", lang), type="primary", key="upload_confirm"):
    if not name.strip():
        st.error(t("upload_name_missing", lang))
        end_page()
    if partial and not allow_unmatched:
        st.error(t("upload_confirm_unmatched", lang))
        end_page()
    provenance = {
        "name": name.strip(),
        "boundaries_file": boundary_upload.name,
        "indicators_file": table_upload.name,
        "source": source.strip(),
        "licence": licence.strip(),
        "imported_at": datetime.now(UTC).isoformat(),
        "imported_by": editor,
        "key_field": key_field,
        "name_field": name_field,
        "shares": shares,
        "parents": table.parents,
        **declared.provenance(),
        **describe(table, name.strip(), municipality or None, unit_label or None),
    }
    if existing is not None and not replace:
        st.error(t("upload_replace_needed", lang))
        end_page()
    try:
        save_dataset(datasets_root() / slug(name), boundaries, table.frame, final, provenance,
                     editor=Editor(editor), replace=replace)
    except (AuthorisationError, DatasetExistsError, DatasetWriteError) as exc:  # our messages: no server paths
        st.error(md_escape(str(exc)))
        end_page()
    except OSError:  # permissions and the like: the message would name server paths
        st.error(t("upload_failed", lang))
        end_page()
    st.session_state["_kept_ds"] = slug(name)
    st.success(tmd("upload_saved", lang, name=name.strip()))
    st.page_link("pages/map.py", label=t("upload_open_map", lang))
