"""What the systematization adds to the apps below it: a program tab and its side menu,
`criteria_met` and `flagship` on every initiative of the API and a panel on the initiative
page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alianza.core.extensions import (
    InitiativeField,
    InitiativePanel,
    ProgramSection,
    ProgramTab,
    initiative_fields,
    initiative_panels,
    program_sections,
    program_tabs,
)

#: Where `_prepare` puts each initiative's consolidated results, latest first.
RESULTS_ATTR = "systematization_results"


def _prepare(queryset, request=None):
    """`criteria_met` and `flagship`, once (both fields ask for them): each initiative's
    consolidated results with their computed counts, latest period first, read in one query
    for the initiatives fetched (a prefetch), rather than three correlated subqueries built
    into the list's own query. A filter on `flagship` annotates instead
    (`_filter_flagship`); `_latest_result` reads either."""
    from django.db.models import Prefetch

    from alianza.systematization.models import ConsolidatedResult

    if "flagship" in queryset.query.annotations or any(
        getattr(lookup, "to_attr", None) == RESULTS_ATTR
        for lookup in queryset._prefetch_related_lookups
    ):
        return queryset
    results = ConsolidatedResult.objects.with_counts().order_by(
        "-period__end_date", "-period__start_date", "-pk"
    )
    return queryset.prefetch_related(
        Prefetch("consolidated_results", queryset=results, to_attr=RESULTS_ATTR)
    )


def _criteria_met(initiative) -> int | None:
    if hasattr(initiative, "criteria_met"):
        return initiative.criteria_met
    results = getattr(initiative, RESULTS_ATTR, None)
    return results[0].met_count if results else None


def _flagship(initiative) -> bool:
    if hasattr(initiative, "flagship"):
        return bool(initiative.flagship)
    results = getattr(initiative, RESULTS_ATTR, None)
    return bool(results[0].is_flagship) if results else False


def _filter_flagship(queryset, wanted: bool):
    from alianza.systematization.querysets import annotate_initiatives

    if "flagship" not in queryset.query.annotations:
        queryset = annotate_initiatives(queryset)
    return queryset.filter(flagship=wanted)


def _panel(initiative, user):
    from alianza.systematization.selectors import initiative_panel

    return initiative_panel(initiative, user)


def _working_records(user, program) -> bool:
    from alianza.systematization.permissions import can_view_working_records

    return can_view_working_records(user, program)


def _sections() -> list[ProgramSection]:
    """The systematization's pages in the tab's side menu; each keeps the period chosen."""
    tab, keep = "systematization", ("period",)
    return [
        ProgramSection(
            "matrix",
            tab,
            _("Analysis matrix"),
            "systematization:overview",
            10,
            pages=("systematization:assess", "systematization:consolidate*"),
            carry=keep,
        ),
        ProgramSection(
            "figures",
            tab,
            _("Figures"),
            "systematization:figure_list",
            20,
            pages=("systematization:figure_*",),
            carry=keep,
        ),
        ProgramSection(
            "lessons",
            tab,
            _("Lessons and good practices"),
            "systematization:lessons",
            30,
            carry=keep,
        ),
        ProgramSection(
            "recommendations",
            tab,
            _("Recommendations"),
            "systematization:recommendation_list",
            40,
            pages=("systematization:respond", "systematization:action_*"),
            carry=keep,
        ),
        ProgramSection(
            "informants",
            tab,
            _("Informants"),
            "systematization:informants",
            50,
            visible=_working_records,
            carry=keep,
        ),
        ProgramSection(
            "interviews",
            tab,
            _("Interviews"),
            "systematization:interview_list",
            60,
            pages=("systematization:interview_*", "systematization:excerpt_*"),
            visible=_working_records,
            carry=keep,
            testid="nav-interviews",
        ),
        ProgramSection(
            "evidence",
            tab,
            _("Coded evidence"),
            "systematization:evidence",
            70,
            visible=_working_records,
            carry=keep,
            testid="nav-evidence",
        ),
        ProgramSection(
            "report",
            tab,
            _("Report"),
            "systematization:report",
            80,
            pages=("systematization:report_*",),
            carry=keep,
        ),
    ]


def register() -> None:
    program_tabs.register(
        ProgramTab(
            key="systematization",
            label=_("Systematization"),
            url_name="systematization:overview",
            order=60,
        )
    )
    for section in _sections():
        program_sections.register(section)
    program_sections.register(
        ProgramSection(
            "systematization_setup",
            "setup",
            _("Systematization setup"),
            "systematization:setup",
            30,
        )
    )
    initiative_fields.register(
        InitiativeField(
            name="criteria_met",
            value=_criteria_met,
            prepare=_prepare,
            schema=serializers.IntegerField(
                read_only=True,
                allow_null=True,
                help_text="Good-practice criteria met in the initiative's latest consolidated "
                "result (criteria that count toward the flagship threshold); null when it "
                "has not been assessed.",
            ),
            order=60,
        )
    )
    initiative_fields.register(
        InitiativeField(
            name="flagship",
            value=_flagship,
            prepare=_prepare,
            schema=serializers.BooleanField(
                read_only=True,
                help_text="Whether the latest consolidated result meets the program's "
                "flagship rule (computed, never stored).",
            ),
            order=61,
            label=_("Flagship"),
            filter=_filter_flagship,
            # Both languages, whatever the page's: "emblemática", "emblematicas", "flagships".
            search_words=("flagship", "emblematic"),
        )
    )
    initiative_panels.register(
        InitiativePanel(
            key="systematization",
            template="systematization/partials/initiative_panel.html",
            context=_panel,
            order=60,
        )
    )
