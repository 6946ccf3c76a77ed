"""python manage.py load_demo_accounts: demo users for each partner role.

Only for demonstrations (ALIANZA_DEMO=1, which `make run` sets). The password is
random, shown once when the accounts are created, and never stored in clear.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alianza.accounts import services as accounts
from alianza.accounts.choices import FocalArea, Role
from alianza.accounts.models import Institution, User
from alianza.audit.context import audit_context

#: username, institution code, role, area
DEMO_ACCOUNTS = [
    ("amexcid-coordinator", "amexcid", Role.COORDINATOR, ""),
    ("undp-coordinator", "undp_mexico", Role.COORDINATOR, ""),
    ("amexcid-editor", "amexcid", Role.EDITOR, ""),
    ("undp-editor", "undp_mexico", Role.EDITOR, ""),
    ("amexcid-hr-focal-point", "amexcid", Role.FOCAL_POINT, FocalArea.HUMAN_RESOURCES),
    ("undp-finance-focal-point", "undp_mexico", Role.FOCAL_POINT, FocalArea.FINANCIAL_CONTROL),
    ("viewer", "amexcid", Role.VIEWER, ""),
    ("giz-viewer", "giz", Role.VIEWER, ""),
]
ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the demo accounts (one per partner role, plus an administrator)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the existing demo accounts a new password, printed once.",
        )

    def handle(self, *args, reset_passwords: bool, **options):
        if not settings.ALIANZA_DEMO:
            raise CommandError(
                "Demo accounts are only created when ALIANZA_DEMO=1 "
                "(`make run` sets it). Never in production."
            )
        missing = [
            code
            for _u, code, _r, _a in DEMO_ACCOUNTS
            if not Institution.objects.filter(code=code).exists()
        ]
        if missing:
            raise CommandError(
                f"Load the reference data first (python manage.py load_procap); "
                f"missing institutions: {', '.join(sorted(set(missing)))}"
            )
        password = secrets.token_urlsafe(12)
        created: list[str] = []
        with audit_context(source="load_demo_accounts"), transaction.atomic():
            actor = accounts.system_user()
            for username, code, role, area in DEMO_ACCOUNTS:
                user = User.objects.filter(username=username).first()
                if user is None:
                    accounts.user_create(
                        username=username,
                        institution=Institution.objects.get(code=code),
                        role=role,
                        area=area,
                        password=password,
                        actor=actor,
                    )
                    created.append(username)
                elif reset_passwords:
                    accounts.user_set_password(user=user, password=password, actor=actor)
                    created.append(username)
            admin = User.objects.filter(username=ADMIN_USERNAME).first()
            if admin is None:
                accounts.user_create(
                    username=ADMIN_USERNAME,
                    institution=None,
                    password=password,
                    actor=actor,
                    is_superuser=True,
                )
                created.append(ADMIN_USERNAME)
            elif reset_passwords:
                accounts.user_set_password(user=admin, password=password, actor=actor)
                created.append(ADMIN_USERNAME)
        if created:
            self.stdout.write(
                self.style.WARNING(
                    "Demo accounts (shown once; run `make demo-passwords` for a new password):"
                )
            )
            for username in created:
                self.stdout.write(f"  {username:<28} password: {password}")
        else:
            self.stdout.write(
                "Demo accounts already exist; their password was shown when they "
                "were created. `make demo-passwords` sets a new one."
            )
