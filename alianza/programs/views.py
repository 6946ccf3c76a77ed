"""Program pages: the overview, project document versions and their comparison."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from alianza.programs.models import DocumentVersion
from alianza.programs.permissions import can_view_internal, can_view_program, program_for
from alianza.programs.selectors import compare_versions, program_overview


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
