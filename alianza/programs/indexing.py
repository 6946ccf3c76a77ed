"""How a project document version becomes a search entry (its metadata: label, what
changed, the results and products it set), registered in apps.py and kept current by the
document services. Read by whoever may see the program."""

from __future__ import annotations

from django.urls import reverse

from alianza.search.registry import Entry


def document_entry(version) -> Entry:
    texts = [version.changes_es, version.changes_en]
    for result in version.results.all():
        texts += [result.title_es, result.title_en]
        texts += [t for p in result.products.all() for t in (p.title_es, p.title_en)]
    return Entry(
        title_en=version.label_en,
        title_es=version.label_es,
        url=reverse(
            "programs:document_detail",
            kwargs={"code": version.program.code, "version": version.code},
        ),
        program_id=version.program_id,
        year=version.date.year if version.date else None,
        level="public",
        texts=texts,
    )


def document_records():
    from alianza.programs.models import DocumentVersion

    return (
        DocumentVersion.objects.select_related("program")
        .prefetch_related("results__products")
        .order_by("pk")
    )


def visible_documents(user):
    from alianza.programs.models import DocumentVersion

    return DocumentVersion.objects.public_structure_visible_to(user)


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from alianza.search.registry import SearchKind, search_kinds

    search_kinds.register(
        SearchKind(
            key="document",
            label=_("Project document"),
            model="programs.DocumentVersion",
            entry=document_entry,
            visible=visible_documents,
            records=document_records,
            order=60,
        )
    )
