"""The public open data: every public program's downloads, read as an anonymous visitor
reads them (the same list whoever asks)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from alianza.portal import selectors
from alianza.portal.api.serializers import OpenDataProgramSerializer


class OpenDataViewSet(viewsets.ViewSet):
    """Public downloads (CSV files and the IATI activity file) of each public program, in
    Spanish and English."""

    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def _entry(self, request: Request, program) -> dict:
        files = [
            item | {"url": request.build_absolute_uri(item["url"])}
            for lang in selectors.LANGUAGES
            for item in selectors.open_data_files(program, lang)
        ]
        return {
            "code": program.code,
            "name": program.name,
            "portal": {
                lang: request.build_absolute_uri(
                    reverse("portal:program", kwargs={"lang": lang, "code": program.code})
                )
                for lang in selectors.LANGUAGES
            },
            "files": files,
        }

    @extend_schema(
        parameters=[OpenApiParameter("program", str, description="A program's code.")],
        responses=OpenDataProgramSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        programs = selectors.public_programs()
        code = request.query_params.get("program")
        if code:
            programs = programs.filter(code=code)
        data = [self._entry(request, p) for p in programs]
        return Response(OpenDataProgramSerializer(data, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="A program's code.")
        ],
        responses=OpenDataProgramSerializer,
    )
    def retrieve(self, request: Request, code: str | None = None) -> Response:
        program = selectors.public_programs().filter(code=code).first()
        if program is None:
            raise Http404(_("No such program."))
        return Response(OpenDataProgramSerializer(self._entry(request, program)).data)
