from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "alianza.finance"
    label = "finance"
    verbose_name = _("Budget and spending")

    def ready(self) -> None:
        from alianza.core.extensions import ProgramSection, program_sections
        from alianza.core.money import register_rate_loader
        from alianza.finance.rates import load_rates

        register_rate_loader(load_rates)

        program_sections.register(
            ProgramSection(
                key="budget",
                tab="monitoring",
                label=_("Budget and spending"),
                url_name="finance:budget",
                order=20,
                pages=("finance:*",),
            )
        )
