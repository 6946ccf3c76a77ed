from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """Reference data sets that ship with the product (PROCAP 2013-2019) and demo accounts."""

    name = "alianza.reference"
    label = "reference"
    verbose_name = _("Reference data")
