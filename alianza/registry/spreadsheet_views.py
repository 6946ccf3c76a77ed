"""Spreadsheet pages: templates to download, upload with a preview, then the import."""

from __future__ import annotations

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from alianza.core.views import deny
from alianza.programs.models import Program
from alianza.registry import spreadsheets
from alianza.registry.permissions import can_edit_registry

FOLDER = "spreadsheets"


class UploadForm(forms.Form):
    program = forms.ModelChoiceField(queryset=Program.objects.none(), label=gettext_lazy("Program"))
    kind = forms.ChoiceField(
        choices=list(spreadsheets.KIND_LABELS.items()), label=gettext_lazy("The file holds")
    )
    mode = forms.ChoiceField(
        choices=[
            (spreadsheets.ADD, gettext_lazy("Add: new activities, new transactions or periods")),
            (
                spreadsheets.UPDATE,
                gettext_lazy("Update: change existing records (empty cells change nothing)"),
            ),
        ],
        widget=forms.RadioSelect,
        label=gettext_lazy("Mode"),
    )
    file = forms.FileField(label=gettext_lazy("XLSX or CSV file"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = [p.pk for p in Program.objects.visible_to(user) if can_edit_registry(user, p)]
        self.fields["program"].queryset = Program.objects.filter(pk__in=editable)
        for name in ("program", "kind"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["file"].widget.attrs["class"] = "form-control form-control-sm"


def spreadsheet_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in spreadsheets.KINDS or fmt not in ("xlsx", "csv"):
        raise Http404(_("No such template."))
    lang = request.GET.get("lang") or (request.LANGUAGE_CODE or "es")[:2]
    lang = "es" if lang == "es" else "en"
    if fmt == "xlsx":
        payload, content_type = spreadsheets.template_xlsx(kind, lang), XLSX_CONTENT_TYPE
    else:
        payload, content_type = spreadsheets.template_csv(kind, lang), CSV_CONTENT_TYPE
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="registry-{kind}-{lang}.{fmt}"'
    return response


def _folder() -> Path:
    path = Path(settings.MEDIA_ROOT) / FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def spreadsheet_import(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return deny(request)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["program"].queryset.exists():
        return deny(request)
    context = {"form": form, "kinds": spreadsheets.KIND_LABELS, "columns": spreadsheets.COLUMNS}
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(request, context)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > spreadsheets.max_bytes():
            form.add_error("file", spreadsheets.too_big(upload.name, upload.size))
            return render(request, "registry/spreadsheet_import.html", context, status=400)
        payload = upload.read()
        program = form.cleaned_data["program"]
        kind, mode = form.cleaned_data["kind"], form.cleaned_data["mode"]
        try:
            rows = spreadsheets.process(
                kind, mode, upload.name, payload, program=program, actor=request.user, commit=False
            )
        except spreadsheets.SheetError as exc:
            form.add_error("file", str(exc))
            return render(request, "registry/spreadsheet_import.html", context, status=400)
        token = secrets.token_urlsafe(16)
        (_folder() / token).write_bytes(payload)
        request.session[f"sheet-{token}"] = {
            "program": program.pk,
            "kind": kind,
            "mode": mode,
            "name": upload.name,
        }
        context.update(
            {
                "rows": rows,
                "token": token,
                "preview": True,
                "program": program,
                "valid": sum(1 for r in rows if r.ok),
                "invalid": sum(1 for r in rows if not r.ok),
            }
        )
        return render(request, "registry/spreadsheet_import.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "registry/spreadsheet_import.html", context, status=status)


def _confirm(request: HttpRequest, context: dict) -> HttpResponse:
    token = request.POST["token"]
    meta = request.session.pop(f"sheet-{token}", None)
    path = _folder() / Path(token).name
    if meta is None or not path.exists():
        raise Http404(_("This preview has expired; upload the file again."))
    program = Program.objects.filter(pk=meta["program"]).first()
    if program is None or not can_edit_registry(request.user, program):
        return deny(request)
    payload = path.read_bytes()
    path.unlink(missing_ok=True)
    rows = spreadsheets.process(
        meta["kind"],
        meta["mode"],
        meta["name"],
        payload,
        program=program,
        actor=request.user,
        commit=True,
    )
    context.update(
        {
            "rows": rows,
            "done": True,
            "program": program,
            "valid": sum(1 for r in rows if r.ok),
            "invalid": sum(1 for r in rows if not r.ok),
        }
    )
    return render(request, "registry/spreadsheet_import.html", context)
