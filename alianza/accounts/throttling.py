"""Throttling: login lockout (django-axes) and API rates (DRF), keyed by one client address.

The address is the one the outermost trusted proxy saw (`PROXY_COUNT` proxies append to
X-Forwarded-For), or REMOTE_ADDR without proxies: a client cannot choose it by sending
its own X-Forwarded-For.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import throttling
from rest_framework.settings import api_settings


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        item.strip()
        for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if item.strip()
    ]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))][:45]


def lockout_message() -> str:
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return ngettext(
        "Too many failed sign-in attempts for this account or from your address. Sign-in is "
        "locked for %(minutes)d minute; an administrator can unlock it sooner.",
        "Too many failed sign-in attempts for this account or from your address. Sign-in is "
        "locked for %(minutes)d minutes; an administrator can unlock it sooner.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE).

    The login forms (ours and the admin's) already show `lockout_message()` as their error
    (see `LockoutAwareFormMixin`): keep that page and answer 429 Too Many Requests.
    """
    if (
        original_response is not None
        and original_response.status_code == 200
        and original_response.get("Content-Type", "").startswith("text/html")
    ):
        original_response.status_code = 429
        return original_response
    return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")


class _RuntimeRate:
    """DRF binds THROTTLE_RATES at import; read the rate when the throttle is built, so that
    settings (and tests' overrides) apply. A rate of None switches the throttle off."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request) -> str:
        return client_address(request)


class AnonRateThrottle(_RuntimeRate, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_RuntimeRate, throttling.UserRateThrottle):
    pass


class TokenFailureThrottle(_RuntimeRate, throttling.SimpleRateThrottle):
    """Failed API token checks per client address: only failures count."""

    scope = "token_failure"

    def get_cache_key(self, request, view=None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request) -> None:
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def blocked(self, request) -> bool:
        if self.rate is None:
            return False
        self._load(request)
        return len(self.history) >= self.num_requests

    def record_failure(self, request) -> None:
        if self.rate is None:
            return
        self._load(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)

    def message(self) -> str:
        return _("Too many failed API token attempts from your address. Try again later.")
