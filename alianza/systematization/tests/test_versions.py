"""Optimistic locking of key actions: an update from a copy read before someone else's
change keeps that change; the API refuses a stale If-Match with 412."""

from __future__ import annotations

import datetime

import pytest

from alianza.audit.models import ChangeRecord
from alianza.systematization import services
from alianza.systematization.models import KeyAction
from alianza.systematization.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def action(cast, period):
    return services.key_action_create(
        recommendation=RecommendationFactory(period=period, code="1a"),
        values={
            "description_en": "Write the plan",
            "owner": cast.partner_a,
            "due_date": datetime.date(2030, 1, 1),
        },
        actor=cast.users["editor_a"],
    )


def test_a_key_action_update_from_a_stale_copy_keeps_what_others_saved(cast, action):
    stale = KeyAction.objects.get(pk=action.pk)
    services.key_action_update(
        action=KeyAction.objects.get(pk=action.pk),
        values={"responsible_unit": "Planning"},
        actor=cast.users["editor_b"],
    )
    services.key_action_update(
        action=stale,
        values={"description_en": "Write the plan, with costs"},
        actor=cast.users["editor_a"],
    )
    stored = KeyAction.objects.get(pk=action.pk)
    assert (stored.responsible_unit, stored.description_en) == (
        "Planning",
        "Write the plan, with costs",
    )
    last = ChangeRecord.objects.filter(object_id=str(action.pk), action__endswith="update").first()
    assert last.before["responsible_unit"] == "Planning"
    assert last.changed_fields == ["description_en"]


def test_a_key_action_patch_with_a_stale_if_match_is_refused(cast, action, quiet_refusals):
    client = cast.client("editor_a")
    client.cookies["django_language"] = "en"
    url = f"/api/v1/key-actions/{action.pk}/"
    etag = client.get(url)["ETag"]
    services.key_action_update(
        action=KeyAction.objects.get(pk=action.pk),
        values={"responsible_unit": "Planning"},
        actor=cast.users["editor_b"],
    )
    refused = client.patch(url, {"description_en": "Mine"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert refused.status_code == 412
    assert refused.json()["changed_fields"] == ["responsible_unit"]
    assert refused.json()["changed_by"] == ["editor_b"]
    assert KeyAction.objects.get(pk=action.pk).description_en == "Write the plan"
    written = client.patch(
        url, {"description_en": "Mine"}, content_type=JSON, HTTP_IF_MATCH=refused["ETag"]
    )
    assert written.status_code == 200
    assert KeyAction.objects.get(pk=action.pk).description_en == "Mine"
