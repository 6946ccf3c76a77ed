"""Knowledge products in the API: the record, its files (with their download address, which
counts the download) and its use; files are uploaded as `files` in a multipart request."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from alianza.accounts.models import Institution
from alianza.core.api import ModelSerializer, ProgramScopedField, Serializer
from alianza.finance.api.serializers import ProgramRecordSerializer
from alianza.initiatives.models import Initiative
from alianza.knowledge.models import Audience, KnowledgeProduct, ProductFile


class ProductFileSerializer(ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ProductFile
        fields = ["id", "name", "media_type", "size", "sha256", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:
        url = reverse(
            "knowledge:file_download",
            kwargs={"code": obj.product.program.code, "number": obj.product.number, "pk": obj.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class AudienceField(ProgramScopedField):
    """A named group of the product's program, by its code (listed: `many=True`)."""

    def __init__(self, **kwargs):
        super().__init__(Audience, "code", **kwargs)

    def get_queryset(self):
        root = self.root
        program = root.program_for(getattr(root, "initial_data", {}))
        if program is None:
            return Audience.objects.none()
        return Audience.objects.filter(program=program)


class ProductSerializer(ProgramRecordSerializer):
    number = serializers.IntegerField(min_value=1, required=False)
    initiative = ProgramScopedField(Initiative, "number", required=False, allow_null=True)
    institutions = serializers.SlugRelatedField(
        slug_field="code", queryset=Institution.objects.all(), many=True, required=False
    )
    audiences = AudienceField(many=True, required=False)
    files = ProductFileSerializer(many=True, read_only=True)
    remove_files = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        write_only=True,
        required=False,
        help_text="Ids of the product's files to remove (on PUT/PATCH).",
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    views = serializers.IntegerField(read_only=True, default=0)
    downloads = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = KnowledgeProduct
        fields = [
            "id",
            "program",
            "number",
            "kind",
            "language",
            "title_en",
            "title_es",
            "summary_en",
            "summary_es",
            "authors",
            "institutions",
            "published_on",
            "date_precision",
            "initiative",
            "dissemination",
            "audiences",
            "licence",
            "link",
            "files",
            "remove_files",
            "url",
            "views",
            "downloads",
        ]
        # The service checks the number's uniqueness (and gives the next one when absent).
        validators: list = []

    def accepted_keys(self, data) -> set[str]:
        """The uploads of a multipart body come as `files` (the view hands them to the
        service); the answer's `files` lists the stored ones."""
        return {"files"}


class SearchHitSerializer(Serializer):
    type = serializers.CharField(source="kind")
    type_label = serializers.CharField(source="kind_label")
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    snippet = serializers.CharField(help_text="HTML: the text escaped, the words found in <mark>")
    year = serializers.IntegerField(allow_null=True)
    level = serializers.CharField()
    rank = serializers.FloatField()

    def get_url(self, hit) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(hit.url) if request and hit.url else hit.url


class SearchPageSerializer(Serializer):
    """A page of search results."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchHitSerializer(many=True)
