from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual contract (consultancy)")
    SERVICE = "service", _("Service contract")


class ContractorKind(models.TextChoices):
    PERSON = "person", _("Consultant (a person)")
    FIRM = "firm", _("Firm")


class DataOwnership(models.TextChoices):
    """Who owns the data and results the contract produces (report, section 5: initiative 12)."""

    PARTNERS_JOINTLY = "partners_jointly", _("The partners, jointly")
    COMMISSIONING_PARTNER = "commissioning_partner", _("The partner that commissioned it")
    CONTRACTOR = "contractor", _("The contractor")
    NOT_STATED = "not_stated", _("Not stated in the contract")


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned with comments")


class ContractStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")
