"""One state machine for a dispute's steps: `services.dispute_step` decides which fields a
step needs and where the case goes next, and the page and the API give the same errors,
keyed by the same fields."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.contracts.tests.factories import ContractFactory
from alianza.governance import services
from alianza.governance.choices import DisputeStage
from alianza.governance.models import Dispute

pytestmark = pytest.mark.django_db
D = datetime.date
JSON = "application/json"


def open_case(cast) -> Dispute:
    contract = ContractFactory(program=cast.program)
    return services.dispute_open(
        program=cast.program,
        data={
            "subject": "consultancy_quality",
            "contract": contract,
            "title_es": "Calidad del informe",
            "opened_on": D(2019, 5, 2),
            "criteria_es": "Dos devoluciones sin corrección.",
        },
        actor=cast.users["editor_a"],
    )


def stage(dispute: Dispute) -> str:
    dispute.refresh_from_db()
    return dispute.stage(list(dispute.program.partnerships.values_list("institution", flat=True)))


def test_dispute_step_takes_the_case_from_criteria_to_decision(cast):
    dispute = open_case(cast)
    coordinator = cast.users["coordinator_b"]
    steps = [
        {"agreed_on": D(2019, 5, 3)},
        {"expert": "Panel técnico", "appointed_on": D(2019, 5, 10)},
        {"opinion_es": "Cumple a medias.", "opinion_on": D(2019, 6, 1)},
        {"decision_es": "Se corrige.", "decided_on": D(2019, 6, 15), "outcome": "remedy"},
    ]
    seen = []
    for data in steps:
        services.dispute_step(dispute=dispute, data=data, actor=coordinator)
        seen.append(stage(dispute))
    assert seen == [
        DisputeStage.EXPERT,
        DisputeStage.OPINION,
        DisputeStage.DECISION,
        DisputeStage.CLOSED,
    ]
    assert dispute.expert_appointed_on == D(2019, 5, 10) and dispute.outcome == "remedy"
    with pytest.raises(ValidationError) as closed:
        services.dispute_step(dispute=dispute, data={}, actor=coordinator)
    assert "stage" in closed.value.message_dict


def test_dispute_step_names_each_missing_field_and_saves_nothing(cast):
    dispute = open_case(cast)
    services.dispute_step(
        dispute=dispute, data={"agreed_on": D(2019, 5, 3)}, actor=cast.users["coordinator_b"]
    )
    before = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.dispute_step(dispute=dispute, data={}, actor=cast.users["coordinator_a"])
    assert set(refused.value.message_dict) == {"expert", "appointed_on"}
    assert ChangeRecord.objects.count() == before and stage(dispute) == DisputeStage.EXPERT


def test_dispute_step_refuses_a_form_made_for_an_earlier_step(cast):
    dispute = open_case(cast)
    coordinator = cast.users["coordinator_b"]
    services.dispute_step(dispute=dispute, data={"agreed_on": D(2019, 5, 3)}, actor=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.dispute_step(
            dispute=dispute,
            step=DisputeStage.CRITERIA,
            data={"agreed_on": D(2019, 5, 4)},
            actor=coordinator,
        )
    assert "agreed_on" in refused.value.message_dict
    assert dispute.agreements.count() == 2


def test_dispute_step_keys_the_dispute_s_errors_by_the_step_s_fields(cast):
    dispute = open_case(cast)
    coordinator = cast.users["coordinator_b"]
    services.dispute_step(dispute=dispute, data={"agreed_on": D(2019, 5, 3)}, actor=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.dispute_step(
            dispute=dispute,
            data={"expert": "Panel", "appointed_on": D(2019, 1, 1)},
            actor=coordinator,
        )
    assert "appointed_on" in refused.value.message_dict


def test_dispute_step_is_for_coordinators(cast):
    dispute = open_case(cast)
    with pytest.raises(PermissionDenied):
        services.dispute_step(
            dispute=dispute, data={"agreed_on": D(2019, 5, 3)}, actor=cast.users["editor_b"]
        )
    assert dispute.agreements.count() == 1


def test_the_page_and_the_api_give_the_same_errors_for_a_step(cast):
    dispute = open_case(cast)
    client = cast.client("coordinator_b")
    client.post(f"/api/v1/disputes/{dispute.pk}/step/", {"agreed_on": "2019-05-03"}, JSON)
    page = client.post(f"/programs/TEST/disputes/{dispute.number}/step/", {})
    api = client.post(f"/api/v1/disputes/{dispute.pk}/step/", {}, JSON)
    assert page.status_code == api.status_code == 400
    form_errors = page.context["form"].errors
    assert set(form_errors) == set(api.json()) == {"expert", "appointed_on"}
    assert form_errors["expert"] == api.json()["expert"]


def test_the_step_page_records_the_step_and_returns_to_the_case(cast):
    dispute = open_case(cast)
    response = cast.client("coordinator_b").post(
        f"/programs/TEST/disputes/{dispute.number}/step/", {"agreed_on": "2019-05-03"}
    )
    assert response.status_code == 302 and response.url == dispute.get_absolute_url()
    assert stage(dispute) == DisputeStage.EXPERT
    page = cast.client("coordinator_b").get(dispute.get_absolute_url()).content.decode()
    assert 'name="expert"' in page and 'name="agreed_on"' not in page
