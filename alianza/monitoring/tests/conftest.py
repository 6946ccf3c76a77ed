"""A cast with one record of every monitoring kind, for the matrices and API tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory, ReviewFactory
from alianza.finance.tests.factories import BudgetLineFactory, TransactionFactory
from alianza.governance.models import CriteriaAgreement
from alianza.governance.tests.factories import (
    ActionItemFactory,
    DisputeFactory,
    MeetingFactory,
)
from alianza.monitoring.models import PeriodReport
from alianza.risks.tests.factories import RiskActionFactory, RiskFactory

D = datetime.date


def add_monitoring_records(cast) -> dict:
    """One of each, in the cast's program TEST (internal to its partners)."""
    program = cast.program
    contract = ContractFactory(
        program=program, reference="IC-1", initiative=cast.internal_initiative
    )
    deliverable = DeliverableFactory(
        contract=contract, number=1, planned_date=D(2019, 3, 1), delivered_date=D(2019, 3, 31)
    )
    ReviewFactory(deliverable=deliverable, institution=cast.partner_a)
    risk = RiskFactory(program=program, number=1, likelihood=4, impact=5)
    RiskActionFactory(risk=risk, owner_institution=cast.partner_a)
    meeting = MeetingFactory(program=program)
    action = ActionItemFactory(program=program, meeting=meeting, owner_institution=cast.partner_b)
    dispute = DisputeFactory(program=program, number=1, opened_by_institution=cast.partner_a)
    CriteriaAgreement.objects.create(
        dispute=dispute, institution=cast.partner_a, agreed_on=D(2019, 5, 1)
    )
    line = BudgetLineFactory(
        program=program, initiative=cast.internal_initiative, original_amount=Decimal("900")
    )
    transaction = TransactionFactory(initiative=cast.internal_initiative)
    report = PeriodReport.objects.create(program=program, start=D(2019, 1, 1), end=D(2019, 12, 31))
    return {
        "contract": contract,
        "deliverable": deliverable,
        "risk": risk,
        "meeting": meeting,
        "action": action,
        "dispute": dispute,
        "line": line,
        "transaction": transaction,
        "report": report,
    }
