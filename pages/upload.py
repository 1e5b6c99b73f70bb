"""Import page: boundaries and indicators of any municipality, checked before anything is saved."""

import streamlit as st

from geo.read.boundaries import BoundaryError, read_boundaries
from geo.read.tables import TableReadError, guess_key, guess_long, read_indicator_table, table_columns
from geo.store.catalog import list_datasets, parse_share_definitions, slug
from geo.store.datastore import AuthorisationError, DatasetExistsError, DatasetWriteError, Editor
from geo.store.ingest import reconcile_table
from geo.store.pipeline import (
    combine_years,
    datasets_root,
    default_name,
    field_choice,
    provenance_record,
    recognise,
    store,
    year_guess,
)
from ui.shell import cache, state
from ui.views.gridimport import grid_import_section
from ui.views.importfindings import area_names, field_overview, show_findings, year_question
from ui.views.importoptions import value_declarations
from ui.views.importreview import review_matches
from ui.shell.markdown import md_escape
from ui.shell.messages import said, shown
from ui.shell.page import current_lang, end_page
from ui.widgets.signin import signin_panel
from ui.shell.strings import t, tmd
from ui.widgets.uploadfield import file_uploader
from ui.shell.uploads import discard, scrub, stash

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
grid_import_section(editor, lang)  # Zensus grid files for the active dataset (ui/views/gridimport.py)


# Both files in one form: choosing a file does not rerun the page (a file chosen while a rerun was under
# way used to be lost), and the check button waits until every chosen file is uploaded.
with st.form("upload_files", border=False, enter_to_submit=False):
    cols = st.columns(2)
    # our size limit (ANKUNFTSATLAS_MAX_UPLOAD_MB) enforced and shown by the widget, German texts in German
    boundary_upload = file_uploader(
        t("upload_boundaries", lang), ["geojson", "json", "gpkg", "zip"], "upload_boundaries", lang, container=cols[0]
    )
    table_uploads = file_uploader(  # several files: one per year, the year in each name (…_2005.csv … _2023.csv)
        t("upload_indicators", lang), ["csv", "txt", "tsv", "xlsx"], "upload_indicators", lang, container=cols[1],
        accept_multiple_files=True, help=t("upload_indicators_help", lang),
    )
    st.form_submit_button(t("upload_check", lang), type="primary", key="upload_check")
if boundary_upload is None or not table_uploads:
    st.info(t("upload_waiting", lang))
    end_page()

# The uploads are files only while this run reads them (GDAL reads files); deleted below, also on errors.
upload_dir, (boundary_path, *table_paths) = stash(boundary_upload, *table_uploads)
table_path = table_paths[0]
max_bytes = cache.settings().max_upload_mb * 1024 * 1024
try:
    fields = field_choice(boundary_path, max_bytes)  # key and name guessed from the values (geo/read/heuristics.py)
    columns = table_columns(table_path)
except (BoundaryError, TableReadError) as exc:
    discard(upload_dir)
    st.error(md_escape(scrub(said(exc, lang), upload_dir)))
    end_page()

choice = st.columns(3)
field_names = list(fields.fields)
key_field = choice[0].selectbox(t("upload_key_field", lang), field_names, index=field_names.index(fields.key),
                                key="upload_key_field")
name_field = choice[1].selectbox(t("upload_name_field", lang), field_names, index=field_names.index(fields.name),
                                 key="upload_name_field")
table_key = choice[2].selectbox(t("upload_table_key", lang), columns, index=columns.index(guess_key(columns)),
                                key="upload_table_key")
field_overview(fields, key_field, name_field, lang)  # samples of every attribute; a constant name is flagged


def _shown(column: str | None) -> str:
    return t("upload_none", lang) if column is None else column


# A long table (one row per area, indicator and year) with plainly named columns ("merkmal", "jahr", "anzahl"):
# the choices start on the columns the reader (and the command line) would take, and stand open.
guessed = guess_long(columns, table_key)
with st.expander(t("upload_long", lang), expanded=any(guessed)):
    none = [None, *columns]
    long_cols = st.columns(3)
    indicator_col, year_col, value_col = (
        long_cols[i].selectbox(t(label, lang), none, index=none.index(guess), key=label, format_func=_shown)
        for i, (label, guess) in enumerate(zip(("upload_indicator_col", "upload_year_col", "upload_value_col"), guessed))
    )
parent_col = st.selectbox(t("upload_parent_col", lang), [None, *columns], key="upload_parent_col", format_func=_shown)

share_text = st.text_input(t("upload_shares", lang), key="upload_shares")
try:
    boundaries = read_boundaries(boundary_path, key_field, name_field, max_bytes=max_bytes)
    tables = [(read_indicator_table(path, table_key, indicator_col, year_col, value_col, parent_col), path.name,
               year_guess(path)) for path in table_paths]
    table = tables[0][0] if len(tables) == 1 else combine_years(tables)  # one file per year: one dataset
    table, declared = value_declarations(table, table_path.name, lang)  # signed columns, missing codes
    shares = parse_share_definitions(share_text, list(table.frame.columns))
    # aggregate rows (city total, coarser districts) named and kept out; published shares checked
    table, recognised = recognise(table, reconcile_table(boundaries, table))
    data_year = year_question(table, table_path, table_uploads[0].name, lang)  # never the import date
except (BoundaryError, TableReadError, ValueError) as exc:
    st.error(md_escape(scrub(said(exc, lang), upload_dir)))
    end_page()
finally:
    discard(upload_dir)

final = review_matches(boundaries, table, key_field, name_field, parent_col, lang)  # ui/views/importreview.py
area_names(boundaries, lang)
parent_level = show_findings(recognised, lang, parent_col)  # district rows: the parent level or a sum check

meta = st.columns(3)
name = meta[0].text_input(t("upload_name", lang), value=default_name([u.name for u in table_uploads]), key="upload_name")
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
    replace = st.checkbox(tmd("upload_replace", lang, name=existing.provenance.get("name", existing.id)),
                          key="upload_replace")
if st.button(t("upload_confirm", lang), type="primary", key="upload_confirm"):
    if not name.strip():
        st.error(t("upload_name_missing", lang))
        end_page()
    if partial and not allow_unmatched:
        st.error(t("upload_confirm_unmatched", lang))
        end_page()
    provenance = provenance_record(  # the same record as the command line's (geo/store/pipeline.py)
        name=name.strip(), boundaries_file=boundary_upload.name, indicators_file=", ".join(u.name for u in table_uploads),
        table=table,
        recognised=recognised, imported_by=editor, via="page", key_field=key_field, name_field=name_field,
        source=source, licence=licence, shares=shares, signed=declared.signed, codes=declared.codes,
        municipality=municipality or None, unit_label=unit_label or None, year=data_year,
        parent_level=parent_level,
    )
    if existing is not None and not replace:
        st.error(t("upload_replace_needed", lang))
        end_page()
    try:
        store(name, boundaries, table, final, provenance, Editor(editor), replace_existing=replace)
    except (AuthorisationError, DatasetExistsError, DatasetWriteError) as exc:  # our messages: no server paths
        st.error(shown(exc))
        end_page()
    except OSError:  # permissions and the like: the message would name server paths
        st.error(t("upload_failed", lang))
        end_page()
    state.keep("ds", slug(name))
    st.success(tmd("upload_saved", lang, name=name.strip()))
    st.page_link("pages/map.py", label=t("upload_open_map", lang))
