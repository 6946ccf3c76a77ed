"""The sentence of each kind of alert, in the active language: read by a notification
(`Notification.message`) and by the email `send_alerts` sends. It sits below the models and
the alerts so that both can use it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from alianza.monitoring.choices import AlertKind, PaceStatus


def render_message(kind: str, params: dict) -> str:
    """The alert's sentence in the active language."""
    templates: dict[str, str] = {
        AlertKind.DELIVERABLE_DUE: _(
            "%(program)s: deliverable %(number)s of contract %(contract)s is due on %(date)s."
        ),
        AlertKind.DELIVERABLE_LATE: _(
            "%(program)s: deliverable %(number)s of contract %(contract)s was due on %(date)s "
            "and is %(days)s days late."
        ),
        AlertKind.PACE_FLAG: _(
            "%(program)s: initiative %(number)s is flagged by the spending-pace rule (%(status)s)."
        ),
        AlertKind.RISK_REVIEW_DUE: _("%(program)s: risk %(number)s is due for review on %(date)s."),
        AlertKind.ACTION_OVERDUE: _("%(program)s: the action “%(title)s” was due on %(date)s."),
        AlertKind.DISPUTE_WAITING: _("%(program)s: dispute %(number)s waits for: %(stage)s."),
        AlertKind.CONTRACT_ENDING: _(
            "%(program)s: service contract %(contract)s (position %(position)s) ends on "
            "%(date)s and nobody has decided whether to renew it."
        ),
    }
    values = dict(params)
    if kind == AlertKind.PACE_FLAG:
        values["status"] = str(PaceStatus(params["status"]).label)
    if kind == AlertKind.DISPUTE_WAITING:
        from alianza.governance.choices import DisputeStage

        values["stage"] = str(DisputeStage(params["stage"]).label)
    try:
        return templates[kind] % values
    except (KeyError, ValueError):
        return kind
