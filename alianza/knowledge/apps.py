from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "alianza.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge products")

    def ready(self) -> None:
        from alianza.core.extensions import (
            InitiativePanel,
            MenuItem,
            ProgramSection,
            ProgramTab,
            initiative_panels,
            main_menu,
            program_sections,
            program_tabs,
        )
        from alianza.knowledge import indexing, selectors
        from alianza.knowledge.permissions import can_view_use_report
        from alianza.programs.permissions import can_edit_program_records
        from alianza.search.registry import SearchKind, search_kinds

        search_kinds.register(
            SearchKind(
                key="product",
                label=_("Knowledge product"),
                model="knowledge.KnowledgeProduct",
                entry=indexing.product_entry,
                visible=indexing.visible_products,
                records=indexing.product_records,
                order=10,
            )
        )
        program_tabs.register(
            ProgramTab(
                key="knowledge",
                label=_("Knowledge"),
                url_name="knowledge:product_list",
                order=70,
                pages=("knowledge:product_*", "knowledge:file_download"),
            )
        )
        program_sections.register(
            ProgramSection(
                key="knowledge_products",
                tab="knowledge",
                label=_("Knowledge products"),
                url_name="knowledge:product_list",
                order=10,
                pages=("knowledge:product_*",),
            )
        )
        program_sections.register(
            ProgramSection(
                key="knowledge_use",
                tab="knowledge",
                label=_("Use of products"),
                url_name="knowledge:use_report",
                order=20,
                visible=can_view_use_report,
            )
        )
        program_sections.register(
            ProgramSection(
                key="knowledge_audiences",
                tab="knowledge",
                label=_("Named groups"),
                url_name="knowledge:audiences",
                order=30,
                visible=can_edit_program_records,
            )
        )
        initiative_panels.register(
            InitiativePanel(
                key="knowledge_products",
                template="knowledge/partials/initiative_panel.html",
                context=selectors.initiative_panel,
                order=70,
            )
        )
        main_menu.register(
            MenuItem(key="search", label=_("Search"), url_name="knowledge:search", order=90)
        )
