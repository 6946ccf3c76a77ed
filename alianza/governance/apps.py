from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "alianza.governance"
    label = "governance"
    verbose_name = _("Board and disputes")

    def ready(self) -> None:
        from alianza.core.extensions import ProgramSection, program_sections

        program_sections.register(
            ProgramSection(
                key="disputes",
                tab="monitoring",
                label=_("Disputes"),
                url_name="governance:dispute_list",
                order=50,
            )
        )
        program_sections.register(
            ProgramSection(
                key="board",
                tab="monitoring",
                label=_("Board and focal points"),
                url_name="governance:meeting_list",
                order=60,
            )
        )
