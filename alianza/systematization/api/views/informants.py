"""Interviews and their coded excerpts under /api/v1/ (partners only); writes go through
the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from alianza.core.api import ReadOnlyForAll, VersionedMixin, input_context
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.systematization import filters, services
from alianza.systematization import permissions as perms
from alianza.systematization.api import serializers as s
from alianza.systematization.api.views.common import (
    ReadForAllWriteSignedIn,
)
from alianza.systematization.models import (
    AnalysisCategory,
    Excerpt,
    Interview,
    Question,
    SuccessFactor,
)


class InterviewViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Interviews with the program's informants, known by code, case type and institution,
    never by name (partners only). Filter by `case_type`, `institution`, `informant`,
    `held_from`/`held_to`, and by what their excerpts are coded to: `category` (analysis
    category code), `initiative` (number), `factor` (success factor code)."""

    serializer_class = s.InterviewSerializer
    permission_classes = [ReadOnlyForAll]
    filterset_class = filters.InterviewFilterSet

    def get_queryset(self):
        return (
            Interview.objects.internal_to(self.request.user)
            .for_list()
            .order_by("period__program__code", "-period__end_date", "number")
        )


def _question(program: Program, ref: str, errors: dict[str, list[str]]) -> Question | None:
    """The interview guide's question `scope/number` ("" clears the question)."""
    if not ref:
        return None
    scope, _sep, number = ref.partition("/")
    question = (
        Question.objects.filter(scope__program=program, scope__code=scope, number=int(number))
        .select_related("scope")
        .first()
        if number.isdigit()
        else None
    )
    if question is None:
        errors["question"] = [
            _("The interview guide of %(program)s has no question '%(ref)s'.")
            % {"program": program.code, "ref": ref}
        ]
    return question


def _categories(
    program: Program, refs: list[str], errors: dict[str, list[str]]
) -> list[AnalysisCategory]:
    """The analysis categories named by code, or scope/code where a code is in several
    scopes."""
    available = list(
        AnalysisCategory.objects.filter(scope__program=program).select_related("scope")
    )
    found = []
    for ref in refs:
        scope, sep, code = ref.rpartition("/")
        matches = [c for c in available if c.code == code and (not sep or c.scope.code == scope)]
        if len(matches) == 1:
            found.append(matches[0])
        elif matches:
            errors.setdefault("categories", []).append(
                _("'%(code)s' is a category of several scopes: give scope/code.") % {"code": ref}
            )
        else:
            errors.setdefault("categories", []).append(
                _("%(program)s has no analysis category '%(code)s'.")
                % {"program": program.code, "code": ref}
            )
    return found


def _factors(
    program: Program, codes: list[str], errors: dict[str, list[str]]
) -> list[SuccessFactor]:
    factors = {f.code: f for f in SuccessFactor.objects.filter(program=program)}
    for code in codes:
        if code not in factors:
            errors.setdefault("factors", []).append(
                _("%(program)s has no success factor '%(code)s'.")
                % {"program": program.code, "code": code}
            )
    return [factors[code] for code in codes if code in factors]


def _excerpt_service_arguments(program: Program, data: dict[str, Any]) -> dict[str, Any]:
    """The service's arguments from the API's codes: question as scope/number, analysis
    categories by code, initiatives by number, success factors by code. What is not given
    is left out (stays as it is)."""
    errors: dict[str, list[str]] = {}
    values = {key: data[key] for key in ("text_en", "text_es") if key in data}
    arguments: dict[str, Any] = {"values": values}
    if "question" in data:
        values["question"] = _question(program, data["question"] or "", errors)
    if "categories" in data:
        arguments["categories"] = _categories(program, data["categories"], errors)
    if "initiatives" in data:
        arguments["initiatives"] = list(data["initiatives"])
    if "factors" in data:
        arguments["factors"] = _factors(program, data["factors"], errors)
    if errors:
        raise ApiValidationError(errors)
    return arguments


class ExcerptViewSet(
    VersionedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Coded interview excerpts (partners only), with their codes: analysis category
    codes (Table 1), initiative numbers and success factor codes. POST codes a new excerpt
    of an interview (editing roles): {interview, text_en, text_es, question, categories,
    initiatives, factors}; PATCH changes one (a code list left out stays as it is);
    DELETE removes one that no assessment or lesson cites. Filter as the interviews, plus
    `interview` (id) and `q` (words of the text)."""

    serializer_class = s.ExcerptSerializer
    permission_classes = [ReadForAllWriteSignedIn]
    filterset_class = filters.ExcerptFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (
            Excerpt.objects.internal_to(self.request.user)
            .for_display()
            .order_by("interview__period__program__code", "interview__number", "pk")
        )

    def _read(self, excerpt, code=status.HTTP_200_OK):
        return Response(
            s.ExcerptSerializer(self.get_queryset().get(pk=excerpt.pk)).data, status=code
        )

    def _interview(self, pk) -> Interview:
        interview = (
            Interview.objects.internal_to(self.request.user)
            .select_related("period__program")
            .filter(pk=pk)
            .first()
        )
        if interview is None:
            raise Http404(_("No such interview."))
        return interview

    def _code_excerpt(
        self, request, *, interview: Interview, excerpt: Excerpt | None, data: dict[str, Any]
    ) -> Excerpt:
        """Save the excerpt through the service. The permission comes first, so that an
        actor who may not code learns that before any error in the codes."""
        program = interview.period.program
        require(
            perms.can_edit_learning(request.user, program),
            _("You may not code the interviews of %(code)s.") % {"code": program.code},
        )
        return services.excerpt_save(
            interview=interview,
            excerpt=excerpt,
            actor=request.user,
            **_excerpt_service_arguments(program, data),
        )

    @extend_schema(request=s.ExcerptInputSerializer, responses=s.ExcerptSerializer)
    def create(self, request, *args, **kwargs):
        data = s.ExcerptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("interview") is None:
            raise ApiValidationError({"interview": [_("Give the interview's id.")]})
        interview = self._interview(values["interview"])
        excerpt = self._code_excerpt(request, interview=interview, excerpt=None, data=values)
        return self._read(excerpt, status.HTTP_201_CREATED)

    @extend_schema(request=s.ExcerptInputSerializer, responses=s.ExcerptSerializer)
    def partial_update(self, request, *args, **kwargs):
        excerpt = self.get_object()
        data = s.ExcerptInputSerializer(
            data=request.data, partial=True, context=input_context(self)
        )
        data.is_valid(raise_exception=True)
        values = data.validated_data
        interview = excerpt.interview
        if values.get("interview") not in (None, interview.pk):
            interview = self._interview(values["interview"])
        self._code_excerpt(request, interview=interview, excerpt=excerpt, data=values)
        return self._read(excerpt)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.excerpt_delete(excerpt=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
