from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpecialistsConfig(AppConfig):
    name = "alianza.specialists"
    label = "specialists"
    verbose_name = _("Specialists")

    def ready(self) -> None:
        from alianza.core.extensions import (
            ProgramSection,
            ProgramTab,
            program_sections,
            program_tabs,
        )

        # The Specialists tab (internal): other apps add their sections (deployments, the
        # risk plan) with tab="specialists".
        program_tabs.register(
            ProgramTab(
                key="specialists",
                label=_("Specialists"),
                url_name="specialists:staffing",
                internal=True,
                order=45,
            )
        )
        for section in (
            ProgramSection(
                "staffing",
                "specialists",
                _("Headcount and cost"),
                "specialists:staffing",
                10,
                pages=("specialists:headcount_*",),
            ),
            ProgramSection(
                "positions",
                "specialists",
                _("Positions"),
                "specialists:position_list",
                20,
                pages=("specialists:position_*",),
            ),
            ProgramSection(
                "people",
                "specialists",
                _("People hired"),
                "specialists:specialist_list",
                30,
                pages=(
                    "specialists:specialist_*",
                    "specialists:personal_data_*",
                    "specialists:staff_export",
                ),
            ),
            ProgramSection(
                "service_contracts",
                "specialists",
                _("Service contracts"),
                "specialists:contract_list",
                40,
                pages=("specialists:contract_*",),
            ),
            ProgramSection(
                "channel",
                "specialists",
                _("Notices and questions"),
                "specialists:notice_list",
                60,
                pages=("specialists:notice_*", "specialists:question_*"),
            ),
        ):
            program_sections.register(section)
