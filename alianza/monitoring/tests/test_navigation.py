import pytest

from alianza.monitoring.choices import AlertKind
from alianza.monitoring.models import Notification

pytestmark = pytest.mark.django_db


def test_navigation_shows_the_unread_notifications_count(cast):
    user = cast.users["coordinator_a"]
    for n in range(2):
        Notification.objects.create(
            user=user, program=cast.program, kind=AlertKind.values[0], key=f"test-{n}"
        )
    page = cast.client("coordinator_a").get("/").content.decode()
    assert 'data-testid="notifications"' in page
    assert '<span class="badge text-bg-warning">2</span>' in page


def test_navigation_shows_no_notifications_link_to_anonymous_visitors(cast):
    assert 'data-testid="notifications"' not in cast.client("anonymous").get("/").content.decode()
