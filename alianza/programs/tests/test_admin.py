"""The admin writes Program, Phase and DocumentVersion through their services: the
services' rules (who may change a program's structure) hold there too, and the audit
record is the service's."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from alianza.accounts.choices import Role
from alianza.accounts.tests.factories import member
from alianza.audit.models import ChangeRecord
from alianza.programs.models import DocumentVersion, Phase, Program

pytestmark = pytest.mark.django_db


def _staff(username, institution, role):
    """A staff user with every programs permission of the admin, and a role in a partner."""
    user = member(username, institution, role)
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="programs"))
    return user


def _value(value):
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    return value


def _errors(response):
    return getattr(response, "context", None) and response.context["adminform"].form.errors


def _page_data(client, url, **changes):
    """What the admin page at `url` would post back unchanged, with `changes` applied."""
    context = client.get(url).context
    data = {}
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = _value(field.value())
            if value != "":
                data[field.html_name] = value
    data.update(changes)
    return data


def test_admin_program_save_by_an_editor_is_refused_by_the_service(cast, client):
    """Staff with the admin's permissions but only an editor of a partner: the service's
    rule (coordinators change a program's structure) refuses, nothing is kept."""
    client.force_login(_staff("staff_editor", cast.partner_a, Role.EDITOR))
    url = reverse("admin:programs_program_change", args=[cast.program.pk])
    response = client.post(url, _page_data(client, url, name_en="Renamed"))
    assert response.status_code == 403
    cast.program.refresh_from_db()
    assert cast.program.name_en != "Renamed"
    assert not ChangeRecord.objects.filter(action="programs.program.update").exists()


def test_admin_program_save_by_a_coordinator_is_the_services_update(cast, client):
    client.force_login(_staff("staff_coordinator", cast.partner_a, Role.COORDINATOR))
    url = reverse("admin:programs_program_change", args=[cast.program.pk])
    response = client.post(url, _page_data(client, url, name_en="Renamed"))
    assert response.status_code == 302, response.content[:2000]
    assert Program.objects.get(pk=cast.program.pk).name_en == "Renamed"
    change = ChangeRecord.objects.get(action="programs.program.update")
    assert change.changed_fields == ["name_en"]


def test_admin_program_add_needs_an_administrator(cast, client):
    client.force_login(_staff("staff_coordinator", cast.partner_a, Role.COORDINATOR))
    url = reverse("admin:programs_program_add")
    data = _page_data(client, url, code="NEW", name_en="New", name_es="Nuevo")
    response = client.post(url, data)
    assert response.status_code == 403
    assert not Program.objects.filter(code="NEW").exists()

    client.force_login(cast.users["superuser"])
    response = client.post(reverse("admin:programs_program_add"), data)
    assert response.status_code == 302, response.content[:2000]
    program = Program.objects.get(code="NEW")
    assert ChangeRecord.objects.filter(
        action="programs.program.create", object_id=str(program.pk)
    ).exists()


def test_admin_phase_add_and_delete_go_through_the_services(cast, client):
    client.force_login(_staff("staff_editor", cast.partner_a, Role.EDITOR))
    url = reverse("admin:programs_phase_add")
    changes = {"program": cast.program.pk, "number": 7, "name_en": "Phase 7", "name_es": "Fase 7"}
    changes["start_date"] = "2030-01-01"
    response = client.post(url, _page_data(client, url, **changes))
    assert response.status_code == 403, _errors(response)
    assert not Phase.objects.filter(program=cast.program, number=7).exists()

    client.force_login(_staff("staff_coordinator", cast.partner_b, Role.COORDINATOR))
    response = client.post(url, _page_data(client, url, **changes))
    assert response.status_code == 302, response.content[:2000]
    phase = Phase.objects.get(program=cast.program, number=7)
    assert ChangeRecord.objects.filter(action="programs.phase.create").count() == 1

    url = reverse("admin:programs_phase_delete", args=[phase.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Phase.objects.filter(pk=phase.pk).exists()
    assert ChangeRecord.objects.filter(
        action="programs.phase.delete", object_id=str(phase.pk)
    ).exists()


def test_admin_document_version_change_is_refused_to_a_non_coordinator(cast, client):
    version = DocumentVersion.objects.get(program=cast.program, code="original")
    client.force_login(_staff("staff_editor", cast.partner_a, Role.EDITOR))
    response = client.post(
        reverse("admin:programs_documentversion_delete", args=[version.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert DocumentVersion.objects.filter(pk=version.pk).exists()
    assert not ChangeRecord.objects.filter(action="programs.document_version.delete").exists()
