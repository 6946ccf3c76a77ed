"""Optimistic locking of registry activities: an update from a copy read before someone
else's change keeps that change, and the audit "before" is the stored row; the API detail
answers an ETag that follows the activity."""

from __future__ import annotations

import re

import pytest

from alianza.audit.models import ChangeRecord
from alianza.registry import content, services
from alianza.registry.models import Activity
from alianza.registry.tests.factories import make_activity
from alianza.registry.text import narratives

pytestmark = pytest.mark.django_db


def test_an_activity_update_from_a_stale_copy_keeps_what_others_saved(cast):
    activity = make_activity(cast.program)
    stale = Activity.objects.get(pk=activity.pk)
    services.activity_update(
        activity=Activity.objects.get(pk=activity.pk),
        data={"status": "3"},
        actor=cast.users["editor_b"],
    )
    services.activity_update(
        activity=stale,
        data={"title": narratives(es="Cooperación renovada", en="Renewed cooperation")},
        actor=cast.users["editor_a"],
    )
    stored = content.activity_data(Activity.objects.get(pk=activity.pk))
    assert stored["status"] == "3"
    assert (
        stored["title"]
        == content.normalize(
            {"title": narratives(es="Cooperación renovada", en="Renewed cooperation")}
        )["title"]
    )
    records = list(
        ChangeRecord.objects.filter(object_id=str(activity.pk), action__endswith="update").order_by(
            "id"
        )
    )
    assert len(records) == 2
    assert records[1].before == records[0].after


def test_publishing_from_a_stale_copy_keeps_what_others_saved(cast):
    activity = make_activity(cast.program, is_public=False)
    stale = Activity.objects.get(pk=activity.pk)
    services.activity_update(
        activity=Activity.objects.get(pk=activity.pk),
        data={"status": "3"},
        actor=cast.users["editor_b"],
    )
    services.activity_set_public(activity=stale, is_public=True, actor=cast.users["coordinator_a"])
    stored = Activity.objects.get(pk=activity.pk)
    assert stored.is_public and content.activity_data(stored)["status"] == "3"
    changed, published = ChangeRecord.objects.filter(object_id=str(activity.pk)).order_by("-id")[
        :2
    ][::-1]
    assert published.action == "registry.activity.publish"
    assert published.before == changed.after  # the row as stored, not the stale copy


def test_the_activity_detail_answers_an_etag_that_follows_it(cast):
    activity = make_activity(cast.program)
    client = cast.client("viewer_a")
    url = f"/api/v1/activities/{activity.pk}/"
    first = client.get(url)
    assert re.fullmatch(r'"[0-9a-f]{32}"', first["ETag"])
    services.activity_update(activity=activity, data={"status": "3"}, actor=cast.users["editor_a"])
    assert client.get(url)["ETag"] != first["ETag"]
