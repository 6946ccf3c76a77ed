from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "alianza.monitoring"
    label = "monitoring"
    verbose_name = _("Joint monitoring")

    def ready(self) -> None:
        from alianza.core.extensions import ProgramSection, program_sections

        program_sections.register(
            ProgramSection(
                key="dashboard",
                tab="monitoring",
                label=_("Dashboard"),
                url_name="monitoring:dashboard",
                order=10,
            )
        )
        program_sections.register(
            ProgramSection(
                key="reports",
                tab="monitoring",
                label=_("Signed reports"),
                url_name="monitoring:report_list",
                order=70,
            )
        )
        program_sections.register(
            ProgramSection(
                key="settings",
                tab="monitoring",
                label=_("Settings"),
                url_name="monitoring:settings",
                order=80,
            )
        )
        program_sections.register(
            ProgramSection(
                key="notifications",
                tab="monitoring",
                label=_("My notifications"),
                url_name="monitoring:notifications",
                order=90,
                per_program=False,
                testid="my-notifications",
            )
        )
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
