from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "alianza.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from alianza.audit.scope import register_internal_program_resolver
        from alianza.programs.permissions import internal_program_ids

        register_internal_program_resolver(internal_program_ids)
