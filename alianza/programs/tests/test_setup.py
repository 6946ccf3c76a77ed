"""A program set up from pages and the API: an administrator creates it, its coordinators
add partners (known institutions or new ones), change their roles and remove them, and
keep its classification schemes; others are refused and nothing is saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alianza.accounts.models import Institution
from alianza.audit.models import ChangeRecord
from alianza.initiatives import services as initiatives
from alianza.initiatives.models import ClassificationScheme
from alianza.programs import services
from alianza.programs.models import Partnership, Program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_refusals")]


def test_only_an_administrator_creates_a_program_from_the_page(cast):
    url = reverse("programs:program_create")
    data = {"code": "SECOND", "name_en": "Second program", "currency": "EUR"}
    assert cast.client("coordinator_a").post(url, data).status_code == 403
    answer = cast.client("superuser").post(url, data)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("programs:setup", kwargs={"code": "SECOND"})
    assert Program.objects.get(code="SECOND").currency == "EUR"


def test_a_coordinator_adds_a_new_partner_institution_with_its_role(cast):
    url = reverse("programs:partner_create", kwargs={"code": "TEST"})
    answer = cast.client("coordinator_a").post(
        url,
        {
            "code": "agcid",
            "acronym_en": "AGCID",
            "acronym_es": "AGCID",
            "name_en": "Chilean Agency",
            "kind": "government",
            "country": "CL",
            "role_en": "Co-financing partner",
        },
    )
    assert answer.status_code == 302, answer.content
    partnership = Partnership.objects.get(program=cast.program, institution__code="agcid")
    assert partnership.role_en == "Co-financing partner"
    assert ChangeRecord.objects.filter(action="accounts.institution.create").exists()
    assert ChangeRecord.objects.filter(action="programs.program.set_partner").exists()


def test_a_known_institution_becomes_a_partner_and_leaves(cast):
    client = cast.client("coordinator_a")
    add = reverse("programs:partner_add", kwargs={"code": "TEST"})
    outsider = Institution.objects.get(code="other_c")
    assert client.post(add, {"institution": outsider.pk, "role_en": "Donor"}).status_code == 302
    assert cast.program.partnerships.filter(institution=outsider).exists()
    remove = reverse("programs:partner_remove", kwargs={"code": "TEST", "institution": "other_c"})
    assert client.post(remove, {}).status_code == 302
    assert not cast.program.partnerships.filter(institution=outsider).exists()


def test_the_last_partner_stays(cast):
    user = cast.users["coordinator_a"]
    services.partnership_remove(
        partnership=cast.program.partnerships.get(institution=cast.partner_b), actor=user
    )
    with pytest.raises(ValidationError) as refused:
        services.partnership_remove(partnership=cast.program.partnerships.get(), actor=user)
    assert "institution" in refused.value.message_dict


def test_an_editor_may_not_change_the_partners(cast):
    with pytest.raises(PermissionDenied):
        services.partnership_set(
            program=cast.program,
            institution=cast.outsider_institution,
            actor=cast.users["editor_a"],
        )
    url = reverse("programs:partner_add", kwargs={"code": "TEST"})
    assert cast.client("editor_a").get(url).status_code == 403


def test_a_scheme_with_its_terms_typed_one_per_line(cast):
    url = reverse("initiatives:scheme_create", kwargs={"code": "TEST"})
    answer = cast.client("coordinator_a").post(
        url,
        {
            "code": "region",
            "name_en": "Region",
            "order": "3",
            "terms": "south | South | Sur\nnorth | North | Norte\nfar_north | Far north | | north",
        },
    )
    assert answer.status_code == 302, answer.content
    scheme = ClassificationScheme.objects.get(program=cast.program, code="region")
    assert [t.code for t in scheme.terms.order_by("order")] == ["south", "north", "far_north"]
    assert scheme.terms.get(code="far_north").parent.code == "north"


def test_a_scheme_in_use_is_not_deleted(cast):
    scheme = ClassificationScheme.objects.get(program=cast.program, code="incidence_level")
    url = reverse("initiatives:scheme_delete", kwargs={"code": "TEST", "scheme": scheme.code})
    answer = cast.client("coordinator_a").post(url, {})
    assert answer.status_code == 400
    assert ClassificationScheme.objects.filter(pk=scheme.pk).exists()


def test_a_scheme_code_already_used_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        initiatives.scheme_create(
            program=cast.program,
            code="incidence_level",
            values={"name_en": "Again"},
            terms=[],
            actor=cast.users["coordinator_a"],
        )
    assert "code" in refused.value.message_dict


def test_the_api_sets_a_program_up(cast):
    admin = cast.client("superuser")
    made = admin.post(
        "/api/v1/programs/",
        {"code": "SECOND", "name_en": "Second", "currency": "EUR"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    for code in ("agcid", "apc_py", "giz_de"):
        institution = admin.post(
            "/api/v1/institutions/",
            {"code": code, "name_en": code.upper()},
            content_type="application/json",
        )
        assert institution.status_code == 201, institution.content
        partner = admin.post(
            "/api/v1/partnerships/",
            {"program": "SECOND", "institution": code, "role_en": "Partner"},
            content_type="application/json",
        )
        assert partner.status_code == 201, partner.content
    assert Program.objects.get(code="SECOND").partnerships.count() == 3
    scheme = admin.post(
        "/api/v1/classification-schemes/",
        {
            "program": "SECOND",
            "code": "sector",
            "name_en": "Sector",
            "terms": [{"code": "health", "name_en": "Health"}, {"code": "water", "name_en": "W"}],
        },
        content_type="application/json",
    )
    assert scheme.status_code == 201, scheme.content
    assert [t["code"] for t in scheme.json()["terms"]] == ["health", "water"]
    taken = admin.post(
        "/api/v1/institutions/", {"code": "agcid", "name_en": "X"}, content_type="application/json"
    )
    assert taken.status_code == 400
    assert "code" in taken.json()


def test_another_programs_coordinator_cannot_change_this_program(cast):
    other = cast.client("coordinator_a")
    program = Program.objects.create(code="HIDDEN", name_en="Hidden", is_public=False)
    answer = other.patch(
        f"/api/v1/programs/{program.code}/", {"name_en": "Mine"}, content_type="application/json"
    )
    assert answer.status_code == 404
    assert Program.objects.get(code="HIDDEN").name_en == "Hidden"
