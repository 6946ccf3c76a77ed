"""A person's checklist: each item, and the insurance against the mission's dates."""

from __future__ import annotations

import datetime

import pytest

from alianza.deployments.choices import ChecklistItem
from alianza.deployments.tests.factories import DeployedPersonFactory, DeploymentFactory
from alianza.specialists.tests.factories import SpecialistFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_complete_checklist_misses_nothing(cast):
    person = DeployedPersonFactory(deployment=DeploymentFactory(program=cast.program))
    assert person.missing_items() == []
    assert person.checklist_complete


def test_insurance_must_cover_the_whole_mission(cast):
    mission = DeploymentFactory(
        program=cast.program, start_date=D(2019, 12, 20), end_date=D(2020, 1, 10)
    )
    person = DeployedPersonFactory(deployment=mission)
    assert person.missing_items() == [ChecklistItem.INSURANCE]


def test_without_personal_data_insurance_and_emergency_contact_are_missing(cast):
    mission = DeploymentFactory(program=cast.program)
    person = DeployedPersonFactory(
        deployment=mission,
        specialist=SpecialistFactory(program=cast.program),
        first_aid_on=None,
    )
    assert person.missing_items() == [
        ChecklistItem.FIRST_AID,
        ChecklistItem.INSURANCE,
        ChecklistItem.EMERGENCY_CONTACT,
    ]


def test_a_mission_without_dates_has_no_insurance_to_check(cast):
    mission = DeploymentFactory(program=cast.program, start_date=None, end_date=None)
    assert ChecklistItem.INSURANCE in DeployedPersonFactory(deployment=mission).missing_items()
