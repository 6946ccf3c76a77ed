from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "alianza.registry"
    label = "registry"
    verbose_name = _("Cooperation registry")

    def ready(self) -> None:
        from alianza.core.extensions import (
            InitiativeField,
            InitiativePanel,
            MenuItem,
            ProgramTab,
            initiative_fields,
            initiative_panels,
            main_menu,
            program_tabs,
        )
        from alianza.registry import extensions, indexing
        from alianza.registry.permissions import can_view_registry

        indexing.register()

        program_tabs.register(
            ProgramTab(
                key="registry",
                label=_("Registry activities"),
                url_name="registry:program_registry",
                order=60,
            )
        )
        # The registry in the main menu: its public activities are open to everyone.
        main_menu.register(
            MenuItem(
                key="registry",
                label=_("Cooperation registry"),
                url_name="registry:activity_list",
                order=20,
                visible=can_view_registry,
                testid="menu-registry",
            )
        )
        initiative_panels.register(
            InitiativePanel(
                key="registry_activities",
                template="registry/partials/initiative_panel.html",
                context=extensions.initiative_panel_context,
                order=60,
            )
        )
        initiative_fields.register(
            InitiativeField(
                name="registry_activities",
                value=extensions.initiative_activity_identifiers,
                prepare=extensions.prepare_initiatives,
                schema=extensions.identifiers_schema_field(),
                order=60,
            )
        )
