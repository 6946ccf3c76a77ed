"""Each partner's coordinator signs a period report; the report tells what changed after."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.accounts import services as accounts
from alianza.audit.models import ChangeRecord
from alianza.monitoring import services
from alianza.monitoring.models import PeriodReport, Signature
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def sign(cast, role):
    return services.period_report_sign(
        program=cast.program, start=D(2019, 1, 1), end=D(2019, 12, 31), actor=cast.users[role]
    )


@pytest.mark.parametrize("role", ["viewer_a", "editor_b", "focal_a"])
def test_a_sign_off_by_someone_who_is_not_a_coordinator_is_refused(cast, role):
    before = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as refused:
        sign(cast, role)
    assert "not the coordinator" in refused.value.message_dict["signed_by"][0]
    assert not PeriodReport.objects.exists() and ChangeRecord.objects.count() == before


def test_outsiders_may_not_sign(cast):
    with pytest.raises(PermissionDenied):
        sign(cast, "outsider")


def test_both_coordinators_sign_once_each(cast):
    sign(cast, "coordinator_a")
    sign(cast, "coordinator_b")
    with pytest.raises(ValidationError):
        sign(cast, "coordinator_a")
    assert sorted(Signature.objects.values_list("institution__code", flat=True)) == [
        "agency_a",
        "undp_b",
    ]
    assert PeriodReport.objects.count() == 1


def test_the_report_lists_what_changed_after_a_signature(cast):
    sign(cast, "coordinator_a")
    RiskFactory(program=cast.program, number=7, likelihood=5, impact=5, title_en="New threat")
    page = (
        cast.client("viewer_b")
        .get(
            "/programs/TEST/monitoring/report/?start=2019-01-01&end=2019-12-31",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        .content.decode()
    )
    assert "What changed after AGA signed" in page
    assert "Risks · R7: — → 25" in page


def test_the_sign_off_names_the_institution_in_the_readers_language(cast):
    accounts.institution_upsert(
        code="undp_b",
        values={"acronym_en": "UNDP Mexico", "acronym_es": "PNUD México"},
        actor=cast.users["superuser"],
    )
    url = "/programs/TEST/monitoring/report/?start=2019-01-01&end=2019-12-31"

    def page(language: str) -> str:
        client = cast.client("coordinator_b")
        client.cookies["django_language"] = language
        return client.get(url).content.decode()

    assert "Firmar en nombre de PNUD México" in page("es")
    assert "Sign for UNDP Mexico" in page("en")
    sign(cast, "coordinator_b")
    spanish, english = page("es"), page("en")
    assert "(PNUD México)" in spanish and "UNDP Mexico" not in spanish
    assert "(UNDP Mexico)" in english and "PNUD México" not in english
