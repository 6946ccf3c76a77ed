from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingPlansConfig(AppConfig):
    name = "alianza.staffing_plans"
    label = "staffing_plans"
    verbose_name = _("Staffing risk plan")

    def ready(self) -> None:
        from alianza.core.extensions import (
            ProgramSection,
            RiskPanel,
            program_sections,
            risk_panels,
        )
        from alianza.staffing_plans.extensions import risk_panel

        program_sections.register(
            ProgramSection(
                key="staffing_plans",
                tab="specialists",
                label=_("Staffing scenarios"),
                url_name="staffing_plans:scenario_list",
                order=70,
                pages=("staffing_plans:*",),
            )
        )
        risk_panels.register(
            RiskPanel(
                key="staffing_plans",
                template="staffing_plans/partials/risk_panel.html",
                context=risk_panel,
            )
        )
