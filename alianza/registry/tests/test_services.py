"""Registry services: validation names the field and saves nothing, writes are audited
once, unchanged content writes nothing, permissions are checked."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.registry import content, services
from alianza.registry.models import Activity, InitiativeLink, Organisation, Transaction
from alianza.registry.tests.factories import activity_data, make_activity

pytestmark = pytest.mark.django_db


def test_activity_create_stores_the_content_it_was_given(cast):
    activity = make_activity(cast.program)
    assert content.activity_data(activity) == content.normalize(activity_data())


def test_activity_create_derives_subdivision_dates_and_organisations(cast):
    activity = make_activity(cast.program)
    location = activity.locations.get()
    assert (location.subdivision, location.national_code) == ("MX-CHP", "07")
    assert (activity.start_date.isoformat(), activity.end_date.isoformat()) == (
        "2018-01-01",
        "2019-12-31",
    )
    assert activity.participating_orgs.get(ref="GT-TEST-ORG").country == "GT"
    assert activity.reporting_organisation == Organisation.objects.get(ref="MX-TEST-ORG")


def test_activity_create_writes_one_audit_record_with_the_children(cast):
    activity = make_activity(cast.program)
    record = ChangeRecord.objects.get(action="registry.activity.create")
    assert record.object_id == str(activity.pk)
    assert record.after["transactions"][0]["value"] == "1000.5"


def test_activity_create_refuses_a_bad_transaction_naming_it_and_saves_nothing(cast):
    bad = activity_data(transactions=[{"type": "3", "date": "2018-13-01", "value": "x"}])
    with pytest.raises(ValidationError) as caught:
        services.activity_create(program=cast.program, data=bad, actor=cast.users["editor_a"])
    messages = " ".join(caught.value.message_dict["transactions"])
    assert "Transaction 1" in messages and "not a number" in messages
    assert not Activity.objects.exists() and not Transaction.objects.exists()


def test_activity_create_refuses_an_empty_identifier(cast):
    with pytest.raises(ValidationError) as caught:
        services.activity_create(
            program=cast.program, data=activity_data(""), actor=cast.users["editor_a"]
        )
    assert "iati_identifier" in caught.value.message_dict


def test_activity_create_refuses_an_unknown_ssc_role(cast):
    with pytest.raises(ValidationError) as caught:
        services.activity_create(
            program=cast.program,
            data=activity_data(country_role="donor"),
            actor=cast.users["editor_a"],
        )
    assert "country_role" in caught.value.message_dict


@pytest.mark.parametrize("role", ["viewer_a", "outsider"])
def test_activity_create_is_for_editing_partners_only(cast, role):
    with pytest.raises(PermissionDenied):
        services.activity_create(program=cast.program, data=activity_data(), actor=cast.users[role])


def test_activity_create_refuses_an_identifier_registered_elsewhere(cast):
    from alianza.programs.tests.factories import ProgramFactory

    make_activity(ProgramFactory(code="OTHER"))
    with pytest.raises(ValidationError, match="OTHER"):
        services.activity_create(
            program=cast.program, data=activity_data(), actor=cast.users["editor_a"]
        )


def test_activity_upsert_with_the_same_content_writes_nothing(cast):
    make_activity(cast.program)
    before = ChangeRecord.objects.count()
    outcome = services.activity_upsert(
        program=cast.program, data=activity_data(), actor=cast.users["editor_a"]
    )
    assert outcome.outcome == services.UNCHANGED
    assert ChangeRecord.objects.count() == before


def test_activity_update_replaces_a_collection_and_records_before_and_after(cast):
    activity = make_activity(cast.program)
    outcome = services.activity_update(
        activity=activity,
        data={"sectors": [{"vocabulary": "1", "code": "43010", "percentage": "100"}]},
        actor=cast.users["editor_a"],
    )
    assert outcome.changed == ["sectors"]
    assert list(activity.sectors.values_list("code", flat=True)) == ["43010"]
    record = ChangeRecord.objects.get(action="registry.activity.update")
    assert record.before["sectors"][0]["code"] == "15110"
    assert record.after["sectors"][0]["code"] == "43010"


def test_activity_update_refuses_unknown_fields(cast):
    activity = make_activity(cast.program)
    with pytest.raises(ValidationError) as caught:
        services.activity_update(
            activity=activity, data={"colour": "red"}, actor=cast.users["editor_a"]
        )
    assert "colour" in caught.value.message_dict


def test_activity_delete_is_for_coordinators(cast):
    activity = make_activity(cast.program)
    with pytest.raises(PermissionDenied):
        services.activity_delete(activity=activity, actor=cast.users["editor_a"])
    services.activity_delete(activity=activity, actor=cast.users["coordinator_b"])
    assert not Activity.objects.exists()
    assert ChangeRecord.objects.filter(action="registry.activity.delete").count() == 1


def test_activity_set_public_is_for_coordinators(cast):
    activity = make_activity(cast.program, is_public=False)
    with pytest.raises(PermissionDenied):
        services.activity_set_public(
            activity=activity, is_public=True, actor=cast.users["editor_a"]
        )
    services.activity_set_public(
        activity=activity, is_public=True, actor=cast.users["coordinator_a"]
    )
    assert Activity.objects.get().is_public


def test_initiative_link_set_is_idempotent_and_audited(cast):
    activity = make_activity(cast.program)
    for _ in range(2):
        services.initiative_link_set(
            initiative=cast.public_initiative,
            activity=activity,
            relation="produced",
            actor=cast.users["editor_a"],
        )
    assert InitiativeLink.objects.count() == 1
    assert ChangeRecord.objects.filter(action__startswith="registry.initiative_link").count() == 1


def test_initiative_link_set_refuses_outsiders(cast):
    activity = make_activity(cast.program)
    with pytest.raises(PermissionDenied):
        services.initiative_link_set(
            initiative=cast.public_initiative,
            activity=activity,
            relation="produced",
            actor=cast.users["outsider"],
        )
