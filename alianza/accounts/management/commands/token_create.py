"""python manage.py token_create USER [--days N] [--name NAME]: a new API token, printed once.

The key is printed once and never stored (only its SHA-256 digest); the token expires after
`--days` days (API_TOKEN_DEFAULT_DAYS by default). Its owner sees and revokes it on their
profile page. The creation is in the audit trail (never the key).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from alianza.accounts import services as accounts
from alianza.accounts.models import User
from alianza.audit.context import audit_context


class Command(BaseCommand):
    help = "Create an API token for USER and print its key once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="Days until it expires.")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username: str, days: int | None, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        with audit_context(source="token_create"):
            try:
                token, key = accounts.api_token_create(
                    user=user,
                    name=name or "token_create",
                    days=days,
                    actor=accounts.system_user(),
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages))
        self.stdout.write(
            f"API token {token.prefix}… for {user.username}, expires "
            f"{token.expires_at:%Y-%m-%d %H:%M %Z} (shown only now):\n{key}"
        )
