"""The plan of a scenario as a spreadsheet for human resources: each position, its
priority and cost for the year, proposed and kept; the totals at the end."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alianza.core.exports import xlsx_response
from alianza.staffing_plans.selectors import Plan


def plan_rows(plan: Plan) -> list[list]:
    yes, no = _("yes"), _("no")
    rows: list[list] = [
        [
            row.position.code,
            row.position.title,
            row.position.function,
            row.position.area,
            row.position.get_priority_display(),
            row.annual_cost,
            yes if row.proposed else no,
            yes if row.kept else no,
        ]
        for row in plan.rows
    ]
    rows.append([])
    rows.append([_("Available budget"), "", "", "", "", plan.available])
    rows.append([_("Cost of the positions kept"), "", "", "", "", plan.kept_cost])
    rows.append([_("Cost gap of the uncovered essential functions"), "", "", "", "", plan.cost_gap])
    return rows


def plan_xlsx(plan: Plan) -> HttpResponse:
    scenario = plan.scenario
    headers = [
        _("Position"),
        _("Title"),
        _("Function"),
        _("Area"),
        _("Priority"),
        _("Cost for the year (%(currency)s)") % {"currency": scenario.currency},
        _("Proposed"),
        _("Kept"),
    ]
    filename = slugify(f"{scenario.program.code}-{scenario.label}-{scenario.year}")
    return xlsx_response(filename, str(scenario.label), headers, plan_rows(plan))
