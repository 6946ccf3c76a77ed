"""PROCAP's content in both languages: every bilingual text the reference data loads has its
Spanish and its English, a text that is the team's translation is marked as such in the
record and on the Spanish pages, and the marks come from the data files."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from alianza.audit.models import ChangeRecord
from alianza.core.models import TranslationMarksMixin, bilingual_text_fields
from alianza.initiatives.models import Initiative
from alianza.reference.loaders import PROCAP_DIR
from alianza.reference.loaders.common import read_toml
from alianza.systematization.models import Informant, Lesson, Question, Recommendation

pytestmark = pytest.mark.django_db

#: The apps whose records PROCAP's data set loads (the cast's few records are built with
#: factories in the same database; they are left out by keeping to PROCAP's rows).
PROCAP_APPS = (
    "programs",
    "initiatives",
    "finance",
    "risks",
    "monitoring",
    "systematization",
    "deployments",
)


def _resolves(model, path: str) -> bool:
    for part in path.split("__"):
        try:
            model = model._meta.get_field(part).related_model
        except FieldDoesNotExist:
            return False
        if model is None:
            return False
    return True


def _procap_rows(model, program):
    """The model's rows that belong to PROCAP (or every row of a program-less reference list)."""
    manager = model._default_manager
    for path in (
        "program",
        "initiative__program",
        "period__program",
        "assessment__period__program",
        "scheme__program",
        "version__program",
        "result__version__program",
        "revision__program",
        "scope__program",
        "recommendation__period__program",
        "result__period__program",
        "interview__period__program",
        "initiatives__program",
    ):
        if _resolves(model, path):
            return manager.filter(**{path: program}).distinct()
    if model._meta.label == "programs.Program":
        return manager.filter(pk=program.pk)
    return manager.all()


def _missing_languages(program) -> list[str]:
    missing = []
    for app in PROCAP_APPS:
        for model in apps.get_app_config(app).get_models():
            fields = [f for f in bilingual_text_fields(model) if f.endswith("_es")]
            if not fields:
                continue
            for row in _procap_rows(model, program):
                for es in fields:
                    en = es[:-3] + "_en"
                    if bool(getattr(row, es)) != bool(getattr(row, en)):
                        lacking = en if getattr(row, es) else es
                        missing.append(f"{model._meta.label} {row.pk} ({row}): {lacking}")
    return missing


def test_every_bilingual_text_procap_loads_has_both_languages(procap):
    assert _missing_languages(procap) == []


def test_the_check_finds_a_text_without_its_spanish(procap):
    lesson = Lesson.objects.filter(period__program=procap).first()
    lesson.text_es = ""
    lesson.save()
    assert any("text_es" in line for line in _missing_languages(procap))


def test_every_translation_mark_names_a_text_that_is_there(procap):
    for app in PROCAP_APPS:
        for model in apps.get_app_config(app).get_models():
            if not issubclass(model, TranslationMarksMixin):
                continue
            for row in _procap_rows(model, procap):
                for field in row.translated_fields:
                    assert getattr(row, field), f"{model._meta.label} {row.pk} marks empty {field}"


@pytest.mark.parametrize(
    ("model", "lookup", "field"),
    [
        (Lesson, {"period__program__code": "PROCAP"}, "text_es"),
        (Recommendation, {"period__program__code": "PROCAP", "code": "1a"}, "text_es"),
        (Informant, {"program__code": "PROCAP", "code": "i01"}, "role_es"),
        (Question, {"scope__program__code": "PROCAP", "number": 1}, "text_es"),
        (Initiative, {"program__code": "PROCAP", "number": 5}, "challenge_es"),
    ],
)
def test_the_data_files_mark_the_spanish_translations(procap, model, lookup, field):
    row = model.objects.filter(**lookup).first()
    assert row is not None and getattr(row, field) and field in row.translated_fields


def test_the_report_s_own_spanish_is_not_marked(procap):
    # Recommendation 2b: the English edition prints it in Spanish too; neither text is ours.
    raw = [r for r in read_toml(PROCAP_DIR, "learning")["recommendations"] if "translated" not in r]
    assert raw, "the data set keeps the recommendation the report prints in Spanish"
    for item in raw:
        row = Recommendation.objects.get(period__program=procap, code=item["code"])
        assert row.translated_fields == [] and row.text_es == item["text_es"]


def test_loading_again_keeps_the_marks_and_changes_nothing(procap):
    before = ChangeRecord.objects.count()
    call_command("load_procap", verbosity=0)
    assert ChangeRecord.objects.count() == before
    assert "text_es" in Lesson.objects.filter(period__program=procap).first().translated_fields


def test_a_mark_must_name_a_bilingual_text_of_the_record(procap):
    lesson = Lesson.objects.filter(period__program=procap).first()
    lesson.translated_fields = ["kind"]
    with pytest.raises(ValidationError) as error:
        lesson.full_clean()
    assert "translated_fields" in error.value.message_dict


# --- the mark on the page -------------------------------------------------------------------


def _render(obj, base: str, language: str) -> str:
    with translation.override(language):
        return Template("{% load alianza %}{% i18n_text obj base %}").render(
            Context({"obj": obj, "base": base})
        )


def test_the_tag_marks_a_translation_shown_and_not_the_original(procap):
    lesson = Lesson.objects.filter(period__program=procap).first()
    spanish = _render(lesson, "text", "es")
    assert html_lib.escape(lesson.text_es) in spanish and "translation-mark" in spanish
    assert "traducción" in spanish
    english = _render(lesson, "text", "en")
    assert "translation-mark" not in english and html_lib.escape(lesson.text_en) in english


def test_the_tag_marks_a_fallback_and_its_translation(procap):
    lesson = Lesson.objects.filter(period__program=procap).first()
    lesson.text_en = ""
    english = _render(lesson, "text", "en")
    assert 'lang="es" class="fallback-lang"' in english and "translation-mark" in english


def _page(cast, path: str) -> str:
    client = cast.client("superuser")
    client.cookies["django_language"] = "es"
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _texts(page: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", page))


PAGES = {
    "lessons": "/programs/PROCAP/systematization/lessons/",
    "recommendations": "/programs/PROCAP/systematization/recommendations/",
    "informants and interview guide": "/programs/PROCAP/systematization/informants/",
    "initiative": "/programs/PROCAP/initiatives/5/",
}


def _spanish_expected(procap) -> dict[str, list[str]]:
    initiative = Initiative.objects.get(program=procap, number=5)
    return {
        "lessons": [lesson.text_es for lesson in Lesson.objects.filter(period__program=procap)],
        "recommendations": [
            r.text_es for r in Recommendation.objects.filter(period__program=procap)
        ],
        "informants and interview guide": [
            *(i.role_es for i in Informant.objects.filter(program=procap)),
            *(q.text_es for q in Question.objects.filter(scope__program=procap)),
        ],
        "initiative": [
            initiative.description_es,
            initiative.challenge_es,
            initiative.good_practice_es,
            initiative.scope_text_es,
        ],
    }


@pytest.mark.parametrize("page", list(PAGES))
def test_spanish_pages_show_procap_s_content_in_spanish_marked_as_translation(procap, cast, page):
    html = _page(cast, PAGES[page])
    text = _texts(html)
    expected = _spanish_expected(procap)[page]
    assert expected and all(t for t in expected)
    missing = [t for t in expected if re.sub(r"\s+", " ", t) not in text]
    assert missing == []
    assert 'class="translation-mark"' in html and ">traducción</small>" in html
    assert 'class="fallback-lang"' not in html or page == "initiative"


@pytest.mark.parametrize("page", ["lessons", "recommendations", "informants and interview guide"])
def test_english_pages_show_the_source_text_unmarked(procap, cast, page):
    client = cast.client("superuser")
    client.cookies["django_language"] = "en"
    html = client.get(PAGES[page]).content.decode()
    assert "translation-mark" not in html


def test_the_api_keeps_both_languages_and_the_marks(procap, cast):
    items = (
        cast.client("superuser")
        .get("/api/v1/initiatives/", {"program": "PROCAP"})
        .json()["results"]
    )
    item = next(i for i in items if i["number"] == 5)
    assert item["challenge_en"] and item["challenge_es"]
    assert "challenge_es" in item["translated_fields"]
