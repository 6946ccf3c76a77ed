"""The spreadsheets: the headcount by year (partners) and the human-resources workbook
(contracts for the staff managers; personal data and salaries only of the people whose
data the reader may read, each such read logged)."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from alianza.core.exports import XLSX_CONTENT_TYPE, write_sheet
from alianza.programs.models import Program
from alianza.specialists import selectors, services
from alianza.specialists.choices import ReadChannel
from alianza.specialists.permissions import can_read_personal_data


def _response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def headcount_headers() -> list[str]:
    return [
        _("Year"),
        _("Specialists"),
        _("Counted from contracts"),
        _("Authorized places"),
        _("Share of the host institution's staff (%)"),
        _("Share of the program's budget (%)"),
        _("Cost of the contracts"),
        _("Note"),
    ]


def headcount_xlsx(program: Program, rows: list[selectors.YearRow]) -> HttpResponse:
    workbook = Workbook()
    write_sheet(
        workbook.active,
        _("Headcount"),
        headcount_headers(),
        (
            [
                r.year,
                r.headcount,
                r.counted,
                r.authorized_places,
                r.staff_share,
                r.budget_share,
                r.cost,
                r.note,
            ]
            for r in rows
        ),
    )
    return _response(workbook, f"{program.code}-headcount")


PERSONAL_COLUMNS = (
    ("identity_document", gettext_lazy("Identity document")),
    ("date_of_birth", gettext_lazy("Date of birth")),
    ("email", gettext_lazy("Email")),
    ("phone", gettext_lazy("Phone")),
    ("emergency_contact_name", gettext_lazy("Emergency contact")),
    ("emergency_contact_phone", gettext_lazy("Emergency contact's phone")),
    ("health_insurer", gettext_lazy("Health insurer")),
    ("health_insurance_policy", gettext_lazy("Health insurance policy")),
    ("insurance_valid_from", gettext_lazy("Insurance valid from")),
    ("insurance_valid_until", gettext_lazy("Insurance valid until")),
)


def staff_xlsx(program: Program, user) -> HttpResponse:
    """One row per contract; the salary and the personal columns are empty for the people
    whose data the reader may not read."""
    workbook = Workbook()
    headers = [
        _("Contract"),
        _("Specialist"),
        _("Position"),
        _("Priority"),
        _("Area"),
        _("Function"),
        _("Holding institution"),
        _("Start"),
        _("End"),
        _("Renewal decision"),
        _("Monthly cost"),
        _("Currency"),
        *[str(label) for _name, label in PERSONAL_COLUMNS],
    ]
    personal: dict[int, object] = {}
    rows = []
    for specialist in selectors.specialists_for_list(program):
        allowed = can_read_personal_data(user, specialist)
        if allowed:
            personal[specialist.pk] = services.personal_data_read(
                specialist=specialist, actor=user, channel=ReadChannel.EXPORT
            )
        data = personal.get(specialist.pk)
        for contract in specialist.contracts.all():
            rows.append(
                [
                    contract.reference,
                    specialist.full_name,
                    f"{contract.position.code} · {contract.position.title}",
                    contract.position.get_priority_display(),
                    contract.position.area,
                    contract.position.function,
                    str(contract.holder),
                    contract.start_date,
                    contract.end_date,
                    contract.get_renewal_decision_display() or "—",
                    contract.monthly_cost if allowed else None,
                    contract.currency,
                    *[getattr(data, name, None) if data else None for name, _l in PERSONAL_COLUMNS],
                ]
            )
    write_sheet(workbook.active, _("Service contracts"), headers, rows)
    return _response(workbook, f"{program.code}-service-contracts")
