"""Project-wide pages and the helpers every app's views share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from alianza.core.concurrency import StaleVersion, save_if_current


def home(request: HttpRequest) -> HttpResponse:
    """The front page: the panels apps register (`core.extensions.home_panels`)."""
    from alianza.core.extensions import home_panels

    panels = [{"template": p.template, "context": p.context(request)} for p in home_panels]
    return render(request, "core/home.html", {"panels": panels})


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process is up and the database answers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def _run_service(form: Any, record: Any, save: Callable[[dict[str, Any]], Any]) -> tuple:
    """Call the service for a valid form unless the record changed since the form was
    opened: (done, what the service returned, the messages the form could not place).
    A refusal (stale version, invalid data, permission) goes onto the form instead."""
    try:
        opened = form.opened_version()
        return True, save_if_current(record, opened, lambda: save(form.cleaned_data)), []
    except StaleVersion as stale:
        form.refuse_stale(stale)
    except ValidationError as exc:
        return False, None, form.add_service_errors(exc) or []
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return False, None, []


def service_form(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    template: str,
    context: dict[str, Any],
    success_url: str | Callable[[Any], str],
    success_message: str | Callable[[Any], str] = "",
    record: Any = None,
    formsets: Mapping[str, Any] | None = None,
    on_success: Callable[[Any], HttpResponse] | None = None,
) -> HttpResponse:
    """The one form page: on a valid POST call `save(cleaned_data)` (a service call), show
    the service's errors on the form's fields, or redirect to `success_url(saved)`.

    The form must mix in `alianza.core.forms.ServiceFormMixin`. A refused POST answers 400.
    The form carries the version of the `record` it edits (by default a ModelForm's stored
    instance); a POST made from an older version is refused and nothing is saved.
    `formsets` (by name) are shown and validated with the form; `save` reads them itself.
    The service's messages the form cannot place go to the context as `other_errors`.
    `on_success(saved)`, when given, answers a saved form instead of the redirect (an htmx
    fragment, or a message naming what the service created).
    """
    if record is None:
        record = getattr(form, "instance", None)
    if record is not None and record.pk is not None:
        form.track_version(record)
    else:
        record = None
    formsets = formsets or {}
    other_errors: list[str] = []
    valid = form.is_valid() and all(fs.is_valid() for fs in formsets.values())
    if request.method == "POST" and valid:
        done, saved, other_errors = _run_service(form, record, save)
        if done:
            message = success_message(saved) if callable(success_message) else success_message
            if message:
                messages.success(request, message)
            if on_success is not None:
                return on_success(saved)
            return redirect(success_url(saved) if callable(success_url) else success_url)
    status = 400 if request.method == "POST" else 200
    page = {**context, "form": form, "other_errors": other_errors}
    if formsets:
        page["formsets"] = formsets
    return render(request, template, page, status=status)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico where a page names no icon (a PDF opened in the
    browser, Django's admin): the static icon, so that no request ends in a 404."""
    return redirect(static("img/favicon.ico"))
