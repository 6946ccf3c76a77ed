from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a member may do in the programs their institution is a partner of."""

    COORDINATOR = "coordinator", _("Coordinator")
    FOCAL_POINT = "focal_point", _("Focal point")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class FocalArea(models.TextChoices):
    """The areas a focal point answers for (report, Figure 5)."""

    HUMAN_RESOURCES = "human_resources", _("Human resources")
    FINANCIAL_CONTROL = "financial_control", _("Financial control")
    TECHNICAL_SUBSTANTIVE = "technical_substantive", _("Technical-substantive")


class InstitutionKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    UN_SYSTEM = "un_system", _("United Nations system")
    BILATERAL_AGENCY = "bilateral_agency", _("Bilateral cooperation agency")
    MULTILATERAL = "multilateral", _("Multilateral organization")
    ACADEMIC = "academic", _("Academia")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


#: Roles allowed to change a program's records (initiatives and the like).
EDITING_ROLES = frozenset({Role.COORDINATOR, Role.FOCAL_POINT, Role.EDITOR})
