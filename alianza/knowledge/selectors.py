"""Reads shared by the knowledge pages, the API and the reports: a product's page, the use
counts, and the knowledge-management report of used and never-opened products."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from alianza.knowledge.choices import UseKind
from alianza.knowledge.models import KnowledgeProduct, ProductUse
from alianza.programs.models import Program


def with_use_counts(queryset: QuerySet) -> QuerySet:
    """Annotate `views`, `downloads` and `reuse_count` (computed by the database)."""
    return queryset.annotate(
        views=Count("uses", filter=Q(uses__kind=UseKind.VIEW), distinct=True),
        downloads=Count("uses", filter=Q(uses__kind=UseKind.DOWNLOAD), distinct=True),
        reuse_count=Count("reuses", distinct=True),
    )


def product_page(product: KnowledgeProduct, user: Any) -> dict:
    uses = (
        ProductUse.objects.filter(product=product)
        .values(
            "institution__acronym_en",
            "institution__acronym_es",
            "institution__name_en",
            "institution__name_es",
            "kind",
        )
        .annotate(n=Count("pk"))
        .order_by("institution__acronym_en", "kind")
    )
    by_institution: dict = {}
    for row in uses:
        key = row["institution__acronym_en"] or row["institution__name_en"] or ""
        entry = by_institution.setdefault(
            key,
            {
                "name": row["institution__acronym_es"] or key,
                "name_en": key,
                "view": 0,
                "download": 0,
            },
        )
        entry[row["kind"]] = row["n"]
    return {
        "product": product,
        "files": list(product.files.order_by("pk")),
        "reuses": list(
            product.reuses.visible_to(user).select_related(
                "initiative__program", "lesson__period__program", "policy_instrument"
            )
        ),
        "uses_by_institution": list(by_institution.values()),
        "totals": {
            "view": sum(e["view"] for e in by_institution.values()),
            "download": sum(e["download"] for e in by_institution.values()),
        },
    }


def use_report(program: Program, user: Any) -> dict:
    """Every product of the program the user may see with its views, downloads and reuses:
    the used ones (opened or reused) and those never opened, and the uses per institution."""
    products = list(
        with_use_counts(KnowledgeProduct.objects.visible_to(user).filter(program=program))
        .select_related("program", "initiative")
        .order_by("number")
    )
    used = [p for p in products if p.views or p.downloads or p.reuse_count]
    never = [p for p in products if not (p.views or p.downloads)]
    per_institution = list(
        ProductUse.objects.filter(product__in=[p.pk for p in products])
        .values("institution__acronym_en", "institution__acronym_es", "institution__name_en")
        .annotate(
            views=Count("pk", filter=Q(kind=UseKind.VIEW)),
            downloads=Count("pk", filter=Q(kind=UseKind.DOWNLOAD)),
            products=Count("product", distinct=True),
        )
        .order_by("-downloads", "-views", "institution__acronym_en")
    )
    return {
        "products": products,
        "used": used,
        "never_opened": never,
        "per_institution": per_institution,
    }


def initiative_panel(initiative: Any, user: Any) -> dict | None:
    """The products of an initiative and the products it reused, for the initiative page
    (nothing when it has none the user may see)."""
    visible = KnowledgeProduct.objects.visible_to(user)
    produced = list(visible.filter(initiative=initiative).order_by("-published_on", "number"))
    reused = list(
        visible.filter(reuses__initiative=initiative).distinct().order_by("program", "number")
    )
    if not produced and not reused:
        return None
    return {"produced": produced, "reused": reused}
