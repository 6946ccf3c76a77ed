"""Program pages: the overview, project document versions and their comparison, and the
program's setup (the program itself, its partners and their roles)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.forms import ConfirmForm
from alianza.core.views import service_form
from alianza.programs import services
from alianza.programs.forms import NewPartnerForm, PartnerForm, ProgramForm
from alianza.programs.models import DocumentVersion, Partnership, Program
from alianza.programs.permissions import (
    can_manage_program,
    can_view_internal,
    can_view_program,
    program_for,
)
from alianza.programs.selectors import compare_versions, program_overview, program_setup


def program_detail(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    return render(request, "programs/program_detail.html", program_overview(program, request.user))


def document_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    versions = list(
        program.document_versions.select_related("phase")
        .prefetch_related("results__products", "amounts__source")
        .order_by("sequence")
    )
    return render(
        request,
        "programs/document_list.html",
        {
            "program": program,
            "versions": versions,
            "internal": can_view_internal(request.user, program),
        },
    )


def document_compare(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    versions = list(program.document_versions.order_by("sequence"))
    if len(versions) < 2:
        return render(
            request,
            "programs/document_compare.html",
            {"program": program, "versions": versions, "changes": None},
        )
    by_code = {v.code: v for v in versions}
    old = by_code.get(request.GET.get("from", ""))
    new = by_code.get(request.GET.get("to", ""))
    if new is None:
        new = (
            versions[-1]
            if old is None
            else next((v for v in versions if v.sequence > old.sequence), versions[-1])
        )
    if old is None:
        earlier = [v for v in versions if v.sequence < new.sequence]
        old = earlier[-1] if earlier else versions[0]
    changes = compare_versions(old, new)
    template = (
        "programs/partials/document_changes.html"
        if request.htmx
        else "programs/document_compare.html"
    )
    return render(
        request,
        template,
        {
            "program": program,
            "versions": versions,
            "old": old,
            "new": new,
            "changes": changes,
        },
    )


def program_history(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    from alianza.audit.selectors import history_for_program

    return render(
        request,
        "programs/program_history.html",
        {
            "program": program,
            "changes": history_for_program(program)[:200],
        },
    )


def document_detail(request: HttpRequest, code: str, version: str) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    document = get_object_or_404(
        DocumentVersion.objects.prefetch_related("results__products"), program=program, code=version
    )
    return render(
        request,
        "programs/document_detail.html",
        {
            "program": program,
            "version": document,
            "internal": can_view_internal(request.user, program),
        },
    )


# --- Setup: the program, its partners and their roles --------------------------------------


@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    """A new program (administrators); its partners are added next, on its setup page."""
    if not (request.user.is_authenticated and request.user.is_superuser):
        raise PermissionDenied
    return service_form(
        request,
        form=ProgramForm(request.POST or None),
        save=lambda data: services.program_create(data=data, actor=request.user),
        template="programs/program_create.html",
        context={"heading": _("New program")},
        success_url=lambda program: reverse("programs:setup", kwargs={"code": program.code}),
        success_message=_("Program created: now add its partners."),
    )


def setup(request: HttpRequest, code: str) -> HttpResponse:
    """What the program is set up with: its fields, its partners and their roles, and the
    other setup pages (partners read it; coordinators change it)."""
    program = program_for(request, code)
    return render(request, "programs/setup.html", program_setup(program, request.user))


def _setup_url(program: Program) -> str:
    return reverse("programs:setup", kwargs={"code": program.code})


@require_http_methods(["GET", "POST"])
def program_update(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_manage_program)
    return service_form(
        request,
        form=ProgramForm(request.POST or None, instance=program),
        save=lambda data: services.program_update(program=program, data=data, actor=request.user),
        template="programs/form_page.html",
        context={"program": program, "section": "program_setup", "heading": _("Edit program")},
        success_url=_setup_url(program),
        success_message=_("Program saved."),
    )


@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest, code: str) -> HttpResponse:
    """Make an institution Alianza knows a partner of the program, with its role."""
    program = program_for(request, code, may=can_manage_program)
    return service_form(
        request,
        form=PartnerForm(request.POST or None, program=program),
        save=lambda data: services.partnership_set(program=program, actor=request.user, **data),
        template="programs/form_page.html",
        context={
            "program": program,
            "section": "program_setup",
            "heading": _("Add a partner"),
            "intro": _("Not in the list? Add a new institution as a partner instead."),
        },
        success_url=_setup_url(program),
        success_message=_("Partner added."),
    )


@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest, code: str) -> HttpResponse:
    """A partner Alianza does not know yet: the institution and its role, in one form."""
    program = program_for(request, code, may=can_manage_program)
    return service_form(
        request,
        form=NewPartnerForm(request.POST or None),
        save=lambda data: services.partner_create(
            program=program, actor=request.user, **NewPartnerForm.split(data)
        ),
        template="programs/form_page.html",
        context={"program": program, "section": "program_setup", "heading": _("New partner")},
        success_url=_setup_url(program),
        success_message=_("Partner added."),
    )


def _partnership(program: Program, institution: str) -> Partnership:
    return get_object_or_404(
        Partnership.objects.select_related("institution", "program"),
        program=program,
        institution__code=institution,
    )


@require_http_methods(["GET", "POST"])
def partner_update(request: HttpRequest, code: str, institution: str) -> HttpResponse:
    """A partner's role in the program."""
    program = program_for(request, code, may=can_manage_program)
    partnership = _partnership(program, institution)
    return service_form(
        request,
        form=PartnerForm(request.POST or None, instance=partnership, program=program),
        save=lambda data: services.partnership_set(
            program=program, institution=partnership.institution, actor=request.user, **data
        ),
        template="programs/form_page.html",
        context={
            "program": program,
            "section": "program_setup",
            "heading": _("Role of %(institution)s") % {"institution": partnership.institution},
            "delete_url": reverse(
                "programs:partner_remove", kwargs={"code": code, "institution": institution}
            ),
        },
        record=program,
        success_url=_setup_url(program),
        success_message=_("Partner saved."),
    )


@require_http_methods(["GET", "POST"])
def partner_remove(request: HttpRequest, code: str, institution: str) -> HttpResponse:
    """Take an institution out of the program's partners (asked to confirm first)."""
    program = program_for(request, code, may=can_manage_program)
    partnership = _partnership(program, institution)
    return service_form(
        request,
        form=ConfirmForm(request.POST if request.method == "POST" else None),
        save=lambda data: services.partnership_remove(partnership=partnership, actor=request.user),
        template="programs/form_page.html",
        context={
            "program": program,
            "section": "program_setup",
            "heading": _("Remove %(institution)s from the partners?")
            % {"institution": partnership.institution},
            "intro": _("Its members lose access to the program's internal records."),
            "submit": _("Remove"),
            "cancel": _setup_url(program),
        },
        record=program,
        success_url=_setup_url(program),
        success_message=_("Partner removed."),
    )
