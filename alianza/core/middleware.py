"""Project-wide request handling."""

from __future__ import annotations

from django.shortcuts import render

from alianza.core.params import BadQueryParameter


class BadQueryParameterMiddleware:
    """A page given a query-string parameter it cannot use answers 400 with a readable page
    naming the parameter (the API answers the same exception itself, as JSON)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, BadQueryParameter):
            return None
        return render(
            request,
            "core/bad_request.html",
            {"errors": sorted(exception.errors.items())},
            status=400,
        )
