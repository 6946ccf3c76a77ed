"""Reads of the IATI pages and API: one activity's data quality, the organisation an
organisation file describes."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution
from alianza.iati import quality
from alianza.iati.choices import FieldChange, ImportOutcome, ImportReason, IssueKind, label
from alianza.iati.models import ImportIssue, ImportJob
from alianza.iati.program_export import institution_organisation
from alianza.registry import content
from alianza.registry.models import Activity, Organisation


def activity_quality(user: Any, pk: int) -> dict[str, Any]:
    """One activity the user may see (404 otherwise): the codelist and rule checks of its
    current content, the issues its imports reported, and their counts per import."""
    activity = (
        Activity.objects.visible_to(user)
        .select_related("program")
        .prefetch_related(*content.CHILDREN)
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404(_("No such activity."))
    issues = ImportIssue.objects.visible_to(user).filter(
        activity_identifier=activity.iati_identifier
    )
    over_time = (
        issues.values("job_id", "job__created_at", "job__source_name")
        .annotate(
            schema=Count("id", filter=Q(kind=quality.SCHEMA)),
            codelist=Count("id", filter=Q(kind=quality.CODELIST)),
            rule=Count("id", filter=Q(kind=quality.RULE)),
        )
        .order_by("job__created_at")
    )
    return {
        "activity": activity,
        "current": quality.activity_issues(content.activity_data(activity)),
        "history": issues.select_related("job").order_by("-job__created_at", "id")[:500],
        "over_time": over_time,
    }


def organisation_for_file(user: Any, ref: str) -> Organisation | None:
    """A registry organisation the user may see, or an institution's (reference list)."""
    organisation = Organisation.objects.visible_to(user).filter(ref=ref).first()
    if organisation is None:
        institution = Institution.objects.filter(iati_identifier=ref).first() if ref else None
        if institution is not None:
            organisation = institution_organisation(institution)
    return organisation


def import_items(job: ImportJob, limit: int = 2000) -> list[dict[str, Any]]:
    """What the import did with each activity, with its codes' labels in the active language."""
    rows = []
    for item in job.items[:limit]:
        reason = label(ImportReason, item.get("reason", "")) if item.get("reason") else ""
        if item.get("reason_detail"):
            reason = f"{reason}: {item['reason_detail']}"
        changes = [
            {**change, "change_label": label(FieldChange, change.get("change", ""))}
            for change in item.get("changes") or []
        ]
        rows.append(
            {
                **item,
                "outcome_label": label(ImportOutcome, item.get("outcome", "")),
                "reason_label": reason,
                "changes": changes,
            }
        )
    return rows


def issue_counts(job: ImportJob) -> list[tuple[str, str, int]]:
    """(kind, its label, number of issues) of an import."""
    counts = job.issues.values_list("kind").annotate(n=Count("id")).order_by("kind")
    return [(kind, label(IssueKind, kind), n) for kind, n in counts]


def batch_of(value: str | None) -> uuid.UUID | None:
    """The batch a page's ?batch= names (None when absent or not a batch's id)."""
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None
