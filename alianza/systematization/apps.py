from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SystematizationConfig(AppConfig):
    name = "alianza.systematization"
    label = "systematization"
    verbose_name = _("Systematization")

    def ready(self) -> None:
        from alianza.systematization import extensions, indexing

        extensions.register()
        indexing.register()
