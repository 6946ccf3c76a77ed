"""How a registry activity becomes a search entry (registered in apps.py, kept current by
the activity services and, a chunk at a time, by `activities_import`)."""

from __future__ import annotations

from alianza.search.registry import Entry


def _texts(value, lang: str | None = None) -> list[str]:
    """Every narrative text in an IATI JSON value (lists of narratives, nested)."""
    found: list[str] = []
    if isinstance(value, dict):
        text = value.get("text")
        if isinstance(text, str) and (lang is None or value.get("lang", "") == lang):
            found.append(text)
        for key, item in value.items():
            if key != "text":
                found.extend(_texts(item, lang))
    elif isinstance(value, list):
        for item in value:
            found.extend(_texts(item, lang))
    return found


def activity_entry(activity) -> Entry:
    spanish = " ".join(_texts(activity.title, "es"))
    english = " ".join(_texts(activity.title, "en"))
    other = " ".join(_texts(activity.title))
    return Entry(
        title_es=spanish or (other if not english else ""),
        title_en=english or (other if not spanish else ""),
        url=activity.get_absolute_url(),
        program_id=activity.program_id,
        year=activity.start_date.year if activity.start_date else None,
        level="public" if activity.is_public else "internal",
        texts=[activity.iati_identifier, *_texts(activity.descriptions)],
    )


def activity_records():
    from alianza.registry.models import Activity

    return Activity.objects.order_by("pk").iterator(chunk_size=500)


def visible_activities(user):
    from alianza.registry.models import Activity

    return Activity.objects.visible_to(user)


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from alianza.search.registry import SearchKind, search_kinds

    search_kinds.register(
        SearchKind(
            key="activity",
            label=_("Registry activity"),
            model="registry.Activity",
            entry=activity_entry,
            visible=visible_activities,
            records=activity_records,
            order=50,
        )
    )
