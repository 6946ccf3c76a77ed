from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeploymentsConfig(AppConfig):
    name = "alianza.deployments"
    label = "deployments"
    verbose_name = _("Deployments")

    def ready(self) -> None:
        from alianza.core.extensions import ProgramSection, program_sections

        program_sections.register(
            ProgramSection(
                key="deployments",
                tab="specialists",
                label=_("Deployments"),
                url_name="deployments:deployment_list",
                order=50,
                pages=("deployments:*",),
            )
        )
