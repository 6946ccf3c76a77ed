"""What monitoring adds to the apps below it: the program tab, the initiatives' API field
`spending_pace`, and the spending panel on the initiative page."""

from __future__ import annotations

from django.db.models import Case, CharField, Value, When
from django.utils import timezone
from rest_framework import serializers

from alianza.monitoring.choices import PaceStatus


def prepare_spending_pace(queryset, request):
    """Annotate `spending_pace` from the pace of the programs the user is a partner in
    (a fixed number of queries, whatever the page size); null for everyone else."""
    from alianza.monitoring.pace import program_paces
    from alianza.programs.models import Program

    user = getattr(request, "user", None)
    programs = Program.objects.with_internal_access(user) if user is not None else None
    if programs is None:
        return queryset.annotate(spending_pace=Value(None, output_field=CharField()))
    code = request.query_params.get("program") if hasattr(request, "query_params") else None
    if code:
        programs = programs.filter(code__iexact=code)
    paces = program_paces(programs, as_of=timezone.localdate())
    by_status: dict[str, list[int]] = {}
    for program_pace in paces.values():
        for pace in program_pace.items.values():
            if pace.status:
                by_status.setdefault(pace.status, []).append(pace.initiative_id)
    whens = [When(pk__in=ids, then=Value(status)) for status, ids in by_status.items()]
    if not whens:
        return queryset.annotate(spending_pace=Value(None, output_field=CharField()))
    return queryset.annotate(
        spending_pace=Case(*whens, default=Value(None), output_field=CharField())
    )


def spending_pace_value(initiative):
    return getattr(initiative, "spending_pace", None)


SPENDING_PACE_SCHEMA = serializers.ChoiceField(
    choices=PaceStatus.choices,
    allow_null=True,
    read_only=True,
    help_text=(
        "The spending-pace rule's verdict today (ahead, behind = stalled, on_track); null when "
        "there is not enough data or you are not a partner of the program."
    ),
)


def spending_panel(initiative, user):
    """The initiative page's spending block, for the program's partners only."""
    from alianza.finance.rates import RateTable
    from alianza.finance.selectors import spending_curve
    from alianza.monitoring.pace import program_pace
    from alianza.programs.permissions import can_view_internal

    if not can_view_internal(user, initiative.program):
        return None
    today = timezone.localdate()
    program = program_pace(initiative.program, as_of=today)
    pace = program.items.get(initiative.pk)
    transactions = list(initiative.transactions.order_by("date", "id"))
    curve = spending_curve(
        list(initiative.budget_lines.all()),
        transactions,
        currency=initiative.program.currency,
        as_of=today,
        table=RateTable.load(),
    )
    return {
        "pace": pace,
        "median": program.median_rate,
        "settings": program.settings,
        "transactions": transactions,
        "curve": curve,
        "program": initiative.program,
    }
