from django.db import models
from django.utils.translation import gettext_lazy as _


class TransactionType(models.TextChoices):
    """The IATI transaction types a program records for its initiatives."""

    COMMITMENT = "commitment", _("Commitment")
    DISBURSEMENT = "disbursement", _("Disbursement")
    EXPENDITURE = "expenditure", _("Expenditure")


#: IATI TransactionType codelist codes (2 Outgoing Commitment, 3 Disbursement, 4 Expenditure).
IATI_TRANSACTION_CODES = {
    TransactionType.COMMITMENT: "2",
    TransactionType.DISBURSEMENT: "3",
    TransactionType.EXPENDITURE: "4",
}

#: Money that has left the program: what the spending pace counts.
SPENDING_TYPES = (TransactionType.DISBURSEMENT, TransactionType.EXPENDITURE)
