"""Program structure, read-only. Public structure follows the program's visibility;
revisions and funding sources are the partners' internal records."""

from __future__ import annotations

from rest_framework import viewsets

from alianza.core.api import ReadOnlyForAll, VersionedMixin
from alianza.programs.api import serializers as s
from alianza.programs.filters import ProgramChildFilterSet
from alianza.programs.models import (
    Component,
    DocumentVersion,
    FundingSource,
    GeneralRevision,
    Phase,
    Program,
)


class ProgramViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Programs you may see: public ones, and those your institution is a partner in."""

    serializer_class = s.ProgramSerializer
    permission_classes = [ReadOnlyForAll]
    lookup_field = "code"

    def get_queryset(self):
        return (
            Program.objects.visible_to(self.request.user)
            .prefetch_related("partnerships__institution")
            .order_by("code")
        )


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
