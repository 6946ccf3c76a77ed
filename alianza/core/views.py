"""Project-wide pages and the helpers every app's views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def deny(request: HttpRequest) -> HttpResponse:
    """Deprecated: raise `PermissionDenied` instead (or use
    `alianza.programs.views.program_for`); `LoginForAnonymousMiddleware` sends anonymous
    visitors to log in and answers 403 to signed-in users."""
    raise PermissionDenied


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


def service_form(
    request: HttpRequest,
    *,
    form,
    save,
    template: str,
    context: dict,
    success_url,
    success_message: str = "",
    record=None,
    on_success=None,
) -> HttpResponse:
    """The usual form page: on a valid POST call `save(cleaned_data)` (a service call), show
    the service's errors on the form's fields, or redirect to `success_url(saved)`.

    The form must mix in `alianza.core.forms.ServiceFormMixin`. A refused POST answers 400.
    The form carries the version of the `record` it edits (by default a ModelForm's stored
    instance); a POST made from an older version is refused and nothing is saved.
    `on_success(saved)`, when given, answers a saved form instead of the redirect (an htmx
    fragment, or a message naming what the service created).
    """
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect

    from alianza.core.concurrency import StaleVersion, save_if_current

    if record is None:
        record = getattr(form, "instance", None)
    if record is not None and record.pk is not None:
        form.track_version(record)
    else:
        record = None
    if request.method == "POST" and form.is_valid():
        try:
            opened = form.opened_version()
            saved = save_if_current(record, opened, lambda: save(form.cleaned_data))
        except StaleVersion as stale:
            form.refuse_stale(stale)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if success_message:
                messages.success(request, success_message)
            if on_success is not None:
                return on_success(saved)
            return redirect(success_url(saved) if callable(success_url) else success_url)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)
