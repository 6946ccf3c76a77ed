"""Forms of a program's setup pages: the program itself, its partners and their roles.
They parse input for the services (`alianza.programs.services`), which validate it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution
from alianza.core.forms import DATE_INPUT, ServiceFormMixin
from alianza.programs.models import Partnership, Program


class ProgramForm(ServiceFormMixin, forms.ModelForm):
    """A program's name, texts, dates, currency and visibility; its code only when it is
    created (the code names the program in every address)."""

    class Meta:
        model = Program
        fields = [
            "code",
            "name_en",
            "name_es",
            "summary_en",
            "summary_es",
            "objective_en",
            "objective_es",
            "start_date",
            "end_date",
            "currency",
            "is_public",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_es": forms.Textarea(attrs={"rows": 3}),
            "objective_en": forms.Textarea(attrs={"rows": 3}),
            "objective_es": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
        self.bootstrap()


class PartnerForm(ServiceFormMixin, forms.ModelForm):
    """An institution Alianza knows, made a partner (or its role changed)."""

    class Meta:
        model = Partnership
        fields = ["institution", "role_en", "role_es"]

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = Institution.objects.exclude(
                partnerships__program=program
            ).order_by("code")
        self.bootstrap()


class NewPartnerForm(ServiceFormMixin, forms.ModelForm):
    """A partner Alianza does not know yet: the institution and its role in the program."""

    role_en = forms.CharField(label=_("role (English)"), max_length=255, required=False)
    role_es = forms.CharField(label=_("role (Spanish)"), max_length=255, required=False)

    class Meta:
        model = Institution
        fields = [
            "code",
            "acronym_en",
            "acronym_es",
            "name_en",
            "name_es",
            "kind",
            "country",
            "website",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()

    @staticmethod
    def split(data: dict) -> dict:
        """The service's arguments: the institution's values and the partner's role."""
        return {
            "institution_values": {
                k: v for k, v in data.items() if k not in ("role_en", "role_es")
            },
            "role_en": data.get("role_en", ""),
            "role_es": data.get("role_es", ""),
        }
