"""Program structure, read-only. Public structure follows the program's visibility;
revisions and funding sources are the partners' internal records."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError

from alianza.accounts.models import Institution
from alianza.core.api import (
    InputDeletesMixin,
    InputWritesMixin,
    ReadOnlyForAll,
    SignedInWrites,
    VersionedMixin,
    input_schema,
)
from alianza.programs import services
from alianza.programs.api import serializers as s
from alianza.programs.filters import ProgramChildFilterSet
from alianza.programs.models import (
    Component,
    DocumentVersion,
    FundingSource,
    GeneralRevision,
    Partnership,
    Phase,
    Program,
)


@input_schema(s.ProgramInputSerializer)
class ProgramViewSet(InputWritesMixin, InputDeletesMixin, viewsets.ModelViewSet):
    """Programs you may see: public ones, and those your institution is a partner in.
    Administrators create and delete programs; its coordinators change a program (its
    code stays). Partners are set through `/api/v1/partnerships/`."""

    serializer_class = s.ProgramSerializer
    input_serializer_class = s.ProgramInputSerializer
    permission_classes = [SignedInWrites]
    lookup_field = "code"

    def get_queryset(self):
        return (
            Program.objects.visible_to(self.request.user)
            .prefetch_related("partnerships__institution")
            .order_by("code")
        )

    def create_record(self, data):
        if not data.get("code"):
            raise ApiValidationError({"code": [_("This field is required.")]})
        return services.program_create(data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("code", None)
        return services.program_update(program=instance, data=data, actor=self.request.user)

    def delete_record(self, instance):
        services.program_delete(program=instance, actor=self.request.user)


def _institution(code: str) -> Institution:
    institution = Institution.objects.filter(code=code).first()
    if institution is None:
        raise ApiValidationError(
            {"institution": [_("No institution with code '%(code)s'.") % {"code": code}]}
        )
    return institution


@input_schema(s.PartnershipInputSerializer)
class PartnershipViewSet(InputWritesMixin, InputDeletesMixin, viewsets.ModelViewSet):
    """The partners of the programs you may see and their roles. A program's coordinators
    (and administrators) add a partner, change its role or take it out; the last partner
    stays."""

    serializer_class = s.PartnershipReadSerializer
    input_serializer_class = s.PartnershipInputSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ProgramChildFilterSet

    def get_queryset(self):
        return (
            Partnership.objects.public_structure_visible_to(self.request.user)
            .select_related("program", "institution")
            .order_by("program__code", "institution__code")
        )

    def create_record(self, data):
        program = Program.objects.visible_to(self.request.user).filter(code=data["program"]).first()
        if program is None:
            raise Http404(_("No such program."))
        return services.partnership_set(
            program=program,
            institution=_institution(data["institution"]),
            role_en=data.get("role_en", ""),
            role_es=data.get("role_es", ""),
            actor=self.request.user,
        )

    def update_record(self, instance, data):
        return services.partnership_set(
            program=instance.program,
            institution=instance.institution,
            role_en=data.get("role_en", instance.role_en),
            role_es=data.get("role_es", instance.role_es),
            actor=self.request.user,
        )

    def delete_record(self, instance):
        services.partnership_remove(partnership=instance, actor=self.request.user)


class _ChildViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReadOnlyForAll]
    filterset_class = ProgramChildFilterSet
    internal = False
    model = None
    related: tuple = ()
    prefetch: tuple = ()

    def get_queryset(self):
        manager = self.model.objects
        queryset = (
            manager.internal_visible_to(self.request.user)
            if self.internal
            else manager.public_structure_visible_to(self.request.user)
        )
        return queryset.select_related("program", *self.related).prefetch_related(*self.prefetch)


class PhaseViewSet(_ChildViewSet):
    """Phases of the programs you may see."""

    serializer_class = s.PhaseSerializer
    model = Phase


class ComponentViewSet(_ChildViewSet):
    """Components of the programs you may see."""

    serializer_class = s.ComponentSerializer
    model = Component


class DocumentVersionViewSet(_ChildViewSet):
    """Project document versions with their expected results and products (Annex 2)."""

    serializer_class = s.DocumentVersionSerializer
    model = DocumentVersion
    related = ("phase",)
    prefetch = ("results__products",)


class GeneralRevisionViewSet(_ChildViewSet):
    """General (budget) revisions, for partners of the program."""

    serializer_class = s.GeneralRevisionSerializer
    model = GeneralRevision
    internal = True
    prefetch = ("amounts__source",)


class FundingSourceViewSet(_ChildViewSet):
    """Funding sources, for partners of the program."""

    serializer_class = s.FundingSourceSerializer
    model = FundingSource
    internal = True
    related = ("institution",)
