"""Optimistic locking across the apps (the initiatives have their own, fuller tests):

- an update service given a copy of the record read before someone else's change keeps
  that change, and its audit "before" is the row as stored;
- API details answer an ETag; a write with a stale If-Match answers 412 and changes
  nothing; one with the current ETag goes through and answers the new ETag;
- an edit page saved from a version that has changed since is refused, nothing saved.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from alianza.audit.models import ChangeRecord
from alianza.contracts import services as contracts
from alianza.contracts.tests.factories import ContractFactory
from alianza.finance import services as finance
from alianza.finance.tests.factories import BudgetLineFactory
from alianza.governance import services as governance
from alianza.governance.tests.factories import ActionItemFactory
from alianza.monitoring import services as monitoring
from alianza.programs import services as programs
from alianza.risks import services as risks
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


def _risk(cast):
    return RiskFactory(program=cast.program, title_en="Staff turnover")


def _budget_line(cast):
    return BudgetLineFactory(program=cast.program, source_note_en="", source_note_es="")


def _action_item(cast):
    return ActionItemFactory(program=cast.program, owner_institution=cast.partner_a)


def _contract(cast):
    return ContractFactory(program=cast.program)


#: (label, build(cast), update(record, data, actor), role, two fields with new values)
CASES = [
    (
        "risk",
        _risk,
        lambda r, data, actor: risks.risk_update(risk=r, data=data, actor=actor),
        "editor_a",
        {"title_en": "Staff leave", "cause_en": "Low salaries"},
    ),
    (
        "budget line",
        _budget_line,
        lambda r, data, actor: finance.budget_line_update(line=r, data=data, actor=actor),
        "coordinator_a",
        {"original_amount": Decimal("2000.00"), "source_note_en": "Work plan 2019"},
    ),
    (
        "action item",
        _action_item,
        lambda r, data, actor: governance.action_item_update(item=r, data=data, actor=actor),
        "editor_a",
        {"description_en": "Send the plan", "due_on": datetime.date(2019, 4, 1)},
    ),
    (
        "contract",
        _contract,
        lambda r, data, actor: contracts.contract_update(contract=r, data=data, actor=actor),
        "editor_a",
        {"title_en": "Baseline study", "contractor_name": "Beatriz Consultora"},
    ),
    (
        "program",
        lambda cast: cast.program,
        lambda r, data, actor: programs.program_update(program=r, data=data, actor=actor),
        "coordinator_a",
        {"summary_en": "Capacities", "objective_en": "Stronger institutions"},
    ),
]


@pytest.mark.parametrize(
    ("build", "update", "role", "changes"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_an_update_from_a_stale_copy_keeps_what_others_saved(cast, build, update, role, changes):
    record = build(cast)
    model = type(record)
    actor = cast.users[role]
    (first, first_value), (second, second_value) = changes.items()
    stale = model.objects.get(pk=record.pk)
    getattr(stale, second)  # read before the other writer's change

    update(model.objects.get(pk=record.pk), {first: first_value}, actor)
    update(stale, {second: second_value}, actor)

    stored = model.objects.get(pk=record.pk)
    assert getattr(stored, first) == first_value  # the other writer's change is kept
    assert getattr(stored, second) == second_value
    last = ChangeRecord.objects.filter(object_id=str(record.pk), action__endswith="update").first()
    assert last.changed_fields == [second]
    previous = ChangeRecord.objects.filter(
        object_id=str(record.pk), action=last.action, id__lt=last.id
    ).first()
    assert last.before == previous.after


# --- API -------------------------------------------------------------------------------------

API_CASES = [
    ("risks", _risk, "editor_a", {"title_en": "Renamed"}, "title_en"),
    ("budget-lines", _budget_line, "coordinator_a", {"source_note_en": "Plan"}, "source_note_en"),
    ("action-items", _action_item, "editor_a", {"description_en": "Call"}, "description_en"),
    ("contracts", _contract, "editor_a", {"title_en": "Baseline"}, "title_en"),
]


@pytest.mark.parametrize(
    ("route", "build", "role", "change", "field"),
    API_CASES,
    ids=[case[0] for case in API_CASES],
)
def test_api_details_answer_an_etag_and_writes_honour_if_match(
    cast, route, build, role, change, field
):
    record = build(cast)
    model = type(record)
    client = cast.client(role)
    client.cookies["django_language"] = "en"
    url = f"/api/v1/{route}/{record.pk}/"
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)

    # Someone else changes the record: the ETag read before is stale.
    other = model.objects.get(pk=record.pk)
    other_field = next(
        f for f in ("title_es", "description_es", "source_note_es") if hasattr(other, f)
    )
    setattr(other, other_field, "Cambio de otra persona")
    other.save()
    stale = client.patch(url, change, content_type=JSON, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert "changed by someone else" in stale.json()["detail"]
    assert getattr(model.objects.get(pk=record.pk), field) != change[field]

    current = client.get(url)["ETag"]
    assert current != etag
    written = client.patch(url, change, content_type=JSON, HTTP_IF_MATCH=current)
    assert written.status_code == 200
    assert getattr(model.objects.get(pk=record.pk), field) == change[field]
    assert written["ETag"] == client.get(url)["ETag"] != current


def test_monitoring_settings_answer_an_etag_and_honour_if_match(cast):
    client = cast.client("coordinator_a")
    settings = monitoring.monitoring_settings_update(
        program=cast.program, data={}, actor=cast.users["coordinator_a"]
    )
    url = f"/api/v1/monitoring-settings/{settings.pk}/"
    etag = client.get(url)["ETag"]
    field = next(
        f.name
        for f in type(settings)._meta.concrete_fields
        if f.get_internal_type() in ("PositiveIntegerField", "PositiveSmallIntegerField")
    )
    value = getattr(settings, field) + 1
    monitoring.monitoring_settings_update(
        program=cast.program, data={field: value}, actor=cast.users["coordinator_b"]
    )
    refused = client.patch(url, {field: value + 1}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert refused.status_code == 412
    assert refused.json()["changed_fields"] == [field]
    assert refused.json()["changed_by"] == ["coordinator_b"]
    fresh = refused["ETag"]
    written = client.patch(url, {field: value + 1}, content_type=JSON, HTTP_IF_MATCH=fresh)
    assert written.status_code == 200


# --- A page built on service_form ------------------------------------------------------------


def test_a_stale_edit_page_save_is_refused_and_saves_nothing(cast):
    line = _budget_line(cast)
    client = cast.client("coordinator_a")
    client.cookies["django_language"] = "en"
    url = reverse("finance:budget_line_update", kwargs={"code": cast.program.code, "pk": line.pk})
    page = client.get(url).content.decode()
    opened = re.search(r'name="record_version" value="([0-9a-f]+)"', page).group(1)
    finance.budget_line_update(
        line=type(line).objects.get(pk=line.pk),
        data={"source_note_en": "Changed meanwhile"},
        actor=cast.users["coordinator_b"],
    )
    recorded = ChangeRecord.objects.count()
    post = {
        "year": "2019",
        "currency": "USD",
        "original_amount": "5000.00",
        "source_note_en": "",
        "record_version": opened,
    }

    response = client.post(url, post)

    assert response.status_code == 400
    html = response.content.decode()
    assert "changed by someone else after you opened it" in html
    assert "coordinator_b" in html
    assert "Nothing was saved" in html
    stored = type(line).objects.get(pk=line.pk)
    assert (stored.original_amount, stored.source_note_en) == (
        Decimal("1000.00"),
        "Changed meanwhile",
    )
    assert ChangeRecord.objects.count() == recorded
    # From the current version, the same save goes through.
    assert (
        client.post(url, {**post, "record_version": stored_version(client, url)}).status_code == 302
    )
    assert type(line).objects.get(pk=line.pk).original_amount == Decimal("5000.00")


def stored_version(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="record_version" value="([0-9a-f]+)"', page).group(1)


def test_read_only_details_answer_an_etag_too(cast):
    client = cast.client("viewer_a")
    program = client.get(f"/api/v1/programs/{cast.program.code}/")
    institution = client.get(f"/api/v1/institutions/{cast.partner_a.code}/")
    scheme = cast.program.classification_schemes.get()
    schemes = client.get(f"/api/v1/classification-schemes/{scheme.pk}/")
    for response in (program, institution, schemes):
        assert response.status_code == 200
        assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    assert "ETag" not in client.get("/api/v1/programs/")  # a list has no single version
    programs.program_update(
        program=cast.program, data={"summary_en": "New"}, actor=cast.users["coordinator_a"]
    )
    assert client.get(f"/api/v1/programs/{cast.program.code}/")["ETag"] != program["ETag"]
