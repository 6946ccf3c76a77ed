"""The API's index page."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

API_ROOT_ENTRIES = [
    ("programs", "api:program-list"),
    ("phases", "api:phase-list"),
    ("components", "api:component-list"),
    ("document-versions", "api:documentversion-list"),
    ("general-revisions", "api:generalrevision-list"),
    ("funding-sources", "api:fundingsource-list"),
    ("classification-schemes", "api:classificationscheme-list"),
    ("initiatives", "api:initiative-list"),
    ("policy-instruments", "api:policyinstrument-list"),
    ("institutions", "api:institution-list"),
    ("criteria-sets", "api:criteriaset-list"),
    ("systematization-periods", "api:systematizationperiod-list"),
    ("assessments", "api:assessment-list"),
    ("consolidated-results", "api:consolidatedresult-list"),
    ("criteria-matrix", "api:criteria-matrix"),
    ("lessons", "api:lesson-list"),
    ("recommendations", "api:recommendation-list"),
    ("management-responses", "api:managementresponse-list"),
    ("key-actions", "api:keyaction-list"),
    ("figures", "api:figure-list"),
    ("activities", "api:activity-list"),
    ("organisations", "api:organisation-list"),
    ("iati-imports", "api:iatiimport-list"),
    ("iati-exports", "api:iatiexport-activities"),
    ("open-data", "api:open-data-list"),
    ("changes", "api:changerecord-list"),
    ("exchange-rates", "api:exchangerate-list"),
    ("budget-lines", "api:budgetline-list"),
    ("transactions", "api:transaction-list"),
    ("revision-ledger", "api:revisionledger-list"),
    ("contracts", "api:contract-list"),
    ("deliverables", "api:deliverable-list"),
    ("deliverable-reviews", "api:deliverablereview-list"),
    ("payments", "api:payment-list"),
    ("risks", "api:risk-list"),
    ("risk-actions", "api:riskaction-list"),
    ("risk-reviews", "api:riskreview-list"),
    ("board-meetings", "api:boardmeeting-list"),
    ("action-items", "api:actionitem-list"),
    ("disputes", "api:dispute-list"),
    ("focal-points", "api:focalpoint-list"),
    ("monitoring-settings", "api:monitoringsettings-list"),
    ("period-reports", "api:periodreport-list"),
    ("notifications", "api:notification-list"),
    ("dashboard", "api:dashboard-list"),
    ("schema", "api:schema"),
    ("docs", "api:docs"),
]


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def api_root(request: Request, format=None) -> Response:
    """Index of the API's collections."""
    links = {}
    for name, url_name in API_ROOT_ENTRIES:
        try:
            links[name] = request.build_absolute_uri(reverse(url_name))
        except NoReverseMatch:
            continue
    return Response(links)
