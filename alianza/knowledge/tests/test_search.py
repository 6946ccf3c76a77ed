"""The search finds a product by a word only inside its file, with Spanish stems and
accents ignored, shows only what the user may see, filters, and survives hostile queries;
the index is kept by the services and rebuilt by `reindex`."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from alianza.knowledge import services
from alianza.knowledge.choices import DisseminationLevel
from alianza.knowledge.tests import files
from alianza.knowledge.tests.factories import AudienceFactory
from alianza.search import selectors
from alianza.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def found(user, query, **filters):
    return [(e.kind, e.object_id) for e in selectors.matching(user, query, **filters)]


def upload(cast, text, *, level=DisseminationLevel.PUBLIC, title="Informe anual", **data):
    return services.product_create(
        program=cast.program,
        data={"kind": "report", "title_es": title, "dissemination": level, **data},
        files=[(io.BytesIO(files.pdf_bytes(text)), "informe.pdf")],
        actor=cast.users["editor_a"],
    )


def test_a_word_only_inside_the_pdf_finds_the_product_with_stems_and_accents(cast):
    product = upload(cast, "Resultados de las evaluaciones externas de 2019")
    anonymous = AnonymousUser()
    for query in ("evaluación", "evaluacion", "EVALUACIONES", "evaluations", "externa"):
        assert ("product", product.pk) in found(anonymous, query), query
    assert found(anonymous, "presupuesto") == []


def test_internal_and_targeted_products_are_found_only_by_whom_may_see_them(cast):
    internal = upload(cast, "evaluaciones internas", level=DisseminationLevel.INTERNAL)
    group = AudienceFactory(program=cast.program, code="academia")
    group.institutions.add(cast.outsider_institution)
    targeted = upload(
        cast, "evaluaciones dirigidas", level=DisseminationLevel.TARGETED, audiences=[group]
    )
    anonymous, outsider = AnonymousUser(), cast.users["outsider"]
    viewer = cast.users["viewer_b"]
    assert ("product", internal.pk) not in found(anonymous, "evaluación")
    assert ("product", targeted.pk) not in found(anonymous, "evaluación")
    assert ("product", internal.pk) not in found(outsider, "evaluación")
    assert ("product", targeted.pk) in found(outsider, "evaluación")
    assert {("product", internal.pk), ("product", targeted.pk)} <= set(found(viewer, "evaluación"))


def test_filters_by_kind_year_level_and_initiative(cast):
    product = upload(
        cast,
        "evaluaciones",
        published_on=__import__("datetime").date(2018, 3, 1),
        initiative=cast.public_initiative,
    )
    user = cast.users["viewer_a"]
    key = ("product", product.pk)
    assert key in found(user, "evaluacion", kinds=["product"], year=2018)
    assert key not in found(user, "evaluacion", year=2017)
    assert key not in found(user, "evaluacion", kinds=["initiative"])
    assert key in found(user, "evaluacion", level="public", initiative=cast.public_initiative.pk)
    assert key not in found(user, "evaluacion", level="internal")
    assert key not in found(user, "evaluacion", initiative=cast.internal_initiative.pk)


def test_initiatives_are_indexed_by_their_services_and_visibility_holds(cast):
    from alianza.initiatives import services as initiative_services

    initiative = initiative_services.initiative_create(
        program=cast.program,
        data={"number": 77, "title_es": "Sistematización de capacitaciones", "is_public": False},
        actor=cast.users["editor_a"],
    )
    assert ("initiative", initiative.pk) in found(cast.users["viewer_a"], "capacitación")
    assert ("initiative", initiative.pk) not in found(AnonymousUser(), "capacitación")
    initiative_services.initiative_update(
        initiative=initiative, data={"is_public": True}, actor=cast.users["coordinator_a"]
    )
    assert ("initiative", initiative.pk) in found(AnonymousUser(), "capacitacion")


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE search_searchentry; --",
        "evaluación OR 1=1",
        '"evaluación" & !(x) | <-> :*',
        "%_%",
        "\x00",
        "a" * 600,
        "",
    ],
)
def test_hostile_queries_are_plain_words(cast, query):
    product = upload(cast, "evaluaciones")
    results = found(cast.users["viewer_a"], query)
    assert all(
        kind in {"product", "initiative", "document", "lesson", "recommendation", "activity"}
        for kind, _pk in results
    )
    assert SearchEntry.objects.filter(kind="product", object_id=product.pk).exists()


def test_snippet_marks_the_words_found_and_escapes_the_rest(cast):
    upload(cast, "<script>alert(1)</script> las evaluaciones de impacto")
    entries = selectors.matching(cast.users["viewer_a"], "evaluación", kinds=["product"])
    (hit,) = selectors.hits(entries, "evaluación")
    assert "<mark>evaluaciones</mark>" in hit.snippet
    assert "<script>" not in hit.snippet


def test_reindex_rebuilds_every_kind(cast):
    product = upload(cast, "evaluaciones")
    SearchEntry.objects.all().delete()
    assert found(cast.users["viewer_a"], "evaluación") == []
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert ("product", product.pk) in found(cast.users["viewer_a"], "evaluación")
    assert ("initiative", cast.public_initiative.pk) in found(cast.users["viewer_a"], "public")
    assert "product" in out.getvalue()


def test_a_deleted_product_leaves_the_index(cast):
    product = upload(cast, "evaluaciones")
    services.product_delete(product=product, actor=cast.users["coordinator_a"])
    assert not SearchEntry.objects.filter(kind="product", object_id=product.pk).exists()
