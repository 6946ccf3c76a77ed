"""`/api/v1/products/` (read and write, files uploaded as multipart `files`) and
`/api/v1/search/?q=` (the search page's results and filters)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.views import APIView

from alianza.core.api import ReadOnlyForAll, ServiceWritesMixin, SignedInWrites, StandardPagination
from alianza.knowledge import services
from alianza.knowledge.api.serializers import (
    ProductSerializer,
    SearchHitSerializer,
    SearchPageSerializer,
)
from alianza.knowledge.filters import ProductFilterSet
from alianza.knowledge.forms import SearchForm
from alianza.knowledge.models import KnowledgeProduct
from alianza.knowledge.selectors import with_use_counts
from alianza.search import selectors as search


class ProductViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Knowledge products the user may see (public ones to everyone, internal ones to the
    program's partners, targeted ones to the partners and the named groups). A product the
    user may not see answers 404. Create and change with JSON or multipart; files go in
    `files` (several allowed), checked by content and size."""

    serializer_class = ProductSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ProductFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (
            with_use_counts(KnowledgeProduct.objects.visible_to(self.request.user))
            .select_related("program", "initiative")
            .prefetch_related("institutions", "audiences", "files__product__program")
            .order_by("program__code", "number")
        )

    def _files(self):
        return [(f, f.name) for f in self.request.FILES.getlist("files")]

    def create_record(self, data):
        program = data.pop("program")
        data.pop("remove_files", None)
        return services.product_create(
            program=program, data=data, files=self._files(), actor=self.request.user
        )

    def update_record(self, instance, data):
        data.pop("program", None)
        remove = data.pop("remove_files", [])
        return services.product_update(
            product=instance, data=data, files=self._files(), remove_files=remove,
            actor=self.request.user,
        )  # fmt: skip

    def delete_record(self, instance):
        services.product_delete(product=instance, actor=self.request.user)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class SearchView(APIView):
    """One search over products (with the text inside their files), initiatives, lessons,
    recommendations, registry activities and project documents, ranked, showing only what
    the user may see. `q` is plain words (any operators or quotes are read as words)."""

    permission_classes = [ReadOnlyForAll]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="words to find"),
            OpenApiParameter("type", OpenApiTypes.STR, description="kind of record"),
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("program", OpenApiTypes.STR, description="program code"),
            OpenApiParameter("initiative", OpenApiTypes.INT, description="initiative number"),
            OpenApiParameter("level", OpenApiTypes.STR, description="internal|targeted|public"),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=SearchPageSerializer,
    )
    def get(self, request):
        form = SearchForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise ValidationError(form.errors)
        query = form.cleaned_data["q"]
        entries = search.matching(request.user, query, **form.filters())
        paginator = StandardPagination()
        page = paginator.paginate_queryset(entries, request, view=self)
        hits = search.hits(page, query)
        data = SearchHitSerializer(hits, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)
