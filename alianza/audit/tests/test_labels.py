"""The change log reads in the reader's language: an action by the kind of record and what
was done to it ("Modificación de iniciativa", "Initiative updated"), a changed field by its
name ("Título (español)"), and the API keeps the codes beside the labels."""

from __future__ import annotations

import pytest
from django.utils import translation

from alianza.accounts import services as accounts
from alianza.audit.models import ChangeRecord
from alianza.initiatives import services as initiatives

pytestmark = pytest.mark.django_db


@pytest.fixture
def change(cast) -> ChangeRecord:
    initiatives.initiative_update(
        initiative=cast.internal_initiative,
        data={"title_es": "Trabajo interno", "alignment_text_en": "Aligned"},
        actor=cast.users["coordinator_a"],
    )
    return ChangeRecord.objects.get(
        object_id=str(cast.internal_initiative.pk), action="initiatives.initiative.update"
    )


def page(cast, url: str, language: str) -> str:
    client = cast.client("coordinator_a")
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_change_log_shows_actions_and_fields_by_their_names_in_spanish(cast, change):
    spanish = page(cast, "/changes/", "es")
    assert "Modificación de iniciativa" in spanish
    assert "Título (español)" in spanish
    assert "<code>initiatives.initiative.update</code>" not in spanish
    assert "title_es, alignment_text_en" not in spanish
    detail = page(cast, f"/changes/{change.pk}/", "es")
    assert "Modificación de iniciativa" in detail and "Título (español)" in detail


def test_the_change_log_reads_in_english_too(cast, change):
    english = page(cast, "/changes/", "en")
    assert "Initiative updated" in english and "Title (Spanish)" in english


def test_the_api_keeps_the_codes_beside_the_labels(cast, change):
    client = cast.client("coordinator_a")
    client.cookies["django_language"] = "es"
    row = next(r for r in client.get("/api/v1/changes/").json()["results"] if r["id"] == change.pk)
    assert row["action"] == "initiatives.initiative.update"
    assert row["action_label"] == "Modificación de iniciativa"
    assert set(row["changed_fields"]) == {"title_es", "alignment_text_en"}
    assert "Título (español)" in row["changed_field_labels"]


def test_a_change_to_a_reference_list_reads_in_both_languages(cast):
    accounts.institution_upsert(
        code="undp_b", values={"acronym_es": "PNUD"}, actor=cast.users["superuser"]
    )
    record = ChangeRecord.objects.get(action="accounts.institution.update")
    with translation.override("en"):
        assert record.changed_field_labels == ["Acronym (Spanish)"]
        assert record.action_label == "Institution updated"
    with translation.override("es"):
        assert record.changed_field_labels == ["Sigla (español)"]
        assert record.action_label == "Modificación de institución"
