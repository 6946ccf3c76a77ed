"""Project-wide pages and the helpers every app's views share."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def deny(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors are sent to log in; signed-in users get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def home(request: HttpRequest) -> HttpResponse:
    from alianza.programs.selectors import program_cards

    return render(request, "core/home.html", {"programs": program_cards(request.user)})


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process is up and the database answers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
