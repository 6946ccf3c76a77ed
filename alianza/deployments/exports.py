"""The deployments as a spreadsheet for human resources: one row per person on each
mission, with the checklist items they miss; a mission that names nobody gets one row with
its reported total."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from alianza.core.exports import xlsx_response
from alianza.deployments.models import Deployment
from alianza.deployments.selectors import deployments_for_list
from alianza.programs.models import Program


def deployment_rows(program: Program) -> list[list]:
    missions = deployments_for_list(Deployment.objects.filter(program=program)).prefetch_related(
        "people__specialist__personal_data"
    )
    rows: list[list] = []
    for mission in missions:
        head = [
            mission.number,
            mission.title,
            "; ".join(str(d) for d in mission.destinations.all()),
            mission.start_date,
            mission.end_date,
            mission.get_status_display(),
            str(mission.approved_by or ""),
            mission.approved_on,
            mission.reported_headcount,
        ]
        people = sorted(mission.people.all(), key=lambda p: p.pk)
        if not people:
            rows.append([*head, "", "", ""])
        for person in people:
            missing = person.missing_items()
            rows.append(
                [
                    *head,
                    person.specialist.full_name,
                    _("no") if missing else _("yes"),
                    ", ".join(str(item.label) for item in missing),
                ]
            )
    return rows


def deployments_xlsx(program: Program) -> HttpResponse:
    headers = [
        _("No."),
        _("Mission"),
        _("Destinations"),
        _("start date"),
        _("end date"),
        _("Status"),
        _("approved by"),
        _("approved on"),
        _("People deployed (reported total)"),
        _("Specialist"),
        _("Checklist complete"),
        _("missing:"),
    ]
    return xlsx_response(
        f"{program.code.lower()}-deployments",
        str(_("Deployments")),
        headers,
        deployment_rows(program),
    )
