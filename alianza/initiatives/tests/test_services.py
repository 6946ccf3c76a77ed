import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.core.models import DatePrecision
from alianza.initiatives import services
from alianza.initiatives.models import CostRecord, ExecutionPeriod, Initiative
from alianza.initiatives.tests.factories import ProvisionFactory, TermFactory

pytestmark = pytest.mark.django_db


def _period(start: str, end: str) -> dict:
    return {
        "start_date": datetime.date.fromisoformat(start),
        "start_precision": DatePrecision.DAY,
        "end_date": datetime.date.fromisoformat(end),
        "end_precision": DatePrecision.DAY,
    }


def _valid_data(**overrides) -> dict:
    data = {
        "number": 10,
        "title_en": "Gender protocol",
        "title_es": "Protocolo de género",
        "classifications": {"incidence_level": "political"},
        "periods": [_period("2018-02-01", "2018-06-30")],
        "costs": [{"amount": Decimal("37926.53"), "currency": "USD"}],
    }
    data.update(overrides)
    return data


def test_initiative_create_saves_it_whole_and_audits_it(cast):
    editor = cast.users["editor_a"]
    initiative = services.initiative_create(program=cast.program, data=_valid_data(), actor=editor)
    assert initiative.periods.count() == 1 and initiative.costs.count() == 1
    assert [c.term.code for c in initiative.classifications.all()] == ["political"]
    record = ChangeRecord.objects.get(
        action="initiatives.initiative.create", object_id=str(initiative.pk)
    )
    assert record.actor == editor and record.actor_institution == cast.partner_a
    assert record.after["classifications"] == {"incidence_level": ["political"]}
    assert record.after["costs"][0]["amount"] == "37926.53"


def test_initiative_update_records_before_and_after(cast):
    initiative = cast.public_initiative
    services.initiative_update(
        initiative=initiative, data={"title_en": "Renamed"}, actor=cast.users["editor_b"]
    )
    record = ChangeRecord.objects.get(action="initiatives.initiative.update")
    assert record.before["title_en"] == "Public work"
    assert record.after["title_en"] == "Renamed"
    assert record.actor_institution == cast.partner_b


def test_initiative_update_with_the_same_data_changes_nothing(cast):
    initiative = cast.public_initiative
    stamp = Initiative.objects.get(pk=initiative.pk).updated_at
    services.initiative_update(
        initiative=initiative,
        data={
            "title_en": initiative.title_en,
            "classifications": {"incidence_level": "systemic"},
        },
        actor=cast.users["editor_a"],
    )
    assert not ChangeRecord.objects.exists()
    assert Initiative.objects.get(pk=initiative.pk).updated_at == stamp


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"periods": [_period("2019-05-01", "2018-01-01")]}, "periods"),
        ({"costs": [{"amount": Decimal("-1.00"), "currency": "USD"}]}, "costs"),
        ({"classifications": {"incidence_level": "galactic"}}, "incidence_level"),
        ({"classifications": {"no_such_scheme": "x"}}, "classifications"),
        ({"number": 1}, "number"),
        ({"alignments": ["lcid:art_999"]}, "alignments"),
        ({"title_en": "", "title_es": ""}, "title_en"),
    ],
)
def test_initiative_create_refuses_bad_input_naming_the_field(cast, overrides, field):
    before = (
        Initiative.objects.count(),
        ExecutionPeriod.objects.count(),
        CostRecord.objects.count(),
        ChangeRecord.objects.count(),
    )
    with pytest.raises(ValidationError) as error:
        services.initiative_create(
            program=cast.program, data=_valid_data(**overrides), actor=cast.users["editor_a"]
        )
    assert field in error.value.message_dict
    assert (
        Initiative.objects.count(),
        ExecutionPeriod.objects.count(),
        CostRecord.objects.count(),
        ChangeRecord.objects.count(),
    ) == before


def test_bad_period_message_names_the_record_and_the_dates(cast):
    with pytest.raises(ValidationError) as error:
        services.initiative_create(
            program=cast.program,
            data=_valid_data(periods=[_period("2019-05-01", "2018-01-01")]),
            actor=cast.users["editor_a"],
        )
    message = error.value.message_dict["periods"][0]
    assert "1" in message and "2018-01-01" in message and "2019-05-01" in message


def test_a_failed_update_leaves_the_initiative_as_it_was(cast):
    initiative = cast.public_initiative
    with pytest.raises(ValidationError):
        services.initiative_update(
            initiative=initiative,
            data={
                "title_en": "Half-saved?",
                "costs": [{"amount": Decimal("-5"), "currency": "USD"}],
            },
            actor=cast.users["editor_a"],
        )
    fresh = Initiative.objects.get(pk=initiative.pk)
    assert fresh.title_en == "Public work"
    assert [c.amount for c in fresh.costs.all()] == [Decimal("100.50")]


def test_a_term_of_another_program_is_refused(cast):
    foreign = TermFactory(code="systemic")  # same code, other program's scheme
    with pytest.raises(ValidationError) as error:
        services.initiative_create(
            program=cast.program,
            data=_valid_data(classifications={"incidence_level": foreign}),
            actor=cast.users["editor_a"],
        )
    assert "incidence_level" in error.value.message_dict


@pytest.mark.parametrize("role", ["viewer_a", "viewer_b", "outsider"])
def test_only_editing_roles_change_initiatives(cast, role):
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            initiative=cast.public_initiative, data={"title_en": "x"}, actor=cast.users[role]
        )


def test_only_coordinators_publish(cast):
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            initiative=cast.internal_initiative,
            data={"is_public": True},
            actor=cast.users["editor_a"],
        )
    services.initiative_update(
        initiative=cast.internal_initiative,
        data={"is_public": True},
        actor=cast.users["coordinator_b"],
    )
    assert Initiative.objects.get(pk=cast.internal_initiative.pk).is_public


def test_initiative_delete_is_for_coordinators_and_keeps_the_last_state(cast):
    initiative = cast.internal_initiative
    with pytest.raises(PermissionDenied):
        services.initiative_delete(initiative=initiative, actor=cast.users["editor_a"])
    pk = initiative.pk
    services.initiative_delete(initiative=initiative, actor=cast.users["coordinator_a"])
    assert not Initiative.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.get(action="initiatives.initiative.delete")
    assert record.object_id == str(pk) and record.after is None
    assert record.before["title_en"] == "Internal work"
    assert record.before["costs"][0]["amount"] == "100.50"


def test_alignment_links_provisions_by_instrument_and_code(cast):
    provision = ProvisionFactory(instrument__code="lcid", code="art_10")
    initiative = services.initiative_create(
        program=cast.program,
        data=_valid_data(alignments=["lcid:art_10"]),
        actor=cast.users["editor_a"],
    )
    assert list(initiative.provisions.all()) == [provision]


def test_classification_of_one_scheme_keeps_the_others(cast):
    from alianza.initiatives.tests.factories import SchemeFactory

    scope = SchemeFactory(program=cast.program, code="scope")
    TermFactory(scheme=scope, code="internal")
    initiative = cast.public_initiative
    services.initiative_update(
        initiative=initiative,
        data={"classifications": {"scope": "internal"}},
        actor=cast.users["editor_a"],
    )
    codes = sorted((c.scheme.code, c.term.code) for c in initiative.classifications.all())
    assert codes == [("incidence_level", "systemic"), ("scope", "internal")]
