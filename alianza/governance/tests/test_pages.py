"""The board and dispute pages live under the program (`/programs/<code>/board/`,
`.../disputes/`), show the Monitoring tab with their own pill, and the meeting form saves
the meeting with its attendance and decisions through the service, in one page."""

from __future__ import annotations

import datetime
import re

import pytest

from alianza.governance import services
from alianza.governance.models import BoardMeeting
from alianza.governance.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def meeting_post(cast, **changes) -> dict:
    post = {
        "held_on": "2019-03-01",
        "kind": "ordinary",
        "agenda_es": "1. Plan anual",
        "attendance-TOTAL_FORMS": "2",
        "attendance-INITIAL_FORMS": "0",
        "attendance-0-institution": str(cast.partner_a.pk),
        "attendance-0-person_name": "Ana",
        "attendance-1-institution": str(cast.partner_b.pk),
        "attendance-1-person_name": "Luis",
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "0",
        "decisions-0-text_es": "Se aprueba el plan.",
    }
    post.update(changes)
    return post


@pytest.mark.parametrize(
    ("path", "pill"),
    [("/programs/TEST/board/", "Board"), ("/programs/TEST/disputes/", "Disputes")],
)
def test_governance_pages_show_the_monitoring_tab_and_their_pill(cast, path, pill):
    client = cast.client("viewer_a")
    client.cookies["django_language"] = "en"
    page = client.get(path).content.decode()
    active = re.search(r'data-testid="monitoring-nav".*?aria-current="page">([^<]+)<', page, re.S)
    assert active is not None and active.group(1).startswith(pill)


def test_the_meeting_form_saves_attendance_and_decisions(cast):
    response = cast.client("editor_a").post("/programs/TEST/board/new/", meeting_post(cast))
    meeting = BoardMeeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert sorted(meeting.attendance.values_list("person_name", flat=True)) == ["Ana", "Luis"]
    assert list(meeting.decisions.values_list("text_es", flat=True)) == ["Se aprueba el plan."]


def test_the_meeting_form_refuses_a_meeting_nobody_attended(cast):
    post = meeting_post(cast, **{"attendance-TOTAL_FORMS": "0"})
    response = cast.client("editor_a").post("/programs/TEST/board/new/", post)
    assert response.status_code == 400
    assert "attendance" in response.context["form"].non_field_errors()[0]
    assert not BoardMeeting.objects.exists()


def test_the_meeting_form_refuses_a_bad_attendance_row(cast):
    post = meeting_post(cast, **{"attendance-0-person_name": ""})
    response = cast.client("editor_a").post("/programs/TEST/board/new/", post)
    assert response.status_code == 400
    assert response.context["form"].attendance.errors[0]
    assert not BoardMeeting.objects.exists()


def test_the_meeting_form_refuses_a_save_from_a_stale_page(cast):
    meeting = MeetingFactory(program=cast.program)
    url = f"/programs/TEST/board/{meeting.pk}/edit/"
    client = cast.client("editor_a")
    page = client.get(url).content.decode()
    opened = re.search(r'name="record_version" value="([0-9a-f]+)"', page).group(1)
    assert "1. Annual work plan" in page
    services.meeting_update(
        meeting=BoardMeeting.objects.get(pk=meeting.pk),
        data={"location": "Elsewhere"},
        actor=cast.users["editor_b"],
    )
    response = client.post(url, meeting_post(cast, record_version=opened))
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.location) == (datetime.date(2019, 2, 1), "Elsewhere")
