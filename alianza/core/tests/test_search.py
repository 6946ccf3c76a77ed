"""One search function ignores accents and case, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from alianza.core.search import fold, text_search
from alianza.initiatives.models import Initiative
from alianza.initiatives.tests.factories import InitiativeFactory


def test_fold_lowers_and_strips_accents():
    assert fold("Género ÑANDÚ Açaí") == "genero nandu acai"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["genero", "GÉNERO", "Género", "género igualdad"])
def test_text_search_ignores_accents_and_case(text):
    wanted = InitiativeFactory(title_es="Igualdad de Género", title_en="Gender equality")
    InitiativeFactory(title_es="Otra cosa", title_en="Something else")
    found = text_search(Initiative.objects.all(), text, ["title_es", "title_en"])
    assert list(found) == [wanted]


@pytest.mark.django_db
def test_text_search_folds_the_column_too():
    wanted = InitiativeFactory(title_es="COOPERACIÓN SUR-SUR", title_en="")
    found = text_search(Initiative.objects.all(), "cooperacion sur", ["title_es"])
    assert list(found) == [wanted]
