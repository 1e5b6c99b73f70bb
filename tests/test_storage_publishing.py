"""Publishing saved selection versions (storage/publishing.py, migration 0005) on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db import make_engine
from storage.models import AuditEntry
from storage.publishing import load_published, publish_version, published_history, published_selections, withdraw_version
from storage.selections import StorageError, load_version, restore_version, save_selection
from tests.test_storage import engine  # noqa: F401  (fixture: SQLite, and PostgreSQL when configured)

OFFICE = "Stadt Beispiel, Integrationsbüro"


def _two_versions(engine):  # noqa: F811
    save_selection(engine, "Nord", ["a", "b"], "Anna Beispiel", "intern: Rücksprache", {"a": "öffentlich", "b": "intern"},
                   quarter_ids=[7], quarter_rationales={"7": "Quartier öffentlich"}, document={"de": {"classes": None}})
    save_selection(engine, "Nord", ["a"], "Anna Beispiel", "zweite")
    save_selection(engine, "Geheim", ["c"], "Anna Beispiel", "nie veröffentlicht")


def test_only_published_versions_are_read_and_only_public_fields(engine):  # noqa: F811
    _two_versions(engine)
    assert published_selections(engine) == []
    publish_version(engine, "Nord", 1, "Anna Beispiel", OFFICE, public_rationale=False, public_items=["a", "quarter:7"])
    [shown] = published_selections(engine)
    assert (shown.name, shown.version, shown.author, shown.publisher) == ("Nord", 1, "", OFFICE)
    assert shown.rationale == "" and dict(shown.area_rationales) == {"a": "öffentlich"}
    assert dict(shown.quarter_rationales) == {"7": "Quartier öffentlich"} and shown.document == {"de": {"classes": None}}
    assert [v.version for v in published_history(engine, "Nord")] == [1]
    for name, version in (("Nord", 2), ("Geheim", None), ("Geheim", 1), ("Gibt es nicht", None)):
        with pytest.raises(StorageError, match="Keine veröffentlichte Auswahl"):
            load_published(engine, name, version)
    assert load_version(engine, "Nord", 1).author == "Anna Beispiel"  # the officer still reads everything


def test_publish_and_withdraw_are_audited_and_need_an_office(engine):  # noqa: F811
    _two_versions(engine)
    with pytest.raises(StorageError, match="wer veröffentlicht"):
        publish_version(engine, "Nord", 1, "Anna Beispiel", "  ")
    with pytest.raises(StorageError, match="keine Version 9"):
        publish_version(engine, "Nord", 9, "Anna Beispiel", OFFICE)
    publish_version(engine, "Nord", 2, "Anna Beispiel", OFFICE, public_rationale=True)
    assert load_published(engine, "Nord").rationale == "zweite"
    withdraw_version(engine, "Nord", 2, "Anna Beispiel")
    assert published_selections(engine) == []
    with Session(engine) as session:
        audit = [(a.user, a.action, json.loads(a.details)["version"]) for a in session.scalars(select(AuditEntry))]
    assert audit == [("Anna Beispiel", "publish_selection", 2), ("Anna Beispiel", "withdraw_selection", 2)]


def test_a_restored_version_keeps_quarter_rationales_and_document_but_is_not_published(engine):  # noqa: F811
    _two_versions(engine)
    publish_version(engine, "Nord", 1, "Anna Beispiel", OFFICE)
    restored = restore_version(engine, "Nord", 1, "Anna Beispiel")
    assert restored.version == 3 and not restored.published
    assert dict(restored.quarter_rationales) == {"7": "Quartier öffentlich"} and restored.document == {"de": {"classes": None}}


def test_the_public_engine_cannot_publish(engine, tmp_path):  # noqa: F811
    url = engine.url.render_as_string(hide_password=False)
    _two_versions(engine)
    public = make_engine(url, read_only=True)
    with pytest.raises(StorageError, match="Öffentliche Ansicht"):
        publish_version(public, "Nord", 1, "x", OFFICE)
    public.dispose()


def test_the_officer_reads_a_published_version_as_published_on_every_engine(engine):  # noqa: F811
    """PostgreSQL gives the time with its zone, SQLite without: both read back as published (the publish step's state)."""
    _two_versions(engine)
    assert not load_version(engine, "Nord", 1).published
    publish_version(engine, "Nord", 1, "Anna Beispiel", OFFICE, public_rationale=False, public_items=[])
    read = load_version(engine, "Nord", 1)
    assert read.published and read.published_at.tzinfo is not None and read.publisher == OFFICE
    assert not load_version(engine, "Nord", 2).published
