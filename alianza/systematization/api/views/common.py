"""What the systematization's API views share: the write permission (the service
decides), and the program, period and initiative a request names."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request

from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.systematization import selectors
from alianza.systematization.models import (
    SystematizationPeriod,
)


class ReadForAllWriteSignedIn(permissions.BasePermission):
    """Anyone reads what the queryset shows them; writing needs a signed-in user, and the
    service decides whether that user may."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


def program_named(request: Request, code: str | None) -> Program:
    if not code:
        raise ApiValidationError({"program": [_("Give a program code.")]})
    program = Program.objects.visible_to(request.user).filter(code__iexact=code).first()
    if program is None:
        raise Http404(_("No such program."))
    return program


def period_of(program: Program, code: str | None) -> SystematizationPeriod:
    period = selectors.pick_period(program, code, strict=True)
    if period is None:
        raise ApiValidationError({"period": [_("The program has no systematization period.")]})
    return period


def visible_initiative(request: Request, program: Program, number: int) -> Initiative:
    initiative = selectors.visible_initiatives(request.user, program).filter(number=number).first()
    if initiative is None:
        raise Http404(_("No such initiative."))
    return initiative


PROGRAM_PARAMS = [
    OpenApiParameter("program", OpenApiTypes.STR, description="Program code"),
    OpenApiParameter("period", OpenApiTypes.STR, description="Period code (default: latest)"),
]
