"""How a product becomes a search entry (registered in apps.py): its titles, summary,
authors, institutions and the text extracted from its files."""

from __future__ import annotations

from alianza.search.registry import Entry


def product_entry(product) -> Entry:
    texts = [
        product.summary_es,
        product.summary_en,
        product.authors,
        product.get_kind_display(),
        *(
            f"{i.acronym_en} {i.acronym_es} {i.name_en} {i.name_es}"
            for i in product.institutions.all()
        ),
        *(f"{f.name}\n{f.text}" for f in product.files.all()),
    ]
    return Entry(
        title_en=product.title_en,
        title_es=product.title_es,
        url=product.get_absolute_url(),
        program_id=product.program_id,
        initiative_id=product.initiative_id,
        year=product.year,
        level=product.dissemination,
        texts=texts,
    )


def product_records():
    from alianza.knowledge.models import KnowledgeProduct

    return (
        KnowledgeProduct.objects.select_related("program")
        .prefetch_related("institutions", "files")
        .order_by("pk")
        .iterator(chunk_size=200)
    )


def visible_products(user):
    from alianza.knowledge.models import KnowledgeProduct

    return KnowledgeProduct.objects.visible_to(user)
