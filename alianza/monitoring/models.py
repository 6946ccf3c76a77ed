"""Joint monitoring: the program's thresholds, period reports every partner's coordinator signs, and
the notifications alerts leave in the app."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.audit.guard import AuditedQuerySet
from alianza.core.models import SourceNoteMixin, TimeStampedModel
from alianza.monitoring.alert_texts import render_message
from alianza.monitoring.choices import AlertKind
from alianza.monitoring.querysets import NotificationQuerySet
from alianza.programs.querysets import ProgramChildQuerySet


class MonitoringSettings(TimeStampedModel, SourceNoteMixin):
    """The thresholds a program monitors itself with (data the partners edit)."""

    program = models.OneToOneField(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="monitoring_settings",
    )
    pace_rate_ratio = models.DecimalField(
        _("spending rate flag (times the program's median)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal("1.01"))],
        help_text=_(
            "An initiative spending per month this many times the median monthly rate "
            "of the program's initiatives is flagged as running ahead."
        ),
    )
    pace_min_months = models.PositiveSmallIntegerField(
        _("sustained over at least (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Short events spend all at once; the rate flag needs spending over at least "
            "this many months (a quarter by default)."
        ),
    )
    pace_min_initiatives = models.PositiveSmallIntegerField(
        _("initiatives needed for a median"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
    )
    pace_ahead_margin = models.DecimalField(
        _("ahead margin (share)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.25"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Flag when the share of budget spent exceeds the share of time elapsed, or "
            "of expected products delivered, by this much (0.25 = 25 points)."
        ),
    )
    pace_behind_margin = models.DecimalField(
        _("stalled margin (share)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.40"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Flag as stalled when the share of time elapsed exceeds the share of "
            "budget spent by this much."
        ),
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("alert this many days ahead"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return f"{self.program} · {_('monitoring settings')}"

    @classmethod
    def for_program(cls, program) -> MonitoringSettings:
        """The program's settings, or the defaults (unsaved) when it has none yet."""
        found = cls.objects.filter(program=program).first()
        return found or cls(program=program)


class PeriodReport(TimeStampedModel):
    """The joint monitoring report of a program for a period, signed by each partner."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="period_reports",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    objects = ProgramChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        ordering = ["program", "-end", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "start", "end"],
                name="period_report_unique",
                violation_error_message=_("The program already has a report for this period."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="period_report_span",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.start} – {self.end}"

    def get_absolute_url(self) -> str:
        return reverse(
            "monitoring:report_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("signatures",)

    def audit_related(self) -> dict:
        return {
            "signatures": [
                {
                    "institution": s.institution.code,
                    "signer": s.signer_id,
                    "signed_at": s.signed_at.isoformat(),
                }
                for s in self.signatures.select_related("institution").order_by("signed_at")
            ]
        }


class Signature(models.Model):
    """A coordinator's sign-off of a period report for their institution, with the figures
    the report showed at that moment."""

    report = models.ForeignKey(
        PeriodReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"))
    snapshot = models.JSONField(_("figures signed"), default=dict)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["report", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "institution"],
                name="signature_one_per_partner",
                violation_error_message=_("This partner has already signed the report."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.institution}"


class Notification(models.Model):
    """An alert left in the app for one person; its key makes every alert arrive once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    key = models.CharField(_("alert key"), max_length=200)
    params = models.JSONField(_("details"), default=dict)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="notification_once_per_alert",
                violation_error_message=_("This alert was already sent to this person."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.key}"

    @property
    def message(self) -> str:
        return render_message(self.kind, self.params)
