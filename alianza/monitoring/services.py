"""Writes of the monitoring app: the program's thresholds, signatures of a period report,
and notifications.

Only `alert_deliver` is durable (an email sent inside a caller's transaction could outlive
its rollback); the others are called inside the transaction of a page or the API
(`core.concurrency.save_if_current`, `core.api.VersionedMixin`) or of `load_procap`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import locked_first
from alianza.monitoring.models import MonitoringSettings, Notification, PeriodReport, Signature
from alianza.monitoring.permissions import (
    can_edit_monitoring_settings,
    can_read_notification,
    can_sign_period_report,
)
from alianza.programs.models import Program
from alianza.programs.permissions import can_view_internal, require

SETTINGS_FIELDS = {
    "pace_rate_ratio",
    "pace_min_months",
    "pace_min_initiatives",
    "pace_ahead_margin",
    "pace_behind_margin",
    "due_soon_days",
    "source_note_en",
    "source_note_es",
}


@transaction.atomic
def monitoring_settings_update(
    *, program: Program, data: Mapping[str, Any], actor: User
) -> MonitoringSettings:
    """Change the thresholds the program monitors itself with (coordinators)."""
    require(
        can_edit_monitoring_settings(actor, program),
        _("Only a coordinator may change the monitoring settings of %(code)s.")
        % {"code": program.code},
    )
    unknown = set(data) - SETTINGS_FIELDS
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    current = locked_first(MonitoringSettings.objects.filter(program=program))
    before = audit.snapshot(current) if current else None
    current = current or MonitoringSettings(program=program)
    for key, value in data.items():
        setattr(current, key, value)
    if before is not None and audit.snapshot(current) == before:
        return current
    audit.save_and_record(
        current,
        actor=actor,
        action="monitoring.settings." + ("update" if before else "create"),
        before=before,
    )
    return current


@transaction.atomic
def period_report_sign(
    *, program: Program, start: date, end: date, actor: User, signed_at: datetime | None = None
) -> Signature:
    """A partner's coordinator signs the program's monitoring report for a period.

    The signature keeps the figures the report showed, so that the report can tell what
    changed after it was signed.
    """
    from alianza.monitoring.selectors import Period, build_dashboard

    require(
        can_view_internal(actor, program),
        _("You may not sign the reports of %(code)s.") % {"code": program.code},
    )
    membership = actor.active_membership
    if membership is None or not can_sign_period_report(actor, program):
        raise ValidationError(
            {
                "signed_by": _(
                    "%(user)s is not the coordinator of a partner of %(code)s; only a "
                    "partner's coordinator signs the period report."
                )
                % {"user": actor.get_full_name() or actor.username, "code": program.code}
            }
        )
    if end < start:
        raise ValidationError({"end": _("A period cannot end before it starts.")})
    report = locked_first(PeriodReport.objects.filter(program=program, start=start, end=end))
    before = audit.snapshot(report) if report else None
    if report is None:
        report = PeriodReport(program=program, start=start, end=end)
        report.full_clean()
        report.save()
    if report.signatures.filter(institution_id=membership.institution_id).exists():
        raise ValidationError(
            {
                "signed_by": _("%(partner)s has already signed the report for %(start)s – %(end)s.")
                % {"partner": membership.institution, "start": start, "end": end}
            }
        )
    dashboard = build_dashboard(program, Period(start, end))
    signature = Signature(
        report=report,
        institution=membership.institution,
        signer=actor,
        signed_at=signed_at or timezone.now(),
        snapshot=dashboard.snapshot(),
    )
    signature.full_clean()
    signature.save()
    audit.record(actor=actor, action="monitoring.report.sign", obj=report, before=before)
    return signature


@transaction.atomic
def notification_deliver(
    *, user: User, program: Program, kind: str, key: str, params: dict[str, Any], url: str = ""
) -> Notification | None:
    """Leave an alert for a person once: None when they already have this alert's key.

    Notifications are deliveries to one person, not records of the program: they are not
    copied into the audit trail.
    """
    if Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = Notification(
        user=user, program=program, kind=kind, key=key, params=params, url=url
    )
    notification.full_clean(validate_constraints=False)
    notification.save()
    return notification


@transaction.atomic(durable=True)
def alert_deliver(
    *,
    user: User,
    program: Program,
    kind: str,
    key: str,
    params: dict[str, Any],
    url: str = "",
    email: Callable[[], None] | None = None,
) -> Notification | None:
    """Leave one alert for one person and, with `email` (the sending), email it: both or
    neither. None when they already have this alert's key.

    Durable, never nested in a caller's transaction: the email goes out inside this one, so
    that a failed send rolls the notification back and the next run retries it; inside a
    larger transaction a later rollback would forget a notification whose email had already
    gone, and the person would receive it again.
    """
    notification = notification_deliver(
        user=user, program=program, kind=kind, key=key, params=params, url=url
    )
    if notification is None or email is None:
        return notification
    email()
    return notification_mark_emailed(notification=notification)


@transaction.atomic
def notification_mark_emailed(
    *, notification: Notification, emailed_at: datetime | None = None
) -> Notification:
    """Record that the notification's email went out, and when, with its change record.

    Leaving a notification in the app writes no change record (see `notification_deliver`);
    an email is different, it has left the system and cannot be taken back, so the trail
    keeps when it went and which run sent it (the source, e.g. `send_alerts`; no actor).
    """
    before = audit.snapshot(notification)
    notification.emailed_at = emailed_at or timezone.now()
    audit.save_and_record(
        notification,
        actor=None,
        action="monitoring.notification.email",
        before=before,
        validate_constraints=False,
    )
    return notification


@transaction.atomic
def notification_mark_read(*, notification: Notification, actor: User) -> Notification:
    """Mark the actor's own notification read (a person's own reading: no change record)."""
    require(can_read_notification(actor, notification), _("This notification is someone else's."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
