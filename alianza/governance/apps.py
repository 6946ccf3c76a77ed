from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "alianza.governance"
    label = "governance"
    verbose_name = _("Board and disputes")

    def ready(self) -> None:
        from alianza.core.extensions import ProgramSection, program_sections

        for section in (
            ProgramSection(
                "disputes",
                "monitoring",
                _("Disputes"),
                "governance:dispute_list",
                50,
                pages=("governance:dispute_*",),
            ),
            ProgramSection(
                "board",
                "monitoring",
                _("Board and focal points"),
                "governance:meeting_list",
                60,
                pages=("governance:meeting_*", "governance:action_*"),
            ),
        ):
            program_sections.register(section)
