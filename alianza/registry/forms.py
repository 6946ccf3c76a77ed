"""The registry's spreadsheet upload form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from alianza.core.forms import ServiceFormMixin
from alianza.programs.models import Program
from alianza.registry import spreadsheets
from alianza.registry.permissions import AnyUser, can_edit_registry


class UploadForm(ServiceFormMixin, forms.Form):
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

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editable = [p.pk for p in Program.objects.visible_to(user) if can_edit_registry(user, p)]
        self.programs = Program.objects.filter(pk__in=editable)
        cast(forms.ModelChoiceField, self.fields["program"]).queryset = self.programs
        for name in ("program", "kind"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["file"].widget.attrs["class"] = "form-control form-control-sm"
