"""The joint dashboard: one program, one period, everything computed from the records."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.audit.models import ChangeRecord
from alianza.contracts.models import Deliverable
from alianza.contracts.selectors import Delay, late_deliverables, partner_ids, with_reviews
from alianza.core.params import date_param, refuse, year_param
from alianza.finance.rates import RateTable
from alianza.finance.selectors import (
    BudgetYear,
    Converted,
    Curve,
    budget_by_year,
    program_budget_lines,
    program_transactions,
    spending_curve,
    total_in,
)
from alianza.governance.choices import ActionStatus as BoardActionStatus
from alianza.governance.models import ActionItem, Dispute
from alianza.monitoring.models import PeriodReport, Signature
from alianza.monitoring.pace import ProgramPace, program_pace
from alianza.risks.choices import ActionStatus as RiskActionStatus
from alianza.risks.choices import RiskStatus
from alianza.risks.models import Risk, RiskAction
from alianza.risks.selectors import heat_map, top_risks

if TYPE_CHECKING:
    from alianza.programs.models import Partnership, Program


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def as_of(self, today: date | None = None) -> date:
        today = today or timezone.localdate()
        return min(self.end, today)


def latest_period_with_data(program: Program, *, today: date | None = None) -> Period:
    """The latest calendar year, up to this one, in which the program has a transaction or
    a deliverable due: where the dashboard opens (PROCAP's records end in 2019, so its
    current year would be empty). The current year when there is no such record."""
    from django.db.models import Max

    today = today or timezone.localdate()
    latest = [
        program_transactions(program).filter(date__lte=today).aggregate(last=Max("date"))["last"],
        Deliverable.objects.filter(contract__program=program, planned_date__lte=today).aggregate(
            last=Max("planned_date")
        )["last"],
    ]
    year = max((d.year for d in latest if d is not None), default=today.year)
    return Period(date(year, 1, 1), date(year, 12, 31))


def parse_period(
    params: Mapping[str, Any],
    *,
    today: date | None = None,
    default: Callable[[], Period] | None = None,
) -> Period:
    """?start=YYYY-MM-DD&end=YYYY-MM-DD, or ?period=2019 / 2019-Q4; else `default()`, or
    the current year.

    A malformed value is refused (400) rather than silently replaced by the current year."""
    today = today or timezone.localdate()
    start, end = date_param(params, "start"), date_param(params, "end")
    if start and end:
        if end < start:
            refuse("end", _("The period ends before it starts."))
        return Period(start, end)
    raw = (params.get("period") or "").strip().upper()
    if raw:
        year_text, quarter_sep, quarter_text = raw.partition("-Q")
        year = year_param({"period": year_text}, "period")
        if year is None or (quarter_sep and quarter_text not in ("1", "2", "3", "4")):
            refuse(
                "period",
                _("“%(value)s” is not a year or a quarter such as 2019-Q4.") % {"value": raw[:40]},
            )
        if quarter_sep:
            quarter = int(quarter_text)
            first = date(year, 3 * (quarter - 1) + 1, 1)
            following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
            return Period(first, date.fromordinal(following.toordinal() - 1))
        return Period(date(year, 1, 1), date(year, 12, 31))
    if default is not None:
        return default()
    return Period(date(today.year, 1, 1), date(today.year, 12, 31))


@dataclass
class OverdueAction:
    kind: str  # "risk" or "board"
    item: RiskAction | ActionItem
    url: str
    days_overdue: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.item.pk}"


@dataclass
class OpenDispute:
    dispute: Dispute
    stage: str
    stage_label: str
    waiting_for: list[Any]


@dataclass
class Dashboard:
    program: Program
    period: Period
    as_of: date
    currency: str
    delays: list[Delay]
    due_soon: list[Deliverable]
    pace: ProgramPace
    curve: Curve
    budget_years: list[BudgetYear]
    spent: Converted
    risks: list[Risk]
    top_risks: list[Risk]
    heat: list[Any]
    unassessed: list[Risk]
    disputes: list[OpenDispute]
    overdue: list[OverdueAction]
    notes: list[str] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        """The figures a signature vouches for (compared later to show what changed)."""
        return {
            "late_deliverables": {
                f"{d.contract.reference} #{d.deliverable.number}": d.days_late for d in self.delays
            },
            "spending_pace": {
                str(p.number): p.status for p in self.pace.ordered() if p.status is not None
            },
            "spent": f"{self.spent.total:.2f} {self.currency}",
            "risks": {f"R{r.number}": r.significance for r in self.risks},
            "open_disputes": {f"D{d.dispute.number}": d.stage for d in self.disputes},
            "overdue_actions": {a.key: a.days_overdue for a in self.overdue},
        }


SNAPSHOT_LABELS = {
    "late_deliverables": "Late deliverables",
    "spending_pace": "Spending pace",
    "spent": "Spent",
    "risks": "Risks",
    "open_disputes": "Open disputes",
    "overdue_actions": "Overdue actions",
}


def snapshot_changes(signed: dict, current: dict) -> list[dict]:
    """What differs between the figures signed and today's: [{section, item, before, after}]."""
    changes = []
    for section in SNAPSHOT_LABELS:
        old, new = signed.get(section), current.get(section)
        if isinstance(old, dict) or isinstance(new, dict):
            old, new = old or {}, new or {}
            for item in sorted(set(old) | set(new)):
                if old.get(item) != new.get(item):
                    changes.append(
                        {
                            "section": section,
                            "item": item,
                            "before": old.get(item),
                            "after": new.get(item),
                        }
                    )
        elif old != new:
            changes.append({"section": section, "item": "", "before": old, "after": new})
    return changes


def build_dashboard(
    program: Program, period: Period, *, currency: str | None = None, today: date | None = None
) -> Dashboard:
    as_of = period.as_of(today)
    currency = currency or program.currency
    table = RateTable.load()
    partners = partner_ids(program)
    settings = None
    pace = program_pace(program, as_of=as_of)
    settings = pace.settings

    delays = late_deliverables(program, as_of=as_of, since=period.start, partners=partners)
    soon_end = date.fromordinal(as_of.toordinal() + settings.due_soon_days)
    due_soon = with_reviews(
        Deliverable.objects.filter(
            contract__program=program,
            contract__terminated_on__isnull=True,
            delivered_date__isnull=True,
            planned_date__gte=as_of,
            planned_date__lte=soon_end,
        ).order_by("planned_date"),
        partners,
    )

    lines = list(program_budget_lines(program))
    transactions = [t for t in program_transactions(program) if t.date <= as_of]
    curve = spending_curve(lines, transactions, currency=currency, as_of=as_of, table=table)
    from alianza.finance.choices import SPENDING_TYPES

    spent = total_in(
        [t for t in transactions if t.kind in SPENDING_TYPES and t.date >= period.start],
        currency=currency,
        table=table,
    )

    risks = list(
        Risk.objects.filter(program=program, status=RiskStatus.OPEN)
        .select_related("program")
        .prefetch_related("owners__institution")
        .order_by("number")
    )
    disputes = []
    for dispute in (
        Dispute.objects.filter(program=program, decided_on__isnull=True, opened_on__lte=as_of)
        .select_related("program", "opened_by_institution", "contract__program", "initiative")
        .prefetch_related("agreements")
        .order_by("opened_on", "number")
    ):
        stage = dispute.stage(partners)
        waiting = dispute.waiting_for(partners)
        from alianza.governance.choices import DisputeStage

        disputes.append(OpenDispute(dispute, stage, str(DisputeStage(stage).label), waiting))

    overdue = []
    for action in RiskAction.objects.filter(
        risk__program=program, status=RiskActionStatus.OPEN, due_on__lt=as_of
    ).select_related("risk__program", "owner_institution", "owner"):
        overdue.append(
            OverdueAction(
                "risk", action, action.risk.get_absolute_url(), (as_of - action.due_on).days
            )
        )
    for item in ActionItem.objects.filter(
        program=program, status=BoardActionStatus.OPEN, due_on__lt=as_of
    ).select_related("program", "owner_institution", "owner", "meeting"):
        from django.urls import reverse

        url = reverse("governance:action_list", kwargs={"code": program.code})
        overdue.append(OverdueAction("board", item, url, (as_of - item.due_on).days))
    overdue.sort(key=lambda a: -a.days_overdue)

    notes = []
    if spent.unconverted:
        notes.append(
            _("%(n)s amounts have no exchange rate for their date and are left out.")
            % {"n": spent.unconverted}
        )
        notes.extend(spent.missing)
    return Dashboard(
        program=program,
        period=period,
        as_of=as_of,
        currency=currency,
        delays=delays,
        due_soon=due_soon,
        pace=pace,
        curve=curve,
        budget_years=budget_by_year(lines, currency=currency, table=table),
        spent=spent,
        risks=risks,
        top_risks=top_risks(risks),
        heat=heat_map(risks),
        unassessed=[r for r in risks if r.needs_assessment],
        disputes=disputes,
        overdue=overdue,
        notes=notes,
    )


# --- The period report -------------------------------------------------------------------

#: The apps whose changes a signed report lists as "changed after signature".
MONITORED_APPS = ("finance", "contracts", "risks", "governance")


class ReportSheet(TypedDict):
    """What the period report shows besides the dashboard: who signed, what changed in the
    figures and the records since each signature, and which partners have not signed."""

    board: Dashboard
    report: PeriodReport | None
    signatures: list[Signature]
    after: list[dict[str, Any]]
    missing: QuerySet[Partnership]


def report_sheet(program: Program, period: Period, *, currency: str) -> ReportSheet:
    board = build_dashboard(program, period, currency=currency)
    report = (
        PeriodReport.objects.filter(program=program, start=period.start, end=period.end)
        .prefetch_related("signatures__institution", "signatures__signer")
        .first()
    )
    signatures = list(report.signatures.all()) if report else []
    current = board.snapshot()
    after = []
    for signature in signatures:
        changes = snapshot_changes(signature.snapshot, current)
        for change in changes:
            change["label"] = _(SNAPSHOT_LABELS[change["section"]])
        records = ChangeRecord.objects.filter(
            program_id=program.pk,
            created_at__gt=signature.signed_at,
            content_type__app_label__in=MONITORED_APPS,
        ).select_related("content_type", "actor_institution")[:50]
        after.append({"signature": signature, "changes": changes, "records": records})
    signed_ids = {s.institution_id for s in signatures}
    return {
        "board": board,
        "report": report,
        "signatures": signatures,
        "after": after,
        "missing": program.partnerships.exclude(institution_id__in=signed_ids).select_related(
            "institution"
        ),
    }
