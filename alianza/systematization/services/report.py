"""Writes to a program's report numbering: the number its own report gives a figure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.systematization import permissions as perms
from alianza.systematization.models import ReportNumber
from alianza.systematization.services.common import bilingual, upsert


@transaction.atomic
def report_number_upsert(
    *, program: Program, figure: str, values: Mapping[str, Any], actor: User
) -> ReportNumber:
    """The number (`kind`, `number`, optional `title_en`/`title_es`) the program's report
    gives the figure keyed `figure`."""
    require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the report numbering of %(code)s.")
        % {"code": program.code},
    )
    return upsert(
        ReportNumber,
        {"program": program, "figure": figure},
        values,
        {"kind", "number"} | bilingual(["title"]),
        actor=actor,
        action="systematization.report_number",
    )


@transaction.atomic
def report_number_delete(*, report_number: ReportNumber, actor: User) -> None:
    """The figure goes back to its plain title."""
    require(
        perms.can_manage_systematization(actor, report_number.program),
        _("Only a coordinator may change the report numbering of %(code)s.")
        % {"code": report_number.program.code},
    )
    lock_for_update(report_number)
    audit.delete_and_record(
        report_number, actor=actor, action="systematization.report_number.delete"
    )
