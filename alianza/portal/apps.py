from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "alianza.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from alianza.core.extensions import MenuItem, ProgramSection, main_menu, program_sections
        from alianza.programs.permissions import can_view_internal

        program_sections.register(
            ProgramSection(
                "annual_report",
                "overview",
                _("Annual activity report"),
                "portal:annual_report",
                40,
                visible=can_view_internal,
            )
        )
        main_menu.register(
            MenuItem(
                key="portal",
                label=_("Public portal"),
                url_name="portal:index_redirect",
                order=200,
                testid="public-portal",
            )
        )
