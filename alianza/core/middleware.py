"""Project-wide request handling."""

from __future__ import annotations

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
