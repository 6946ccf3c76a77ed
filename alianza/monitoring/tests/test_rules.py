"""monitoring.permissions over the cast: who changes the thresholds, who signs a period
report, and whose notification is whose; the pages ask the same rules."""

from __future__ import annotations

import pytest

from alianza.conftest import COORDINATOR_ROLES, ROLES
from alianza.monitoring.models import Notification
from alianza.monitoring.permissions import (
    can_edit_monitoring_settings,
    can_read_notification,
    can_sign_period_report,
)

pytestmark = pytest.mark.django_db

#: A partner's coordinator signs for their institution; administrators sign only as one.
SIGNERS = {"coordinator_a", "coordinator_b"}


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _user(cast, role, anonymous):
    return cast.users[role] or anonymous


@pytest.mark.parametrize("role", ROLES)
def test_settings_are_the_coordinators(cast, role, anonymous):
    allowed = can_edit_monitoring_settings(_user(cast, role, anonymous), cast.program)
    assert allowed is (role in COORDINATOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_a_partners_coordinator_signs(cast, role, anonymous):
    assert can_sign_period_report(_user(cast, role, anonymous), cast.program) is (role in SIGNERS)


@pytest.mark.parametrize("role", ROLES)
def test_a_notification_is_its_recipients(cast, role, anonymous):
    notification = Notification.objects.create(
        user=cast.users["editor_a"], program=cast.program, kind="dispute_waiting", key="k"
    )
    allowed = can_read_notification(_user(cast, role, anonymous), notification)
    assert allowed is (role == "editor_a")


@pytest.mark.parametrize(("role", "offered"), [("coordinator_a", True), ("editor_a", False)])
def test_the_report_page_offers_the_sign_off_to_a_coordinator_who_has_not_signed(
    cast, role, offered
):
    page = cast.client(role).get("/programs/TEST/monitoring/report/?period=2019")
    assert ('data-testid="sign-form"' in page.content.decode()) is offered
