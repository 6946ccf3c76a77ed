"""Alerts: what needs someone's attention today, who should hear of it, and delivery once.

Each alert has a key that names what it is about and the state that raised it (a
deliverable's planned date, a risk's review date...). A person gets an alert's key once,
in the app and by email: running `send_alerts` again sends nothing twice, while a new
state (a new planned date) raises a new alert.

Recipients are the responsible people of every partner: the coordinators of each partner
institution, the focal points of the area the alert concerns, and the named owners.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation

from alianza.accounts.choices import FocalArea, Role
from alianza.accounts.models import User
from alianza.contracts.models import Deliverable
from alianza.governance.choices import ActionStatus as BoardActionStatus
from alianza.governance.models import ActionItem, Dispute
from alianza.monitoring.alert_texts import render_message
from alianza.monitoring.choices import AlertKind
from alianza.monitoring.pace import program_pace
from alianza.monitoring.services import alert_deliver
from alianza.risks.choices import ActionStatus as RiskActionStatus
from alianza.risks.choices import RiskStatus
from alianza.risks.models import Risk, RiskAction
from alianza.specialists.selectors import undecided_ending

logger = logging.getLogger(__name__)

#: The focal area each kind of alert concerns.
AREAS = {
    AlertKind.DELIVERABLE_DUE: FocalArea.TECHNICAL_SUBSTANTIVE,
    AlertKind.DELIVERABLE_LATE: FocalArea.TECHNICAL_SUBSTANTIVE,
    AlertKind.PACE_FLAG: FocalArea.FINANCIAL_CONTROL,
    AlertKind.CONTRACT_ENDING: FocalArea.HUMAN_RESOURCES,
}

#: A service contract ending within this many days without a renewal decision is an alert.
CONTRACT_ENDING_DAYS = 60


@dataclass
class Alert:
    kind: str
    key: str
    params: dict
    url: str
    owners: list[User] = field(default_factory=list)


def collect_alerts(program, *, today: date) -> list[Alert]:
    """Everything about `program` that needs attention on `today`."""
    from alianza.contracts.selectors import partner_ids, with_reviews
    from alianza.monitoring.models import MonitoringSettings

    settings = MonitoringSettings.for_program(program)
    horizon = today + timedelta(days=settings.due_soon_days)
    code = program.code
    alerts: list[Alert] = []
    partners = partner_ids(program)

    for deliverable in with_reviews(
        Deliverable.objects.filter(
            contract__program=program,
            contract__terminated_on__isnull=True,
            delivered_date__isnull=True,
            planned_date__lte=horizon,
        ),
        partners,
    ):
        contract = deliverable.contract
        params = {
            "program": code,
            "contract": contract.reference,
            "number": deliverable.number,
            "date": deliverable.planned_date.isoformat(),
        }
        url = contract.get_absolute_url()
        if deliverable.planned_date < today:
            kind = AlertKind.DELIVERABLE_LATE
            params["days"] = deliverable.days_late(today)
        else:
            kind = AlertKind.DELIVERABLE_DUE
        alerts.append(
            Alert(kind, f"{kind}:{deliverable.pk}:{deliverable.planned_date}", params, url)
        )

    for pace in program_pace(program, as_of=today).flagged:
        url = reverse("initiatives:initiative_detail", kwargs={"code": code, "number": pace.number})
        alerts.append(
            Alert(
                AlertKind.PACE_FLAG,
                f"pace_flag:{pace.initiative_id}:{pace.status}",
                {"program": code, "number": pace.number, "status": pace.status},
                url,
            )
        )

    for risk in Risk.objects.filter(
        program=program, status=RiskStatus.OPEN, next_review_on__lte=horizon
    ).prefetch_related("owners__user"):
        alerts.append(
            Alert(
                AlertKind.RISK_REVIEW_DUE,
                f"risk_review_due:{risk.pk}:{risk.next_review_on}",
                {"program": code, "number": risk.number, "date": risk.next_review_on.isoformat()},
                risk.get_absolute_url(),
                [o.user for o in risk.owners.all() if o.user_id],
            )
        )

    for action in RiskAction.objects.filter(
        risk__program=program, status=RiskActionStatus.OPEN, due_on__lt=today
    ).select_related("risk__program", "owner"):
        alerts.append(
            Alert(
                AlertKind.ACTION_OVERDUE,
                f"risk_action_overdue:{action.pk}:{action.due_on}",
                {
                    "program": code,
                    "title": action.description[:80],
                    "date": action.due_on.isoformat(),
                },
                action.risk.get_absolute_url(),
                [action.owner] if action.owner_id else [],
            )
        )
    for item in ActionItem.objects.filter(
        program=program, status=BoardActionStatus.OPEN, due_on__lt=today
    ).select_related("owner"):
        alerts.append(
            Alert(
                AlertKind.ACTION_OVERDUE,
                f"board_action_overdue:{item.pk}:{item.due_on}",
                {"program": code, "title": item.description[:80], "date": item.due_on.isoformat()},
                reverse("governance:action_list", kwargs={"code": code}),
                [item.owner] if item.owner_id else [],
            )
        )

    for contract in undecided_ending(program, today=today, days=CONTRACT_ENDING_DAYS):
        alerts.append(
            Alert(
                AlertKind.CONTRACT_ENDING,
                f"contract_ending:{contract.pk}:{contract.end_date}",
                {
                    "program": code,
                    "contract": contract.reference,
                    "position": contract.position.code,
                    "date": contract.end_date.isoformat(),
                },
                contract.get_absolute_url(),
            )
        )

    for dispute in Dispute.objects.filter(
        program=program, decided_on__isnull=True
    ).prefetch_related("agreements"):
        stage = dispute.stage(partners)
        if dispute.waiting_for(partners):
            alerts.append(
                Alert(
                    AlertKind.DISPUTE_WAITING,
                    f"dispute_waiting:{dispute.pk}:{stage}",
                    {"program": code, "number": dispute.number, "stage": stage},
                    dispute.get_absolute_url(),
                )
            )
    return alerts


def responsible_people(program) -> dict[str, list[User]]:
    """Active members of the partner institutions who answer for alerts, by area:
    "coordinators" and each focal area."""
    partner_ids = list(program.partnerships.values_list("institution_id", flat=True))
    people: dict[str, list[User]] = {"coordinators": []}
    users = (
        User.objects.filter(
            is_active=True,
            membership__is_active=True,
            membership__institution_id__in=partner_ids,
            membership__role__in=[Role.COORDINATOR, Role.FOCAL_POINT],
        )
        .select_related("membership__institution")
        .order_by("username")
    )
    for user in users:
        if user.membership.role == Role.COORDINATOR:
            people["coordinators"].append(user)
        else:
            people.setdefault(user.membership.area, []).append(user)
    return people


def recipients(alert: Alert, people: dict[str, list[User]]) -> list[User]:
    chosen = list(people["coordinators"])
    area = AREAS.get(alert.kind)
    if area:
        chosen += people.get(area, [])
    chosen += [u for u in alert.owners if u.is_active]
    unique = {u.pk: u for u in chosen}
    return list(unique.values())


def _email(user: User, alert: Alert) -> None:
    base = getattr(django_settings, "ALIANZA_BASE_URL", "").rstrip("/")
    texts = {}
    for language in ("es", "en"):
        with translation.override(language):
            texts[language] = (
                str(AlertKind(alert.kind).label),
                render_message(alert.kind, alert.params),
            )
    subject = f"[{alert.params['program']}] {texts['es'][0]} / {texts['en'][0]}"
    link = f"{base}{alert.url}" if alert.url else base
    body = f"{texts['es'][1]}\n\n{texts['en'][1]}\n\n{link}\n"
    send_mail(subject, body, None, [user.email], fail_silently=False)


@dataclass
class AlertRun:
    notifications: int = 0
    emails: int = 0
    alerts: int = 0
    failed: int = 0


def send_alerts(programs: Iterable, *, today: date | None = None) -> AlertRun:
    """Deliver every alert of every program to its recipients, once per alert key."""
    today = today or timezone.localdate()
    run = AlertRun()
    for program in programs:
        people = responsible_people(program)
        for alert in collect_alerts(program, today=today):
            run.alerts += 1
            for user in recipients(alert, people):
                try:
                    notification = alert_deliver(
                        user=user,
                        program=program,
                        kind=alert.kind,
                        key=alert.key,
                        params=alert.params,
                        url=alert.url,
                        email=partial(_email, user, alert) if user.email else None,
                    )
                except Exception:  # e.g. the mail server is down: try again on the next run
                    logger.exception("Alert %s for %s not delivered", alert.key, user.username)
                    run.failed += 1
                    continue
                if notification is not None:
                    run.notifications += 1
                    run.emails += 1 if notification.emailed_at else 0
    return run
