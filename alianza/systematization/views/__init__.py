"""Systematization pages, one module per part of the `models` package: the analysis
matrix with flagships, assessment entry and consolidation (`assessments`), figures (SVG,
PNG, CSV), lessons (Table 7) and recommendations with their follow-up (`learning`),
informants, interviews with their coded excerpts and the coded evidence (`informants`),
and the report (HTML, PDF, XLSX).

Every page starts with `program_for(request, code, may=...)`: 404 for a program the user
may not see, PermissionDenied (login or 403) when the rule refuses; form pages go through
`core.views.service_form`."""

from alianza.systematization.views.assessments import (
    assess,
    consolidate,
    consolidate_create,
    consolidate_mention,
    consolidate_settle,
    overview,
)
from alianza.systematization.views.figures import figure_download, figure_list
from alianza.systematization.views.informants import (
    evidence,
    excerpt_create,
    excerpt_delete,
    excerpt_update,
    informants,
    interview_create,
    interview_detail,
    interview_list,
    interview_update,
)
from alianza.systematization.views.learning import (
    action_create,
    action_follow_up,
    lessons,
    recommendation_list,
    respond,
)
from alianza.systematization.views.report import report_download, report_page
from alianza.systematization.views.setup import setup, setup_create, setup_delete, setup_update

__all__ = [
    "action_create",
    "action_follow_up",
    "assess",
    "consolidate",
    "consolidate_create",
    "consolidate_mention",
    "consolidate_settle",
    "evidence",
    "excerpt_create",
    "excerpt_delete",
    "excerpt_update",
    "figure_download",
    "figure_list",
    "informants",
    "interview_create",
    "interview_detail",
    "interview_list",
    "interview_update",
    "lessons",
    "overview",
    "recommendation_list",
    "report_download",
    "report_page",
    "respond",
    "setup",
    "setup_create",
    "setup_delete",
    "setup_update",
]
