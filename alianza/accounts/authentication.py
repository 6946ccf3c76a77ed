"""API token authentication against hashed, expiring tokens (`Authorization: Token <key>`).

Every failed check (unknown, expired or malformed key, inactive user) counts against the
client's address; over the `token_failure` rate, that address gets 429 for any token until
the window passes, so keys cannot be guessed at the server's speed.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from alianza.accounts.models import ApiToken
from alianza.accounts.throttling import TokenFailureThrottle
from alianza.accounts.tokens import digest

KEYWORD = "Token"
#: last_used_at is written at most this often per token (not on every request).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class HashedTokenAuthentication(BaseAuthentication):
    keyword = KEYWORD

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        throttle = TokenFailureThrottle()
        if throttle.blocked(request):
            raise exceptions.Throttled(wait=throttle.wait(), detail=throttle.message())
        if len(parts) != 2:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: send 'Authorization: Token <key>'.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeError:
            key = ""
        token = (
            ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
            if key
            else None
        )
        if token is None or token.is_expired or not token.user.is_active:
            throttle.record_failure(request)
            if token is not None and token.is_expired:
                raise exceptions.AuthenticationFailed(_("This API token has expired."))
            raise exceptions.AuthenticationFailed(_("Invalid API token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            token.last_used_at = now
            token.save(update_fields=["last_used_at"])
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class HashedTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes HashedTokenAuthentication."""

    target_class = HashedTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=KEYWORD
        )
