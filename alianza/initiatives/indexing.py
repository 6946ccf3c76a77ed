"""How an initiative becomes a search entry (registered in apps.py, kept current by the
initiative services): its titles, description, placement and recorded texts."""

from __future__ import annotations

from alianza.search.registry import Entry

TEXTS = (
    "description_es",
    "description_en",
    "placement_es",
    "placement_en",
    "placement_note_es",
    "placement_note_en",
    "scope_text_es",
    "scope_text_en",
    "alignment_text_es",
    "alignment_text_en",
)


def initiative_entry(initiative) -> Entry:
    starts = [p.start_date for p in initiative.periods.all() if p.start_date]
    return Entry(
        title_en=initiative.title_en,
        title_es=initiative.title_es,
        url=initiative.get_absolute_url(),
        program_id=initiative.program_id,
        initiative_id=initiative.pk,
        year=min(starts).year if starts else None,
        level="public" if initiative.is_public else "internal",
        texts=[getattr(initiative, name, "") for name in TEXTS],
    )


def initiative_records():
    from alianza.initiatives.models import Initiative

    return (
        Initiative.objects.select_related("program")
        .prefetch_related("periods")
        .order_by("pk")
        .iterator(chunk_size=200)
    )


def visible_initiatives(user):
    from alianza.initiatives.models import Initiative

    return Initiative.objects.visible_to(user)
