"""One FilterSet serves the products list page and `/api/v1/products/`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from alianza.core.params import IntegerFilter, YearFilter
from alianza.core.search import text_search
from alianza.knowledge.choices import DisseminationLevel, ProductKind, ProductLanguage
from alianza.knowledge.models import KnowledgeProduct
from alianza.programs.filters import ProgramChildFilterSet


class ProductFilterSet(ProgramChildFilterSet):
    """`?program=PROCAP&kind=manual&year=2018&dissemination=public&initiative=12&q=guía`."""

    q = django_filters.CharFilter(label=_("Title, author or summary"), method="filter_text")
    kind = django_filters.ChoiceFilter(label=_("Kind of product"), choices=ProductKind.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=ProductLanguage.choices)
    dissemination = django_filters.ChoiceFilter(
        label=_("Dissemination level"), choices=DisseminationLevel.choices
    )
    year = YearFilter(label=_("Year"), field_name="published_on__year")
    initiative = IntegerFilter(label=_("Initiative"), field_name="initiative__number")

    class Meta:
        model = KnowledgeProduct
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        return text_search(
            queryset, value, ["title_es", "title_en", "summary_es", "summary_en", "authors"]
        )
