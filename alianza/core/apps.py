from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "alianza.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from alianza.core.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="alianza_fold")
