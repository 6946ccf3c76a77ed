"""Setting a program's systematization up through the API: criteria sets with their
criteria and flagship rule, periods, success factors, case types, informants, lessons and
recommendations. Each write calls the service the pages and the PROCAP loader call, so
the same permission rules and refusals apply (a threshold above the number of criteria,
a second criteria set in an assessed period, a code already used: 400 naming the field).
"""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError

from alianza.accounts.models import Institution
from alianza.core.api import (
    InputDeletesMixin,
    InputWritesMixin,
    SignedInWrites,
    input_schema,
    not_in_program,
)
from alianza.initiatives.models import ClassificationScheme
from alianza.programs.filters import ProgramChildFilterSet
from alianza.programs.models import Program
from alianza.systematization import filters, services
from alianza.systematization.api import serializers as s
from alianza.systematization.api.serializers import setup as setup_s
from alianza.systematization.api.views.common import program_named
from alianza.systematization.models import (
    CaseType,
    CriteriaSet,
    Informant,
    Lesson,
    Recommendation,
    SuccessFactor,
    SystematizationPeriod,
)


def resolve(
    data: dict[str, Any], field: str, model: Any, program: Program, *, path: str = "program"
) -> None:
    """Replace the code under `field` by the program's record it names (None when blank);
    an unknown code and another program's answer alike, on the field."""
    if field not in data:
        return
    value = data[field]
    if value in (None, ""):
        data[field] = None
        return
    found = model.objects.filter(**{path: program, "code": value}).first()
    if found is None:
        raise ApiValidationError({field: [not_in_program(model, "code", value)]})
    data[field] = found


class SetupViewSet(InputWritesMixin, InputDeletesMixin, viewsets.ModelViewSet):
    """A setup record of a program: everyone who may see the program reads it (`internal`:
    its partners only); writes go through the services, which decide who may."""

    permission_classes = [SignedInWrites]
    filterset_class = ProgramChildFilterSet
    internal = False
    model: Any = None
    related: tuple[str, ...] = ("program",)
    ordering: tuple[str, ...] = ("program__code", "code")

    def get_queryset(self):
        manager = self.model.objects
        user = self.request.user
        queryset = manager.internal_to(user) if self.internal else manager.visible_to(user)
        return queryset.select_related(*self.related).order_by(*self.ordering)

    def _program(self, data: dict[str, Any]) -> Program:
        return program_named(self.request, data.pop("program", None))

    @staticmethod
    def _strip_keys(data: dict[str, Any], *keys: str) -> dict[str, Any]:
        for key in ("program", *keys):
            data.pop(key, None)
        return data


@input_schema(setup_s.CriteriaSetInputSerializer)
class CriteriaSetViewSet(SetupViewSet):
    """Each program's good-practice criteria and its flagship rule. Coordinators create,
    change and remove them."""

    serializer_class = s.CriteriaSetSerializer
    input_serializer_class = setup_s.CriteriaSetInputSerializer
    filterset_class = filters.CriteriaSetFilterSet
    model = CriteriaSet
    related = ("program", "balance_scheme")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("criteria")

    def create_record(self, data):
        program = self._program(data)
        resolve(data, "balance_scheme", ClassificationScheme, program)
        return services.criteria_set_create(
            program=program,
            code=data.pop("code"),
            criteria=data.pop("criteria", []),
            values=data,
            actor=self.request.user,
        )

    def update_record(self, instance, data):
        self._strip_keys(data, "code")
        resolve(data, "balance_scheme", ClassificationScheme, instance.program)
        return services.criteria_set_update(
            criteria_set=instance,
            criteria=data.pop("criteria", None),
            values=data,
            actor=self.request.user,
        )

    def delete_record(self, instance):
        services.criteria_set_delete(criteria_set=instance, actor=self.request.user)


@input_schema(setup_s.SystematizationPeriodInputSerializer)
class PeriodViewSet(SetupViewSet):
    """Systematization periods (rounds) of each program, each assessed with one criteria
    set. Coordinators create, change and remove them."""

    serializer_class = s.PeriodSerializer
    input_serializer_class = setup_s.SystematizationPeriodInputSerializer
    filterset_class = filters.PeriodFilterSet
    model = SystematizationPeriod
    related = ("program", "criteria_set")
    ordering = ("program__code", "-end_date")

    def create_record(self, data):
        program = self._program(data)
        resolve(data, "criteria_set", CriteriaSet, program)
        return services.period_create(
            program=program, code=data.pop("code"), values=data, actor=self.request.user
        )

    def update_record(self, instance, data):
        self._strip_keys(data, "code")
        resolve(data, "criteria_set", CriteriaSet, instance.program)
        return services.period_update(period=instance, values=data, actor=self.request.user)

    def delete_record(self, instance):
        services.period_delete(period=instance, actor=self.request.user)


class _ProgramListViewSet(SetupViewSet):
    """Success factors and case types: same shape, their own services."""

    create_service: Any = None
    update_service: Any = None
    delete_service: Any = None
    record_arg = ""

    def create_record(self, data):
        program = self._program(data)
        return type(self).create_service(
            program=program, code=data.pop("code"), values=data, actor=self.request.user
        )

    def update_record(self, instance, data):
        self._strip_keys(data, "code")
        return type(self).update_service(
            **{self.record_arg: instance}, values=data, actor=self.request.user
        )

    def delete_record(self, instance):
        type(self).delete_service(**{self.record_arg: instance}, actor=self.request.user)


@input_schema(setup_s.SuccessFactorInputSerializer)
class SuccessFactorViewSet(_ProgramListViewSet):
    """The success factors lessons and recommendations are filed under (coordinators keep
    them)."""

    serializer_class = setup_s.SuccessFactorSerializer
    input_serializer_class = setup_s.SuccessFactorInputSerializer
    model = SuccessFactor
    ordering = ("program__code", "order", "code")
    create_service = services.success_factor_create
    update_service = services.success_factor_update
    delete_service = services.success_factor_delete
    record_arg = "factor"


@input_schema(setup_s.CaseTypeInputSerializer)
class CaseTypeViewSet(_ProgramListViewSet):
    """The kinds of case informants speak for (coordinators keep them)."""

    serializer_class = setup_s.CaseTypeSerializer
    input_serializer_class = setup_s.CaseTypeInputSerializer
    model = CaseType
    ordering = ("program__code", "order", "code")
    create_service = services.case_type_create
    update_service = services.case_type_update
    delete_service = services.case_type_delete
    record_arg = "case_type"


@input_schema(setup_s.InformantInputSerializer)
class InformantViewSet(SetupViewSet):
    """Informants by code, case type and institution, never by name (partners only; the
    editing roles add and change them)."""

    serializer_class = setup_s.InformantSerializer
    input_serializer_class = setup_s.InformantInputSerializer
    model = Informant
    internal = True
    related = ("program", "case_type", "institution")

    @staticmethod
    def _institution(data: dict[str, Any]) -> None:
        """The institution named by its code (any institution: informants speak for
        partners and for others alike)."""
        if "institution" not in data:
            return
        code = data["institution"]
        data["institution"] = Institution.objects.filter(code=code).first() if code else None
        if code and data["institution"] is None:
            raise ApiValidationError({"institution": [not_in_program(Institution, "code", code)]})

    def create_record(self, data):
        program = self._program(data)
        resolve(data, "case_type", CaseType, program)
        self._institution(data)
        return services.informant_create(
            program=program, code=data.pop("code"), values=data, actor=self.request.user
        )

    def update_record(self, instance, data):
        self._strip_keys(data, "code")
        resolve(data, "case_type", CaseType, instance.program)
        self._institution(data)
        return services.informant_update(informant=instance, values=data, actor=self.request.user)

    def delete_record(self, instance):
        services.informant_delete(informant=instance, actor=self.request.user)


class _PeriodRecordViewSet(SetupViewSet):
    related = ("period__program", "factor")
    filterset_class = None

    def _period(self, data: dict[str, Any]) -> SystematizationPeriod:
        program = self._program(data)
        code = data.pop("period", None)
        period = SystematizationPeriod.objects.filter(program=program, code=code).first()
        if period is None:
            raise ApiValidationError(
                {"period": [not_in_program(SystematizationPeriod, "code", code)]}
            )
        return period


@input_schema(setup_s.LessonInputSerializer)
class LessonViewSet(_PeriodRecordViewSet):
    """Lessons learned and good practices by success factor (Table 7). The editing roles
    add and change them; `factor`, `kind` and `number` name a lesson and stay."""

    serializer_class = s.LessonSerializer
    input_serializer_class = setup_s.LessonInputSerializer
    filterset_class = filters.LessonFilterSet
    model = Lesson
    ordering = ("period__program__code", "factor__order", "kind", "number")

    def get_queryset(self):
        from django.db.models import Prefetch

        from alianza.initiatives.models import Initiative

        visible = Initiative.objects.visible_to(self.request.user).order_by("number")
        return super().get_queryset().prefetch_related(Prefetch("initiatives", queryset=visible))

    def create_record(self, data):
        period = self._period(data)
        resolve(data, "factor", SuccessFactor, period.program)
        return services.lesson_create(
            period=period,
            initiatives=data.pop("initiatives", None),
            values=data,
            actor=self.request.user,
        )

    def update_record(self, instance, data):
        self._strip_keys(data, "period", "factor", "kind", "number")
        return services.lesson_update(
            lesson=instance,
            initiatives=data.pop("initiatives", None),
            values=data,
            actor=self.request.user,
        )

    def delete_record(self, instance):
        services.lesson_delete(lesson=instance, actor=self.request.user)


@input_schema(setup_s.RecommendationInputSerializer)
class RecommendationViewSet(_PeriodRecordViewSet):
    """Recommendations by success factor; partners also see the management responses and
    key actions (others get null). Coordinators add, change and remove them."""

    serializer_class = s.RecommendationSerializer
    input_serializer_class = setup_s.RecommendationInputSerializer
    filterset_class = filters.RecommendationFilterSet
    model = Recommendation
    ordering = ("period__program__code", "order", "code")

    def get_queryset(self):
        from django.db.models import Prefetch

        from alianza.systematization.models import KeyAction, ManagementResponse

        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "responses", queryset=ManagementResponse.objects.select_related("institution")
                ),
                Prefetch(
                    "actions",
                    queryset=KeyAction.objects.with_overdue()
                    .select_related("owner", "recommendation")
                    .prefetch_related("updates__author"),
                ),
            )
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["internal_programs"] = set(
            Program.objects.with_internal_access(self.request.user).values_list("pk", flat=True)
        )
        return context

    def create_record(self, data):
        period = self._period(data)
        resolve(data, "factor", SuccessFactor, period.program)
        return services.recommendation_create(
            period=period, code=data.pop("code"), values=data, actor=self.request.user
        )

    def update_record(self, instance, data):
        self._strip_keys(data, "period", "code")
        resolve(data, "factor", SuccessFactor, instance.period.program)
        return services.recommendation_update(
            recommendation=instance, values=data, actor=self.request.user
        )

    def delete_record(self, instance):
        services.recommendation_delete(recommendation=instance, actor=self.request.user)
