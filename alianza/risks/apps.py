from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "alianza.risks"
    label = "risks"
    verbose_name = _("Joint risks")

    def ready(self) -> None:
        from alianza.core.extensions import ProgramSection, program_sections

        program_sections.register(
            ProgramSection(
                key="risks",
                tab="monitoring",
                label=_("Risks"),
                url_name="risks:risk_list",
                order=40,
                pages=("risks:*",),
            )
        )
