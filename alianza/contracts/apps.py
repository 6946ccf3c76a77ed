from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "alianza.contracts"
    label = "contracts"
    verbose_name = _("Consultancies")

    def ready(self) -> None:
        from alianza.core.extensions import ProgramSection, program_sections

        program_sections.register(
            ProgramSection(
                key="contracts",
                tab="monitoring",
                label=_("Consultancies"),
                url_name="contracts:contract_list",
                order=30,
                pages=("contracts:*",),
            )
        )
