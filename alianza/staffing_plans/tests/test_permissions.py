"""Who may do what with the staffing scenarios, over the conftest's cast: partners read
them; only coordinators define scenarios and save plans; others read nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from alianza.conftest import COORDINATOR_ROLES, PARTNER_ROLES, ROLES
from alianza.staffing_plans.models import Scenario
from alianza.staffing_plans.permissions import can_plan_staffing
from alianza.staffing_plans.tests.factories import ScenarioFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_the_rules_over_the_cast(cast, role):
    scenario = ScenarioFactory(program=cast.program)
    user = cast.users[role] or AnonymousUser()
    assert can_plan_staffing(user, cast.program) == (role in COORDINATOR_ROLES)
    assert list(Scenario.objects.visible_to(user)) == ([scenario] if role in PARTNER_ROLES else [])
