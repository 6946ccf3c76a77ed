"""The registry under /api/v1/: activities (with the registry's filters and a
transactions count), organisations, totals by subdivision and country, and the partner
network."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.core.api import ReadOnlyForAll, VersionedMixin
from alianza.registry import selectors
from alianza.registry.api.serializers import (
    ActivityDetailSerializer,
    ActivitySerializer,
    CountryTotalSerializer,
    OrganisationSerializer,
    SubdivisionTotalSerializer,
)
from alianza.registry.filters import ActivityFilterSet
from alianza.registry.models import Activity, Organisation


class ActivityViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Registry activities you may see. Filters: program, country, subdivision (ISO 3166-2,
    of the registry's country), municipality, sector, modality, instrument, role (of the
    registry's country, `country_role`), organisation, reporting_org, status,
    year, transaction_date_after, transaction_date_before, q. Write through IATI imports
    (/api/v1/iati-imports/) or spreadsheets."""

    permission_classes = [ReadOnlyForAll]
    filterset_class = ActivityFilterSet

    def get_serializer_class(self):
        return ActivityDetailSerializer if self.action == "retrieve" else ActivitySerializer

    def get_queryset(self):
        queryset = (
            Activity.objects.visible_to(self.request.user)
            .select_related("program")
            .prefetch_related(
                "participating_orgs", "sectors", "recipient_countries", "locations", "budgets"
            )
            .with_transaction_count()
            .order_by("iati_identifier")
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("transactions")
        return queryset

    def _filtered(self):
        return self.filter_queryset(Activity.objects.visible_to(self.request.user))

    @extend_schema(responses={200: SubdivisionTotalSerializer(many=True)})
    @action(detail=False, url_path="by-subdivision", pagination_class=None)
    def by_subdivision(self, request):
        """Activities and disbursements (in ?currency=, default USD) per subdivision (ISO
        3166-2) of the registry's country."""
        currency = (request.query_params.get("currency") or "USD").upper()[:3]
        rows = selectors.subdivision_totals(self._filtered(), currency)
        return Response([{**r, "amount": str(r["amount"])} for r in rows])

    @extend_schema(responses={200: CountryTotalSerializer(many=True)})
    @action(detail=False, url_path="by-country", pagination_class=None)
    def by_country(self, request):
        """Partner countries (recipients, and countries of participating organisations)."""
        return Response(selectors.country_totals(self._filtered()))

    @extend_schema(responses={200: dict})
    @action(detail=False)
    def network(self, request):
        """Organisations (nodes) and the activities they share (links)."""
        return Response(selectors.partner_network(self._filtered()))


class OrganisationViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations named by the activities you may see (IATI organisation identifiers)."""

    permission_classes = [ReadOnlyForAll]
    serializer_class = OrganisationSerializer
    filterset_fields = {"ref": ["exact"], "type": ["exact"]}

    def get_queryset(self):
        return (
            Organisation.objects.visible_to(self.request.user)
            .select_related("institution")
            .order_by("ref")
        )
