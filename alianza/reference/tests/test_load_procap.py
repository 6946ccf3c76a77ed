"""PROCAP's reference data: what the report states must come out of the records."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.utils import translation

from alianza.accounts.models import Institution
from alianza.audit.models import ChangeRecord
from alianza.initiatives.models import Classification, CostRecord, Initiative
from alianza.initiatives.selectors import scheme_table
from alianza.programs.models import DocumentVersion, GeneralRevision, Phase, Program
from alianza.programs.selectors import compare_versions

pytestmark = pytest.mark.django_db


def _counts(program, scheme_code):
    return Counter(
        c.term.code
        for c in Classification.objects.filter(
            initiative__program=program, scheme__code=scheme_code
        ).select_related("term")
    )


def test_procap_has_its_16_initiatives_and_partners(procap):
    assert Initiative.objects.filter(program=procap).count() == 16
    assert sorted(procap.partners.values_list("acronym_en", flat=True)) == [
        "AMEXCID",
        "UNDP Mexico",
    ]
    assert list(Phase.objects.filter(program=procap).values_list("number", flat=True)) == [1, 2, 3]


def test_procap_institutions_are_named_in_both_languages(procap):
    undp_mexico = Institution.objects.get(code="undp_mexico")
    with translation.override("es"):
        assert str(undp_mexico) == "PNUD México"
        assert undp_mexico.name == "Oficina del PNUD en México"
    with translation.override("en"):
        assert str(undp_mexico) == "UNDP Mexico"
        assert undp_mexico.name == "UNDP Mexico country office"
    assert not Institution.objects.filter(name_es="").exists()
    assert not Institution.objects.filter(name_en="").exists()


def test_incidence_counts_match_figure_6(procap):
    assert _counts(procap, "incidence_level") == {
        "systemic": 4,
        "political": 4,
        "organizational": 4,
        "individual": 2,
        "operative": 2,
    }


def test_fifteen_costs_sum_to_the_reports_total(procap):
    costs = CostRecord.objects.filter(initiative__program=procap)
    assert costs.values("initiative").distinct().count() == 15
    assert costs.aggregate(total=Sum("amount"))["total"] == Decimal("543288.01")
    retreat = Initiative.objects.get(program=procap, number=10)
    assert not retreat.costs.exists()  # not in Figure 7: left empty, not invented


def test_four_largest_costs_are_the_ones_the_text_names(procap):
    ranked = list(
        Initiative.objects.filter(program=procap)
        .with_cost()
        .exclude(cost=None)
        .order_by("-cost")
        .values_list("number", flat=True)
    )
    assert ranked[:5] == [13, 5, 16, 9, 2]
    pdi = Initiative.objects.with_cost().get(program=procap, number=9).cost
    virtual = Initiative.objects.with_cost().get(program=procap, number=5).cost
    assert round(pdi / virtual, 3) == Decimal("0.972")


def test_dissemination_scope_shows_the_records_not_the_texts_17(procap):
    counts = _counts(procap, "dissemination_scope")
    assert sum(counts.values()) == 16  # the report's text adds up to 17
    scheme = procap.classification_schemes.get(code="dissemination_scope")
    assert "17" in scheme.source_note_en


def test_table_6_is_rebuilt_from_the_classifications(procap):
    scheme = procap.classification_schemes.get(code="support_dimension")
    table = scheme_table(scheme, Initiative.objects.filter(program=procap).for_list())
    by_code = {row.term.code: row.count for row in table.rows}
    assert by_code["institutional_operational_development"] == 10  # 4 + 4 + 2 sub-dimensions
    assert by_code["instruments_methodologies"] == 4
    assert by_code["staff_training"] == 4
    assert by_code["operational_support"] == 2
    assert by_code["good_practices_systematization"] == 3
    assert by_code["forum_positioning"] == 3
    assert by_code["network_facilitation"] == 0 and by_code["direct_support"] == 0
    assert table.classified_total == 16 and table.unclassified == []


def test_eleven_general_revisions_with_the_annex_amounts(procap):
    revisions = GeneralRevision.objects.filter(program=procap)
    assert revisions.count() == 11
    first = revisions.get(number=1)
    assert first.total_award == Decimal("2057000.81") and first.date.isoformat() == "2013-06-10"
    fourth = revisions.get(number=4)
    assert fourth.award_change == Decimal("2410000.00")
    assert sorted(a.amount for a in fourth.amounts.all()) == [
        Decimal("110000.00"),
        Decimal("2300000.00"),
    ]


def test_annex_2_versions_compare_across_the_third_revision(procap):
    versions = {v.code: v for v in DocumentVersion.objects.filter(program=procap)}
    assert len(versions) == 8
    changes = compare_versions(versions["original_2013"], versions["revision_3"])
    renumbered = [
        c
        for c in changes
        if c.number_before and c.number_after and c.number_before != c.number_after
    ]
    assert renumbered, "the CoE and good-practice results swap numbers in May 2015"
    assert any(p.status == "added" for c in changes for p in c.products)
    assert any(p.status == "removed" for c in changes for p in c.products)


def test_loading_twice_changes_nothing(procap):
    records = ChangeRecord.objects.count()
    stamps = {i.pk: i.updated_at for i in Initiative.objects.all()}
    program_stamp = Program.objects.get(code="PROCAP").updated_at
    call_command("load_procap", verbosity=0)
    assert ChangeRecord.objects.count() == records
    assert {i.pk: i.updated_at for i in Initiative.objects.all()} == stamps
    assert Program.objects.get(code="PROCAP").updated_at == program_stamp


def test_every_loaded_record_is_in_the_audit_trail_as_the_loader(procap):
    created = ChangeRecord.objects.filter(action="initiatives.initiative.create")
    assert created.count() == 16
    assert set(created.values_list("source", flat=True)) == {"load_procap"}
    assert set(created.values_list("actor_username", flat=True)) == {"alianza-system"}


def test_a_broken_data_file_loads_nothing(tmp_path):
    from alianza.reference.loaders import PROCAP_DIR as DATA_DIR

    (tmp_path / "program.toml").write_text((DATA_DIR / "program.toml").read_text())
    broken = (
        (DATA_DIR / "initiatives.toml")
        .read_text()
        .replace('incidence_level = "systemic"', 'incidence_level = "cosmic"', 1)
    )
    (tmp_path / "initiatives.toml").write_text(broken)
    with pytest.raises(CommandError, match="cosmic"):
        call_command("load_procap", data_dir=tmp_path, verbosity=0)
    assert not Program.objects.exists()
    assert not ChangeRecord.objects.exists()


def _other_programs_data_set(tmp_path, *, leave_out=()):
    """PROCAP's files with the program's code changed: another program's data set."""
    from alianza.reference.loaders import PROCAP_DIR as DATA_DIR

    for source in DATA_DIR.glob("*.toml"):
        if source.stem in leave_out:
            continue
        text = source.read_text()
        if source.stem == "program":
            text = text.replace('code = "PROCAP"', 'code = "OTHER"', 1)
        (tmp_path / source.name).write_text(text)
    return tmp_path


PROCAP_ONLY_FILES = {"finance", "risks", "specialists", "monitoring"}


@pytest.mark.parametrize("name", sorted(PROCAP_ONLY_FILES))
def test_procap_only_loaders_refuse_another_program_and_keep_nothing(tmp_path, name):
    others = (PROCAP_ONLY_FILES - {name}) | {"report"}
    data_dir = _other_programs_data_set(tmp_path, leave_out=others)
    with pytest.raises(CommandError) as caught:
        call_command("load_procap", data_dir=data_dir, verbosity=0)
    message = str(caught.value)
    assert f"{name}.toml" in message and "refuses program 'OTHER'" in message
    assert "DoesNotExist" not in message
    assert not Program.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_another_programs_data_set_without_procaps_files_loads_with_plain_titles(tmp_path):
    from alianza.systematization.models import ReportNumber

    data_dir = _other_programs_data_set(tmp_path, leave_out=PROCAP_ONLY_FILES | {"report"})
    call_command("load_procap", data_dir=data_dir, verbosity=0)
    other = Program.objects.get(code="OTHER")
    assert other.initiatives.count() == 16
    assert not ReportNumber.objects.filter(program=other).exists()
    assert not other.risks.exists()
    assert not other.headcount_records.exists()


def test_a_risk_naming_an_unknown_initiative_is_named(tmp_path):
    from alianza.reference.loaders import PROCAP_DIR as DATA_DIR

    for source in DATA_DIR.glob("*.toml"):
        text = source.read_text()
        if source.stem == "risks":
            text = text.replace("initiative = ", "initiative = 90", 1)
        (tmp_path / source.name).write_text(text)
    with pytest.raises(CommandError, match=r"risks\.toml: risk .* names initiative 90"):
        call_command("load_procap", data_dir=tmp_path, verbosity=0)
    assert not Program.objects.exists()
