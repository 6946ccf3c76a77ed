"""Forms of the risk register."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import User
from alianza.core.forms import DATE_INPUT, ServiceFormMixin
from alianza.risks.models import Risk, RiskAction, RiskReview

TEXT = forms.Textarea(attrs={"rows": 3})


def partner_users(program):
    partners = program.partnerships.values_list("institution_id", flat=True)
    return User.objects.filter(
        membership__institution_id__in=partners, membership__is_active=True, is_active=True
    ).order_by("username")


class RiskForm(ServiceFormMixin, forms.ModelForm):
    """The risk, and its owner in each partner institution (a user, or a name/position)."""

    class Meta:
        model = Risk
        fields = [
            "title_es",
            "title_en",
            "category",
            "cause_es",
            "cause_en",
            "effect_es",
            "effect_en",
            "initiative",
            "likelihood",
            "impact",
            "status",
            "identified_on",
            "next_review_on",
        ]
        widgets = {
            "cause_es": TEXT,
            "cause_en": TEXT,
            "effect_es": TEXT,
            "effect_en": TEXT,
            "identified_on": DATE_INPUT,
            "next_review_on": DATE_INPUT,
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = program.initiatives.order_by("number")
        for name in ("likelihood", "impact"):
            self.fields[name].widget = forms.NumberInput(attrs={"min": 1, "max": 5})
            self.fields[name].help_text = _("1 to 5; leave both empty until assessed jointly.")
        self.partners = [p.institution for p in program.partnerships.select_related("institution")]
        current = {}
        if self.instance.pk:
            current = {o.institution_id: o for o in self.instance.owners.all()}
        users = partner_users(program)
        for institution in self.partners:
            owner = current.get(institution.pk)
            self.fields[f"owner_{institution.pk}_user"] = forms.ModelChoiceField(
                queryset=users.filter(membership__institution=institution),
                required=False,
                label=_("Owner at %(institution)s") % {"institution": institution},
                initial=owner.user_id if owner else None,
            )
            self.fields[f"owner_{institution.pk}_name"] = forms.CharField(
                required=False,
                max_length=255,
                label=_("or name/position at %(institution)s") % {"institution": institution},
                initial=owner.name if owner else "",
            )
        self.bootstrap()

    def owners(self) -> list[dict]:
        owners = []
        for institution in self.partners:
            user = self.cleaned_data.get(f"owner_{institution.pk}_user")
            name = self.cleaned_data.get(f"owner_{institution.pk}_name", "")
            if user or name:
                owners.append({"institution": institution, "user": user, "name": name})
        return owners

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if not k.startswith("owner_")}


class RiskReviewForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = RiskReview
        fields = ["reviewed_on", "likelihood", "impact", "notes", "next_review_on"]
        widgets = {"reviewed_on": DATE_INPUT, "next_review_on": DATE_INPUT, "notes": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class RiskActionForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = RiskAction
        fields = [
            "description_es",
            "description_en",
            "owner_institution",
            "owner",
            "due_on",
            "status",
            "completed_on",
        ]
        widgets = {
            "due_on": DATE_INPUT,
            "completed_on": DATE_INPUT,
            "description_es": TEXT,
            "description_en": TEXT,
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        from alianza.accounts.models import Institution

        self.fields["owner_institution"].queryset = Institution.objects.filter(
            partnerships__program=program
        )
        self.fields["owner"].queryset = partner_users(program)
        self.bootstrap()
