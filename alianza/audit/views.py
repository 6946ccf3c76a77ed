"""The audit trail's pages: all changes a user may read, one change, a record's history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from alianza.audit.filters import ChangeRecordFilterSet
from alianza.audit.models import ChangeRecord
from alianza.core.params import check_filterset


@login_required
def change_list(request: HttpRequest) -> HttpResponse:
    queryset = ChangeRecord.objects.visible_to(request.user).select_related(
        "actor_institution", "content_type"
    )
    filterset = ChangeRecordFilterSet(request.GET or None, queryset=queryset)
    check_filterset(filterset)
    records = filterset.qs if filterset.is_bound else queryset
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "audit/change_list.html", {"filter": filterset, "page": page})


@login_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        ChangeRecord.objects.visible_to(request.user).select_related(
            "actor_institution", "content_type"
        ),
        pk=pk,
    )
    visible = ChangeRecord.objects.visible_to(request.user)
    cause = visible.filter(pk=record.cascade_of_id).first() if record.cascade_of_id else None
    cascaded = visible.filter(cascade_of=record).select_related("content_type")
    return render(
        request,
        "audit/change_detail.html",
        {"record": record, "cause": cause, "cascaded": cascaded},
    )


def object_history(request: HttpRequest, app_label: str, model: str, pk: str) -> HttpResponse:
    """A record's history tab; empty (not an error) for those who may not read it."""
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if content_type is None:
        raise Http404
    records = (
        ChangeRecord.objects.visible_to(request.user)
        .filter(content_type=content_type, object_id=str(pk))
        .select_related("actor_institution", "content_type")
    )[:100]
    template = "audit/partials/history.html" if request.htmx else "audit/object_history.html"
    return render(
        request, template, {"records": records, "content_type": content_type, "object_id": pk}
    )
