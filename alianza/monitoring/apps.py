from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "alianza.monitoring"
    label = "monitoring"
    verbose_name = _("Joint monitoring")

    def ready(self) -> None:
        from alianza.core.extensions import ProgramSection, program_sections

        for section in (
            ProgramSection("dashboard", "monitoring", _("Dashboard"), "monitoring:dashboard", 10),
            ProgramSection(
                "reports",
                "monitoring",
                _("Signed reports"),
                "monitoring:report_list",
                70,
                pages=("monitoring:report*",),
            ),
            ProgramSection("settings", "monitoring", _("Settings"), "monitoring:settings", 80),
            ProgramSection(
                "notifications",
                "monitoring",
                _("My notifications"),
                "monitoring:notifications",
                90,
                per_program=False,
                testid="my-notifications",
            ),
        ):
            program_sections.register(section)
        from alianza.core.extensions import (
            InitiativeField,
            InitiativePanel,
            ProgramTab,
            initiative_fields,
            initiative_panels,
            program_tabs,
        )
        from alianza.monitoring import extensions as ext

        program_tabs.register(
            ProgramTab(
                key="monitoring",
                label=_("Monitoring"),
                url_name="monitoring:dashboard",
                internal=True,
                order=50,
            )
        )
        initiative_fields.register(
            InitiativeField(
                name="spending_pace",
                value=ext.spending_pace_value,
                prepare=ext.prepare_spending_pace,
                schema=ext.SPENDING_PACE_SCHEMA,
            )
        )
        initiative_panels.register(
            InitiativePanel(
                key="spending_pace",
                template="monitoring/partials/spending_panel.html",
                context=ext.spending_panel,
                order=50,
            )
        )
