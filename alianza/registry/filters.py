"""One FilterSet serves the registry pages (list, map, network), the IATI export of a
selection and /api/v1/activities/: country, subdivision of the registry's country,
sector, modality, role (of the registry's country), organisation, year and transaction
dates."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.core import params
from alianza.registry import geo
from alianza.registry.choices import Instrument, Modality, SSCRole
from alianza.registry.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    ParticipatingOrg,
    RecipientCountry,
    Transaction,
)


class ActivityFilterSet(django_filters.FilterSet):
    program = django_filters.CharFilter(
        field_name="program__code", lookup_expr="iexact", label=_("Program")
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))
    country = django_filters.CharFilter(
        method="filter_country", label=_("Country"), help_text=_("ISO 3166-1 alpha-2, e.g. GT")
    )
    subdivision = django_filters.ChoiceFilter(
        method="filter_subdivision",
        choices=geo.subdivision_choices,
        label=geo.lazy_country_text(_("State or region (%(country)s)")),
        help_text=_("ISO 3166-2, e.g. MX-JAL or CL-RM"),
    )
    municipality = django_filters.CharFilter(
        method="filter_municipality", label=_("Municipality (national statistics code)")
    )
    sector = django_filters.CharFilter(
        method="filter_sector",
        label=_("Sector"),
        help_text=_("A DAC 5-digit code, or a 3-digit category that includes its codes"),
    )
    modality = django_filters.ChoiceFilter(choices=Modality.choices, label=_("Modality"))
    instrument = django_filters.ChoiceFilter(choices=Instrument.choices, label=_("Instrument"))
    role = django_filters.ChoiceFilter(
        field_name="country_role",
        choices=SSCRole.choices,
        label=geo.lazy_country_text(_("Role of %(country)s")),
    )
    organisation = django_filters.CharFilter(
        method="filter_organisation",
        label=_("Organisation"),
        help_text=_("IATI identifier of a reporting or participating organisation"),
    )
    reporting_org = django_filters.CharFilter(
        field_name="reporting_org_ref", label=_("Reporting organisation")
    )
    status = django_filters.CharFilter(field_name="status", label=_("Status code"))
    year = params.YearFilter(method="filter_year", label=_("Active in year"))
    transaction_date_after = params.DateFilter(
        method="filter_transaction_after", label=_("Transactions from")
    )
    transaction_date_before = params.DateFilter(
        method="filter_transaction_before", label=_("Transactions until")
    )

    class Meta:
        model = Activity
        fields = [
            "program",
            "q",
            "country",
            "subdivision",
            "municipality",
            "sector",
            "modality",
            "instrument",
            "role",
            "organisation",
            "reporting_org",
            "status",
            "year",
            "transaction_date_after",
            "transaction_date_before",
        ]

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs.setdefault("class", css + "-sm " + css)
                if isinstance(field, forms.DateField):
                    widget.input_type = "date"
            form._styled = True
        return form

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(iati_identifier__icontains=word)
                | Q(title__icontains=word)
                | Q(descriptions__icontains=word)
            )
        return queryset

    def filter_country(self, queryset, name, value):
        rows = RecipientCountry.objects.filter(code__iexact=value.strip()).values("activity_id")
        return queryset.filter(pk__in=rows)

    def filter_subdivision(self, queryset, name, value: str):
        rows = ActivityLocation.objects.filter(subdivision=value).values("activity_id")
        return queryset.filter(pk__in=rows)

    def filter_municipality(self, queryset, name, value):
        rows = ActivityLocation.objects.filter(municipality=value.strip()).values("activity_id")
        return queryset.filter(pk__in=rows)

    def filter_sector(self, queryset, name, value):
        value = value.strip()
        rows = ActivitySector.objects.filter(code=value)
        if len(value) == 3:
            rows = ActivitySector.objects.filter(
                Q(code=value) | Q(code__startswith=value, vocabulary__in=["", "1"])
            )
        return queryset.filter(pk__in=rows.values("activity_id"))

    def filter_organisation(self, queryset, name, value):
        value = value.strip()
        rows = ParticipatingOrg.objects.filter(ref=value).values("activity_id")
        return queryset.filter(Q(pk__in=rows) | Q(reporting_org_ref=value))

    def filter_year(self, queryset, name, value):
        year = int(value)
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return queryset.filter(
            Q(start_date__lte=last) | Q(start_date__isnull=True),
            Q(end_date__gte=first) | Q(end_date__isnull=True),
        ).exclude(start_date__isnull=True, end_date__isnull=True)

    def filter_transaction_after(self, queryset, name, value):
        rows = Transaction.objects.filter(date__gte=value)
        before = self.form.cleaned_data.get("transaction_date_before")
        if before:
            rows = rows.filter(date__lte=before)
        return queryset.filter(pk__in=rows.values("activity_id"))

    def filter_transaction_before(self, queryset, name, value):
        if self.form.cleaned_data.get("transaction_date_after"):
            return queryset  # applied together with transaction_date_after
        rows = Transaction.objects.filter(date__lte=value)
        return queryset.filter(pk__in=rows.values("activity_id"))
