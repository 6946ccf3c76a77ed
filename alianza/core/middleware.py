"""Project-wide request handling."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render

from alianza.core.params import BadQueryParameter


class BadQueryParameterMiddleware:
    """A page given a query-string parameter it cannot use answers 400 with a readable page
    naming the parameter; a client asking for JSON (the map's and network's data) gets
    {parameter: [messages]}, as from the API (which answers the exception itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, BadQueryParameter):
            return None
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(exception.errors, status=400)
        return render(
            request,
            "core/bad_request.html",
            {"errors": sorted(exception.errors.items())},
            status=400,
        )


class LoginForAnonymousMiddleware:
    """The one handler of a page's refusal: views raise `PermissionDenied` (or `Http404`)
    and never build the answer themselves. A signed-in user gets the 403 page; an anonymous
    visitor is sent to log in and comes back to the page afterwards. (The API answers its
    own refusals: DRF turns the same exception into 401/403 JSON.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return None
