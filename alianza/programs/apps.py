from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "alianza.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from alianza.audit.scope import (
            register_internal_program_resolver,
            register_program_code_resolver,
        )
        from alianza.core.extensions import (
            HomePanel,
            ProgramSection,
            ProgramTab,
            home_panels,
            program_sections,
            program_tabs,
        )
        from alianza.programs import indexing
        from alianza.programs.permissions import can_view_internal, internal_program_ids
        from alianza.programs.selectors import home_panel, program_id_for_code

        indexing.register()
        register_internal_program_resolver(internal_program_ids)
        register_program_code_resolver(program_id_for_code)
        home_panels.register(
            HomePanel(
                key="programs", template="programs/partials/home_cards.html", context=home_panel
            )
        )
        # The Program tab: its overview, project documents and change history in the side menu.
        program_tabs.register(
            ProgramTab(
                key="overview", label=_("Program"), url_name="programs:program_detail", order=10
            )
        )
        for section in (
            ProgramSection("overview", "overview", _("Overview"), "programs:program_detail", 10),
            ProgramSection(
                "documents",
                "overview",
                _("Project documents"),
                "programs:document_list",
                20,
                pages=("programs:document_*",),
            ),
            ProgramSection(
                "history",
                "overview",
                _("Change history"),
                "programs:program_history",
                90,
                visible=can_view_internal,
            ),
        ):
            program_sections.register(section)
        # The Setup tab (internal): what a program needs, kept from pages; other apps add
        # their sections (classification schemes, systematization).
        program_tabs.register(
            ProgramTab(
                key="setup", label=_("Setup"), url_name="programs:setup", internal=True, order=950
            )
        )
        program_sections.register(
            ProgramSection(
                "program_setup", "setup", _("Program and partners"), "programs:setup", 10
            )
        )
