"""The IATI upload form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from alianza.core.forms import ServiceFormMixin
from alianza.iati.permissions import AnyUser, can_import_iati, importable_programs
from alianza.programs.models import Program


class ImportForm(ServiceFormMixin, forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        label=gettext_lazy("Program"),
        required=False,
        empty_label=gettext_lazy("No program: the registry of the installation"),
        help_text=gettext_lazy(
            "Administrators may import without choosing a program; a program links the "
            "activities that belong to it later."
        ),
    )
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
        field = cast(forms.ModelChoiceField, self.fields["program"])
        field.queryset = self.programs
        self.may_import_unassigned = can_import_iati(user, None)
        if not self.may_import_unassigned:
            field.required, field.empty_label, field.help_text = True, None, ""
        self.fields["program"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["file"].widget.attrs["class"] = "form-control form-control-sm"

    @property
    def may_import(self) -> bool:
        return self.may_import_unassigned or self.programs.exists()
