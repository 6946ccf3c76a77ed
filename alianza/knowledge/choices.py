"""Codes of the knowledge repository: kinds of product, languages, dissemination levels,
licences and the ways a product is used."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductKind(models.TextChoices):
    REPORT = "report", _("Report")
    MANUAL = "manual", _("Manual")
    GUIDE = "guide", _("Guide")
    VIDEO = "video", _("Video")
    DATABASE = "database", _("Database")
    COURSE_MATERIAL = "course_material", _("Course material")
    PROTOCOL = "protocol", _("Protocol")
    OTHER = "other", _("Other product")


class ProductLanguage(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    BILINGUAL = "es-en", _("Spanish and English")
    OTHER = "other", _("Another language")


class DisseminationLevel(models.TextChoices):
    """Who may read a product: the partners only, named groups too, or everyone."""

    INTERNAL = "internal", _("Internal (partners only)")
    TARGETED = "targeted", _("Targeted (named groups)")
    PUBLIC = "public", _("Public")


class Licence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "all_rights_reserved", _("All rights reserved")
    CC_BY = "cc_by_4", _("CC BY 4.0")
    CC_BY_SA = "cc_by_sa_4", _("CC BY-SA 4.0")
    CC_BY_NC = "cc_by_nc_4", _("CC BY-NC 4.0")
    CC_BY_NC_SA = "cc_by_nc_sa_4", _("CC BY-NC-SA 4.0")
    CC0 = "cc0", _("CC0 (public domain)")
    OTHER = "other", _("Other licence")


class UseKind(models.TextChoices):
    VIEW = "view", _("View")
    DOWNLOAD = "download", _("Download")
