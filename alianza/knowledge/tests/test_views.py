"""The product pages: a PDF uploaded through the form is found by the search page by a
word only inside it; internal products and their files are 404 to outsiders; hostile
uploads are refused on the form; the use report shows used and never-opened products."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alianza.knowledge import services
from alianza.knowledge.models import KnowledgeProduct, ProductFile
from alianza.knowledge.tests import files
from alianza.knowledge.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["django_language"] = "en"
    return client


def create_url(cast):
    return reverse("knowledge:product_create", kwargs={"code": cast.program.code})


def form_data(**extra):
    return {
        "title_es": "Informe de resultados",
        "kind": "report",
        "language": "es",
        "dissemination": "public",
        "licence": "cc_by_4",
        **extra,
    }


def pdf_upload(text, name="informe.pdf"):
    return SimpleUploadedFile(name, files.pdf_bytes(text), content_type="application/pdf")


def test_pdf_uploaded_through_the_page_is_found_by_the_search_page(cast):
    client = cast.client("editor_a")
    response = client.post(
        create_url(cast),
        form_data(new_files=[pdf_upload("Hallazgos de las evaluaciones intermedias")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    product = KnowledgeProduct.objects.get(program=cast.program, title_es="Informe de resultados")
    assert product.files.get().text.startswith("Hallazgos")
    for language in ("es", "en"):
        page = cast.client("anonymous").get(
            reverse("knowledge:search"), {"q": "evaluación"}, HTTP_ACCEPT_LANGUAGE=language
        )
        assert page.status_code == 200
        body = page.content.decode()
        assert product.get_absolute_url() in body
        assert "<mark>evaluaciones</mark>" in body


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (
            SimpleUploadedFile("informe.pdf", b"not a pdf at all", "application/pdf"),
            "claims to be PDF",
        ),
        (SimpleUploadedFile("informe.pdf", files.exe_bytes(), "application/pdf"), "executable"),
    ],
)
def test_a_fake_pdf_is_refused_on_the_form_and_nothing_is_kept(cast, upload, words):
    response = english(cast.client("editor_a")).post(
        create_url(cast), form_data(new_files=[upload])
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not KnowledgeProduct.objects.filter(title_es="Informe de resultados").exists()
    assert not ProductFile.objects.exists()


def test_an_oversize_file_is_refused(cast, settings):
    settings.KNOWLEDGE_MAX_FILE_BYTES = 200
    response = english(cast.client("editor_a")).post(
        create_url(cast), form_data(new_files=[pdf_upload("evaluación " * 40)])
    )
    assert response.status_code == 400
    assert "refused" in response.content.decode()
    assert not KnowledgeProduct.objects.filter(title_es="Informe de resultados").exists()


def internal_product(cast):
    return services.product_create(
        program=cast.program,
        data={"kind": "report", "title_es": "Evaluación confidencial", "dissemination": "internal"},
        files=[(io.BytesIO(files.pdf_bytes("Resultados confidenciales")), "conf.pdf")],
        actor=cast.users["editor_a"],
    )


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_an_internal_product_and_its_file_are_404_to_outsiders(cast, role):
    product = internal_product(cast)
    client = cast.client(role)
    kwargs = {"code": cast.program.code, "number": product.number}
    assert client.get(product.get_absolute_url()).status_code == 404
    download = reverse("knowledge:file_download", kwargs={**kwargs, "pk": product.files.get().pk})
    response = client.get(download)
    assert response.status_code == 404
    assert b"%PDF" not in response.content
    listing = client.get(reverse("knowledge:product_list", kwargs={"code": cast.program.code}))
    assert "Evaluación confidencial" not in listing.content.decode()
    search = client.get(reverse("knowledge:search"), {"q": "confidenciales"})
    assert product.get_absolute_url() not in search.content.decode()


def test_a_partner_downloads_the_file_and_the_download_is_counted(cast):
    product = internal_product(cast)
    client = cast.client("viewer_b")
    url = reverse(
        "knowledge:file_download",
        kwargs={"code": cast.program.code, "number": product.number, "pk": product.files.get().pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    use = product.uses.get()
    assert (use.kind, use.institution) == ("download", cast.partner_b)


def test_use_report_lists_used_and_never_opened_products(cast):
    opened = ProductFactory(program=cast.program, title_es="Opened guide")
    ProductFactory(program=cast.program, title_es="Forgotten manual")
    reused = ProductFactory(program=cast.program, title_es="Reused protocol")
    cast.client("outsider").get(opened.get_absolute_url())
    services.product_reuse_create(
        product=reused, data={"initiative": cast.public_initiative}, actor=cast.users["editor_a"]
    )
    page = cast.client("viewer_a").get(
        reverse("knowledge:use_report", kwargs={"code": cast.program.code})
    )
    assert page.status_code == 200
    body = page.content.decode()
    used_part, never_part = body.split('data-testid="never-opened"')
    used_part = used_part.split('data-testid="used-products"')[1]
    assert "Opened guide" in used_part and "Reused protocol" in used_part
    assert "Forgotten manual" not in used_part
    assert "Forgotten manual" in never_part and "Opened guide" not in never_part.split("<h3")[0]
    assert (
        cast.client("outsider")
        .get(reverse("knowledge:use_report", kwargs={"code": cast.program.code}))
        .status_code
        == 403
    )


def test_product_pages_in_both_languages(cast):
    product = ProductFactory(program=cast.program, title_es="Guía de campo", title_en="Field guide")
    for language, title, label in (
        ("es", "Guía de campo", "Productos de conocimiento"),
        ("en", "Field guide", "Knowledge products"),
    ):
        client = cast.client("editor_a")
        client.cookies["django_language"] = language
        detail = client.get(product.get_absolute_url())
        assert title in detail.content.decode()
        listing = client.get(reverse("knowledge:product_list", kwargs={"code": cast.program.code}))
        assert label in listing.content.decode()
        assert title in listing.content.decode()
        filtered = client.get(
            reverse("knowledge:product_list", kwargs={"code": cast.program.code}),
            {"kind": "manual"},
        )
        assert title not in filtered.content.decode()
        bad = client.get(
            reverse("knowledge:product_list", kwargs={"code": cast.program.code}), {"year": "x"}
        )
        assert bad.status_code == 400


def test_a_named_group_made_on_its_page_opens_a_targeted_product_to_its_members(cast):
    from alianza.knowledge.models import Audience

    url = reverse("knowledge:audiences", kwargs={"code": cast.program.code})
    response = cast.client("editor_a").post(
        url,
        {"code": "academia", "name_es": "Academia", "institutions": [cast.outsider_institution.pk]},
    )
    assert response.status_code == 302
    group = Audience.objects.get(program=cast.program, code="academia")
    product = ProductFactory(
        program=cast.program, dissemination="targeted", audiences=[group], title_es="Para academia"
    )
    assert cast.client("outsider").get(product.get_absolute_url()).status_code == 200
    assert cast.client("anonymous").get(product.get_absolute_url()).status_code == 404
    assert cast.client("outsider").get(url).status_code == 403


def test_the_initiative_page_lists_its_products_and_those_it_reused(cast):
    own = ProductFactory(
        program=cast.program, initiative=cast.public_initiative, title_es="Manual propio"
    )
    other = ProductFactory(program=cast.program, title_es="Guía reutilizada")
    hidden = ProductFactory(
        program=cast.program,
        initiative=cast.public_initiative,
        dissemination="internal",
        title_es="Borrador interno",
    )
    services.product_reuse_create(
        product=other, data={"initiative": cast.public_initiative}, actor=cast.users["editor_a"]
    )
    page = cast.client("anonymous").get(cast.public_initiative.get_absolute_url()).content.decode()
    assert own.title_es in page and other.title_es in page
    assert hidden.title_es not in page


def test_use_figures_show_to_partners_only(cast):
    product = ProductFactory(program=cast.program)
    assert (
        'data-testid="use-totals"'
        in cast.client("viewer_a").get(product.get_absolute_url()).content.decode()
    )
    assert (
        'data-testid="use-totals"'
        not in cast.client("outsider").get(product.get_absolute_url()).content.decode()
    )
