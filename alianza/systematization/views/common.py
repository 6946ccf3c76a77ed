"""What every systematization page shares: the sub-navigation's context (the period
chosen, what the user may do), the visible initiative named in the URL, the language a
page writes its verdicts in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.systematization import permissions as perms
from alianza.systematization import selectors
from alianza.systematization.models import SystematizationPeriod


def page_context(request: HttpRequest, program: Program, *, tab: str) -> dict[str, Any]:
    """The program, the period chosen (`?period=`, else the latest), the periods to choose
    from, the section (its entry in the side menu), and what the user may do there."""
    user = request.user
    return {
        "program": program,
        "period": selectors.pick_period(program, request.GET.get("period"), strict=True),
        "periods": selectors.program_periods(program),
        "section": tab,
        "internal": perms.can_view_working_records(user, program),
        "can_assess": perms.can_assess(user, program),
        "can_consolidate": perms.can_consolidate(user, program),
        "can_edit_learning": perms.can_edit_learning(user, program),
    }


def period_query(period: SystematizationPeriod | None) -> str:
    return f"?period={period.code}" if period else ""


def need_period(context: dict[str, Any]) -> SystematizationPeriod:
    """The page's period; 404 when the program has none."""
    if context["period"] is None:
        raise Http404(_("This program has no systematization period."))
    return context["period"]


def visible_initiative(request: HttpRequest, program: Program, number: int) -> Initiative:
    initiative = selectors.visible_initiatives(request.user, program).filter(number=number).first()
    if initiative is None:
        raise Http404(_("No such initiative."))
    return initiative


def language() -> str:
    return (get_language() or "es")[:2]


def report_form_errors(request: HttpRequest, form: Any) -> None:
    """A form posted from a list page: its errors become messages on the page it returns to."""
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(
                request, f"{form.fields[field].label}: {error}" if field in form.fields else error
            )
