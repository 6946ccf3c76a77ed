"""generate_scale_data: a synthetic registry, written through the import's bulk path."""

from io import StringIO

import pytest
from django.core.management import call_command

from alianza.audit.models import ChangeRecord
from alianza.registry import geo
from alianza.registry.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Organisation,
    ParticipatingOrg,
    Transaction,
)

pytestmark = pytest.mark.django_db


def _generate(**options) -> str:
    out = StringIO()
    call_command("generate_scale_data", stdout=out, **options)
    return out.getvalue()


def test_generates_the_size_asked_all_marked_synthetic_and_a_rerun_adds_nothing():
    output = _generate(activities=30, transactions_per_activity=3, seed=7, chunk=8)
    activities = Activity.objects.all()
    assert activities.count() == 30
    assert Transaction.objects.count() == 90
    assert ActivitySector.objects.count() == 30
    assert ParticipatingOrg.objects.count() == 60
    assert all(a.iati_identifier.startswith("XX-SYNTH-7-") for a in activities)
    assert {a.program_id for a in activities} == {None}
    assert not any(a.is_public for a in activities)
    assert {a.reporting_org_display for a in activities} == {"Synthetic data"}
    assert all(a.results and a.tags[0]["code"] == "synthetic" for a in activities)
    assert all(o.ref.startswith("XX-SYNTH") for o in Organisation.objects.all())
    country = {s.code for s in geo.subdivisions()}
    assert set(ActivityLocation.objects.values_list("subdivision", flat=True)) <= country
    records = ChangeRecord.objects.filter(action="registry.activity.create")
    assert records.count() == 30  # one per activity, as the import writes them
    assert "30 activities created" in output

    counts = (Activity.objects.count(), Transaction.objects.count(), ChangeRecord.objects.count())
    again = _generate(activities=30, transactions_per_activity=3, seed=7, chunk=8)
    assert "0 activities created, 0 updated, 30 unchanged" in again
    after = (Activity.objects.count(), Transaction.objects.count(), ChangeRecord.objects.count())
    assert after == counts


def test_another_seed_adds_a_second_set_beside_the_first():
    _generate(activities=5, transactions_per_activity=1, seed=1)
    _generate(activities=5, transactions_per_activity=1, seed=2)
    assert Activity.objects.filter(iati_identifier__startswith="XX-SYNTH-1-").count() == 5
    assert Activity.objects.filter(iati_identifier__startswith="XX-SYNTH-2-").count() == 5


def test_refuses_clearly_an_identifier_a_program_already_registers():
    from django.core.management.base import CommandError

    from alianza.programs.tests.factories import ProgramFactory
    from alianza.registry.tests.factories import make_activity

    make_activity(ProgramFactory(code="OTHER"), "XX-SYNTH-3-0000002")
    with pytest.raises(CommandError, match="1 activities refused.*program.*XX-SYNTH-3-0000002"):
        _generate(activities=3, transactions_per_activity=1, seed=3)
    assert Activity.objects.filter(iati_identifier__startswith="XX-SYNTH-3-").count() == 3


def test_under_a_program_its_partners_see_them_and_growing_adds_only_the_new_ones():
    from django.core.management.base import CommandError

    from alianza.accounts.tests.factories import InstitutionFactory, member
    from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory

    program = ProgramFactory(code="SCALE")
    partner_institution = PartnershipFactory(program=program).institution
    partner = member("scale-partner", partner_institution)
    stranger = member("scale-stranger", InstitutionFactory())
    _generate(activities=4, transactions_per_activity=1, seed=5, program="SCALE")
    assert set(Activity.objects.values_list("program__code", flat=True)) == {"SCALE"}
    assert Activity.objects.visible_to(partner).count() == 4
    assert Activity.objects.visible_to(stranger).count() == 0

    grown = _generate(activities=10, transactions_per_activity=1, seed=5, program="SCALE")
    assert "6 activities created, 0 updated, 4 unchanged" in grown
    assert Activity.objects.visible_to(partner).count() == 10

    with pytest.raises(CommandError, match="no program has the code 'NOPE'"):
        _generate(activities=1, seed=5, program="NOPE")
