"""How lessons, good practices and recommendations become search entries (registered in
extensions.py, kept current by the learning services). Both are read by whoever may see
the program, so their level is public with it."""

from __future__ import annotations

from django.urls import reverse

from alianza.search.registry import Entry


def _url(name: str, period) -> str:
    return reverse(f"systematization:{name}", kwargs={"code": period.program.code}) + (
        f"?period={period.code}"
    )


def lesson_entry(lesson) -> Entry:
    label = f"{lesson.get_kind_display()} {lesson.number}"
    return Entry(
        title_en=f"{label}: {lesson.text_en}"[:200] if lesson.text_en else "",
        title_es=f"{label}: {lesson.text_es}"[:200] if lesson.text_es else "",
        url=_url("lessons", lesson.period),
        program_id=lesson.period.program_id,
        year=lesson.period.end_date.year if lesson.period.end_date else None,
        level="public",
        texts=[
            lesson.text_es,
            lesson.text_en,
            lesson.evidence_es,
            lesson.evidence_en,
            lesson.factor.name_es,
            lesson.factor.name_en,
        ],
    )


def recommendation_entry(recommendation) -> Entry:
    label = recommendation.code
    return Entry(
        title_en=f"{label}. {recommendation.text_en}"[:200] if recommendation.text_en else "",
        title_es=f"{label}. {recommendation.text_es}"[:200] if recommendation.text_es else "",
        url=_url("recommendation_list", recommendation.period),
        program_id=recommendation.period.program_id,
        year=recommendation.period.end_date.year if recommendation.period.end_date else None,
        level="public",
        texts=[recommendation.text_es, recommendation.text_en],
    )


def lesson_records():
    from alianza.systematization.models import Lesson

    return Lesson.objects.select_related("period__program", "factor").order_by("pk")


def recommendation_records():
    from alianza.systematization.models import Recommendation

    return Recommendation.objects.select_related("period__program").order_by("pk")


def visible_lessons(user):
    from alianza.systematization.models import Lesson

    return Lesson.objects.visible_to(user)


def visible_recommendations(user):
    from alianza.systematization.models import Recommendation

    return Recommendation.objects.visible_to(user)


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from alianza.search.registry import SearchKind, search_kinds

    search_kinds.register(
        SearchKind(
            key="lesson",
            label=_("Lesson or good practice"),
            model="systematization.Lesson",
            entry=lesson_entry,
            visible=visible_lessons,
            records=lesson_records,
            order=30,
        )
    )
    search_kinds.register(
        SearchKind(
            key="recommendation",
            label=_("Recommendation"),
            model="systematization.Recommendation",
            entry=recommendation_entry,
            visible=visible_recommendations,
            records=recommendation_records,
            order=40,
        )
    )
