"""Forms of the knowledge repository: a product with its files, a reuse link, the search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution
from alianza.core.dates import PartialDate
from alianza.core.forms import PartialDateField, ServiceFormMixin, bootstrap
from alianza.knowledge.choices import DisseminationLevel
from alianza.knowledge.models import Audience, KnowledgeProduct, ProductReuse
from alianza.search.registry import search_kinds

TEXT = forms.Textarea(attrs={"rows": 3})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ProductForm(ServiceFormMixin, forms.ModelForm):
    date = PartialDateField(label=_("Date"), required=False)
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    new_files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "PDF, DOCX, XLSX, PPTX, OpenDocument, images, audio, video, CSV or TXT; checked "
            "by their content. Programs and macro-enabled files are refused."
        ),
    )
    remove_files = forms.ModelMultipleChoiceField(
        label=_("Remove files"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = KnowledgeProduct
        fields = [
            "title_es",
            "title_en",
            "kind",
            "language",
            "summary_es",
            "summary_en",
            "authors",
            "institutions",
            "initiative",
            "dissemination",
            "audiences",
            "licence",
        ]
        widgets = {"summary_es": TEXT, "summary_en": TEXT, "authors": TEXT}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = program.initiatives.order_by("number")
        self.fields["audiences"].queryset = program.knowledge_audiences.order_by("code")
        self.fields["institutions"].queryset = Institution.objects.order_by("acronym_en")
        if self.instance.pk:
            self.fields["remove_files"].queryset = self.instance.files.order_by("pk")
            if self.instance.published_on:
                self.initial["date"] = PartialDate(
                    self.instance.published_on, self.instance.date_precision
                )
        else:
            del self.fields["remove_files"]
        self.bootstrap()

    def service_field(self, key: str) -> str | None:
        names = {"published_on": "date", "date_precision": "date", "files": "new_files"}
        key = names.get(key, key)
        return key if key in self.fields else None

    def service_data(self) -> dict:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("date", "new_files", "remove_files")
        }
        date = self.cleaned_data.get("date")
        data["published_on"] = date.value if date else None
        if date:
            data["date_precision"] = date.precision
        return data

    def files_to_add(self) -> list:
        return [(f, f.name) for f in self.cleaned_data.get("new_files") or []]

    def files_to_remove(self) -> list[int]:
        return [f.pk for f in self.cleaned_data.get("remove_files") or []]


class ReuseForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = ProductReuse
        fields = ["initiative", "lesson", "policy_instrument", "used_on", "note_es", "note_en"]
        widgets = {
            "note_es": TEXT,
            "note_en": TEXT,
            "used_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, program, **kwargs):
        from alianza.initiatives.models import PolicyInstrument
        from alianza.systematization.models import Lesson

        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = program.initiatives.order_by("number")
        self.fields["lesson"].queryset = Lesson.objects.filter(period__program=program)
        self.fields["policy_instrument"].queryset = PolicyInstrument.objects.order_by("code")
        self.bootstrap()


class SearchForm(forms.Form):
    """The search box and its filters, for the page and `/api/v1/search/` alike."""

    q = forms.CharField(label=_("Search"), max_length=500, required=False)
    type = forms.ChoiceField(label=_("Kind of record"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    program = forms.ChoiceField(label=_("Program"), required=False)
    initiative = forms.IntegerField(
        label=_("Initiative"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("The initiative's number in the chosen program."),
    )
    level = forms.ChoiceField(
        label=_("Dissemination level"),
        required=False,
        choices=[("", _("Any"))] + list(DisseminationLevel.choices),
    )

    def __init__(self, *args, user, **kwargs):
        from alianza.programs.models import Program

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Any"))] + [(k.key, k.label) for k in search_kinds]
        self.programs = {p.code: p for p in Program.objects.visible_to(user).order_by("code")}
        self.fields["program"].choices = [("", _("Any"))] + [(c, c) for c in self.programs]
        bootstrap(self)

    def clean(self):
        data = super().clean()
        number = data.get("initiative")
        if number and not data.get("program"):
            self.add_error("initiative", _("Choose the program of the initiative."))
        return data

    def filters(self) -> dict:
        """The selector's keyword filters from the cleaned form."""
        from alianza.initiatives.models import Initiative

        data = self.cleaned_data
        program = self.programs.get(data.get("program") or "")
        initiative_id = None
        if data.get("initiative") and program is not None:
            found = Initiative.objects.filter(program=program, number=data["initiative"]).first()
            initiative_id = found.pk if found else -1
        return {
            "kinds": [data["type"]] if data.get("type") else None,
            "year": data.get("year"),
            "program": program.pk if program else None,
            "initiative": initiative_id,
            "level": data.get("level") or None,
        }


class AudienceForm(ServiceFormMixin, forms.ModelForm):
    """A named group of institutions (their active members read its targeted products).
    People are added one by one by the services, not listed here: the page would otherwise
    show every account of the installation."""

    class Meta:
        model = Audience
        fields = ["code", "name_es", "name_en", "institutions"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = Institution.objects.order_by("acronym_en")
        self.bootstrap()
