"""/api/v1/products/ (read and write with files) and /api/v1/search/."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from alianza.knowledge.models import KnowledgeProduct
from alianza.knowledge.tests import files
from alianza.knowledge.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/products/"
SEARCH = "/api/v1/search/"


def upload(text, name="informe.pdf"):
    return SimpleUploadedFile(name, files.pdf_bytes(text), content_type="application/pdf")


def create(client, cast, **extra):
    data = {
        "program": cast.program.code,
        "kind": "report",
        "title_es": "Informe de la API",
        "dissemination": "public",
        **extra,
    }
    return client.post(PRODUCTS, data)


def test_a_pdf_uploaded_through_the_api_is_found_by_the_search_api(cast):
    response = create(
        cast.client("editor_a"), cast, files=[upload("Síntesis de las evaluaciones de 2019")]
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["files"][0]["name"] == "informe.pdf"
    assert body["files"][0]["media_type"] == "application/pdf"
    found = cast.client("anonymous").get(SEARCH, {"q": "evaluación", "type": "product"}).json()
    assert found["count"] == 1
    (hit,) = found["results"]
    assert hit["type"] == "product"
    assert hit["title"] == "Informe de la API"
    assert hit["url"].endswith(body["url"])
    assert "<mark>evaluaciones</mark>" in hit["snippet"]


def test_refused_uploads_answer_400_naming_the_file(cast, settings):
    client = cast.client("editor_a")
    fake = SimpleUploadedFile("informe.pdf", b"plain text", content_type="application/pdf")
    response = create(client, cast, files=[fake])
    assert response.status_code == 400
    assert "informe.pdf" in str(response.json()["files"])
    settings.KNOWLEDGE_MAX_FILE_BYTES = 100
    response = create(client, cast, files=[upload("evaluación " * 30)])
    assert response.status_code == 400
    assert not KnowledgeProduct.objects.filter(title_es="Informe de la API").exists()


def test_internal_product_is_404_and_absent_for_anonymous_and_outsiders(cast):
    product = ProductFactory(program=cast.program, dissemination="internal", title_es="Secreto")
    for role in ("anonymous", "outsider"):
        client = cast.client(role)
        assert client.get(f"{PRODUCTS}{product.pk}/").status_code == 404
        listed = [p["id"] for p in client.get(PRODUCTS).json()["results"]]
        assert product.pk not in listed
    assert cast.client("viewer_a").get(f"{PRODUCTS}{product.pk}/").status_code == 200


def test_a_file_added_and_removed_by_patch(cast):
    client = cast.client("editor_a")
    product_id = create(client, cast).json()["id"]
    url = f"{PRODUCTS}{product_id}/"
    added = client.patch(
        url, encode_multipart(BOUNDARY, {"files": [upload("anexo")]}), MULTIPART_CONTENT
    )
    assert added.status_code == 200, added.content
    (stored,) = added.json()["files"]
    assert stored["name"] == "informe.pdf"
    removed = client.patch(url, json.dumps({"remove_files": [stored["id"]]}), "application/json")
    assert removed.status_code == 200, removed.content
    assert removed.json()["files"] == []


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"initiative": "1"}, {"type": "nothing"}, {"level": "secret"}],
)
def test_bad_search_filters_answer_400(cast, params):
    assert cast.client("anonymous").get(SEARCH, {"q": "x", **params}).status_code == 400


def test_sql_looking_query_is_just_words(cast):
    ProductFactory(program=cast.program, title_es="Drop table de evaluaciones")
    response = cast.client("anonymous").get(SEARCH, {"q": "x'); DROP TABLE search_searchentry;--"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
