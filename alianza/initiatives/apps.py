from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "alianza.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from alianza.core.extensions import (
            ProgramSection,
            ProgramTab,
            program_sections,
            program_tabs,
        )

        program_tabs.register(
            ProgramTab(
                key="initiatives",
                label=_("Initiatives"),
                url_name="initiatives:initiative_list",
                order=20,
                pages=("initiatives:initiative_*", "registry:initiative_link"),
            )
        )
        program_tabs.register(
            ProgramTab(
                key="classification",
                label=_("By classification"),
                url_name="initiatives:classification_index",
                order=30,
                pages=("initiatives:classification_*",),
            )
        )
        program_sections.register(
            ProgramSection(
                "classification_setup",
                "setup",
                _("Classification schemes"),
                "initiatives:scheme_setup",
                20,
            )
        )
