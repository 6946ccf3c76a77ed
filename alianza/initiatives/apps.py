from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "alianza.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from alianza.initiatives import indexing
        from alianza.search.registry import SearchKind, search_kinds

        search_kinds.register(
            SearchKind(
                key="initiative",
                label=_("Initiative"),
                model="initiatives.Initiative",
                entry=indexing.initiative_entry,
                visible=indexing.visible_initiatives,
                records=indexing.initiative_records,
                order=20,
            )
        )
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
