"""Deployment services: a mission to vulnerable populations is approved only once every
person's checklist is complete; bad input names the record and saves nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.deployments import services
from alianza.deployments.choices import DeploymentStatus
from alianza.deployments.models import DeployedPerson, Deployment
from alianza.deployments.tests.factories import (
    DeployedPersonFactory,
    DeploymentFactory,
    DestinationFactory,
)
from alianza.specialists.tests.factories import SpecialistFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _mission(cast, *, vulnerable=True):
    mission = DeploymentFactory(program=cast.program)
    DestinationFactory(deployment=mission, vulnerable_populations=vulnerable)
    return mission


def test_approval_is_refused_naming_each_person_and_the_items_they_miss(cast):
    mission = _mission(cast)
    ready = DeployedPersonFactory(deployment=mission)
    lacking = DeployedPersonFactory(deployment=mission, first_aid_on=None, data_protection_on=None)
    with pytest.raises(ValidationError) as refused:
        services.deployment_approve(deployment=mission, actor=cast.users["coordinator_a"])
    messages = refused.value.message_dict["people"]
    assert len(messages) == 1
    assert lacking.specialist.full_name in messages[0]
    assert ready.specialist.full_name not in messages[0]
    assert "Psychological first aid training" in messages[0]
    assert "Personal data protection guidelines" in messages[0]
    assert "Code of conduct" not in messages[0]
    mission.refresh_from_db()
    assert mission.status == DeploymentStatus.PLANNED and mission.approved_by is None
    assert not ChangeRecord.objects.filter(action="deployments.deployment.approve").exists()


def test_approval_records_the_approver_and_date_once_every_checklist_is_complete(cast):
    mission = _mission(cast)
    person = DeployedPersonFactory(deployment=mission, code_of_conduct_on=None)
    coordinator = cast.users["coordinator_a"]
    with pytest.raises(ValidationError):
        services.deployment_approve(deployment=mission, actor=coordinator)
    services.person_update(
        person=person, data={"code_of_conduct_on": D(2019, 9, 20)}, actor=cast.users["editor_a"]
    )
    services.deployment_approve(deployment=mission, actor=coordinator, approved_on=D(2019, 9, 25))
    mission.refresh_from_db()
    assert (mission.status, mission.approved_by, mission.approved_on) == (
        DeploymentStatus.APPROVED,
        coordinator,
        D(2019, 9, 25),
    )
    assert ChangeRecord.objects.filter(
        action="deployments.deployment.approve", object_id=str(mission.pk)
    ).exists()


def test_insurance_that_ends_before_the_mission_blocks_approval(cast):
    mission = _mission(cast)
    DeployedPersonFactory(deployment=mission)
    services.deployment_update(
        deployment=mission, data={"end_date": D(2020, 1, 15)}, actor=cast.users["editor_a"]
    )
    with pytest.raises(ValidationError) as refused:
        services.deployment_approve(deployment=mission, actor=cast.users["coordinator_a"])
    assert "Insurance valid for the mission's dates" in refused.value.message_dict["people"][0]


def test_a_mission_without_vulnerable_populations_needs_no_checklist(cast):
    mission = _mission(cast, vulnerable=False)
    DeployedPersonFactory(deployment=mission, first_aid_on=None)
    services.deployment_approve(deployment=mission, actor=cast.users["coordinator_a"])
    assert Deployment.objects.get(pk=mission.pk).is_approved


def test_a_mission_naming_nobody_is_not_approved(cast):
    mission = _mission(cast, vulnerable=False)
    with pytest.raises(ValidationError) as refused:
        services.deployment_approve(deployment=mission, actor=cast.users["coordinator_a"])
    assert "people" in refused.value.message_dict


def test_undoing_a_checklist_item_withdraws_the_approval(cast):
    mission = _mission(cast)
    person = DeployedPersonFactory(deployment=mission)
    services.deployment_approve(deployment=mission, actor=cast.users["coordinator_a"])
    services.person_update(person=person, data={"first_aid_on": None}, actor=cast.users["editor_a"])
    mission.refresh_from_db()
    assert mission.status == DeploymentStatus.PLANNED and mission.approved_on is None
    assert ChangeRecord.objects.filter(action="deployments.deployment.withdraw").exists()


def test_only_coordinators_approve(cast):
    mission = _mission(cast)
    DeployedPersonFactory(deployment=mission)
    with pytest.raises(PermissionDenied):
        services.deployment_approve(deployment=mission, actor=cast.users["editor_a"])
    assert not Deployment.objects.get(pk=mission.pk).is_approved


def test_viewers_may_not_plan_missions(cast):
    with pytest.raises(PermissionDenied):
        services.deployment_create(
            program=cast.program, data={"title_en": "Mission"}, actor=cast.users["viewer_a"]
        )
    assert not Deployment.objects.exists()


def test_a_mission_ending_before_it_starts_is_refused_and_nothing_saved(cast):
    with pytest.raises(ValidationError) as refused:
        services.deployment_create(
            program=cast.program,
            data={"title_en": "Mission", "start_date": D(2019, 5, 2), "end_date": D(2019, 5, 1)},
            destinations=[{"country": "GT"}],
            actor=cast.users["editor_a"],
        )
    assert "Deployment 1 cannot end before it starts." in refused.value.message_dict["end_date"]
    assert not Deployment.objects.exists()
    assert not ChangeRecord.objects.filter(action__startswith="deployments.").exists()


def test_an_unknown_country_is_refused_and_nothing_saved(cast):
    with pytest.raises(ValidationError) as refused:
        services.deployment_create(
            program=cast.program,
            data={"title_en": "Mission"},
            destinations=[{"country": "GT"}, {"country": "ZZ"}],
            actor=cast.users["editor_a"],
        )
    assert "destination 2" in refused.value.message_dict["destinations"][0]
    assert not Deployment.objects.exists()


def test_create_numbers_the_mission_and_keeps_its_destinations_in_its_record(cast):
    mission = services.deployment_create(
        program=cast.program,
        data={"title_es": "Misión"},
        destinations=[{"country": "sv", "place": "San Salvador"}],
        actor=cast.users["editor_a"],
    )
    assert mission.number == 1
    assert [d.country for d in mission.destinations.all()] == ["SV"]
    record = ChangeRecord.objects.get(action="deployments.deployment.create")
    assert record.after["destinations"][0]["place"] == "San Salvador"


def test_a_specialist_of_another_program_or_twice_is_refused(cast):
    from alianza.core.tests.other_program import build_other_program

    mission = _mission(cast)
    other = SpecialistFactory(program=build_other_program().program)
    with pytest.raises(ValidationError) as refused:
        services.person_add(
            deployment=mission, specialist=other, data={}, actor=cast.users["editor_a"]
        )
    assert "specialist" in refused.value.message_dict
    person = DeployedPersonFactory(deployment=mission)
    with pytest.raises(ValidationError) as twice:
        services.person_add(
            deployment=mission, specialist=person.specialist, data={}, actor=cast.users["editor_a"]
        )
    assert "already on Deployment" in twice.value.message_dict["specialist"][0]
    assert DeployedPerson.objects.count() == 1


def test_removing_a_person_is_recorded(cast):
    mission = _mission(cast)
    person = DeployedPersonFactory(deployment=mission)
    services.person_remove(person=person, actor=cast.users["editor_a"])
    assert not DeployedPerson.objects.exists()
    assert ChangeRecord.objects.filter(action="deployments.person.delete").exists()
