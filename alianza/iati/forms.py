"""The IATI upload form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from alianza.core.forms import ServiceFormMixin
from alianza.iati.permissions import AnyUser, importable_programs
from alianza.programs.models import Program


class ImportForm(ServiceFormMixin, forms.Form):
    program = forms.ModelChoiceField(queryset=Program.objects.none(), label=gettext_lazy("Program"))
    file = forms.FileField(
        label=gettext_lazy("IATI file"),
        help_text=gettext_lazy("IATI 2.03 XML, or XML in gzip or ZIP; at most 60,000,000 bytes."),
    )
    dry_run = forms.BooleanField(
        required=False,
        label=gettext_lazy("Dry run: show what would change, save nothing"),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editable = [p.pk for p in importable_programs(user)]
        self.programs = Program.objects.filter(pk__in=editable)
        cast(forms.ModelChoiceField, self.fields["program"]).queryset = self.programs
        self.fields["program"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["file"].widget.attrs["class"] = "form-control form-control-sm"
