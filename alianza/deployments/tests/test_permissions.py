"""Who may do what with deployments, over the conftest's cast: partners read, their editing
roles plan missions and keep checklists, coordinators approve; everyone else reads nothing
(a mission of another program is not there)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from alianza.conftest import COORDINATOR_ROLES, EDITOR_ROLES, PARTNER_ROLES, ROLES
from alianza.deployments.models import DeployedPerson, Deployment
from alianza.deployments.permissions import can_approve_deployment, can_edit_deployments
from alianza.deployments.tests.factories import DeployedPersonFactory, DeploymentFactory

pytestmark = pytest.mark.django_db


def _user(cast, role):
    return cast.users[role] or AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
def test_the_rules_over_the_cast(cast, role):
    user = _user(cast, role)
    assert can_edit_deployments(user, cast.program) == (role in EDITOR_ROLES)
    assert can_approve_deployment(user, cast.program) == (role in COORDINATOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_only_partners_read_missions_and_people(cast, role):
    person = DeployedPersonFactory(deployment=DeploymentFactory(program=cast.program))
    user = _user(cast, role)
    seen = list(Deployment.objects.visible_to(user))
    people = list(DeployedPerson.objects.visible_to(user))
    expected = role in PARTNER_ROLES
    assert seen == ([person.deployment] if expected else [])
    assert people == ([person] if expected else [])
