"""The public portal: pages without login in both languages, what search engines read, and
nothing internal or targeted, whoever asks."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from alianza.initiatives.tests.factories import InitiativeFactory
from alianza.portal.selectors import DATA_FILES, LANGUAGES
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory
from alianza.registry.tests.factories import make_activity
from alianza.registry.text import narratives

pytestmark = pytest.mark.django_db

PAGES = ("portal:program", "portal:initiatives", "portal:flagships", "portal:figures")
PAGES += ("portal:products", "portal:open_data")


def _url(name: str, lang: str, code: str | None = None) -> str:
    from django.urls import reverse

    kwargs = {"lang": lang} | ({"code": code} if code else {})
    return reverse(name, kwargs=kwargs)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(cast):
    """The cast's program with a public and an internal registry activity, and products of
    each dissemination level (a public one made by the internal initiative)."""
    from alianza.accounts.services import system_user
    from alianza.knowledge.choices import DisseminationLevel
    from alianza.knowledge.services import product_create
    from alianza.knowledge.tests.factories import AudienceFactory, ProductFactory
    from alianza.knowledge.tests.files import pdf_bytes

    program = cast.program
    product_create(
        program=program,
        data={
            "number": 1,
            "kind": "manual",
            "language": "es",
            "title_es": "Manual abierto",
            "title_en": "Open manual",
            "dissemination": DisseminationLevel.PUBLIC,
            "licence": "cc_by_4",
        },
        actor=system_user(),
        files=[(io.BytesIO(pdf_bytes("manual")), "manual.pdf")],
    )
    ProductFactory(
        program=program,
        number=2,
        title_en="Reserved report",
        title_es="Informe reservado",
        dissemination=DisseminationLevel.INTERNAL,
    )
    ProductFactory(
        program=program,
        number=3,
        title_en="Targeted guide",
        title_es="Guía dirigida",
        dissemination=DisseminationLevel.TARGETED,
        audiences=[AudienceFactory(program=program)],
    )
    ProductFactory(
        program=program,
        number=4,
        title_en="Open video",
        title_es="Video abierto",
        initiative=cast.internal_initiative,
    )
    make_activity(
        cast.program,
        "XM-TEST-PUBLIC",
        title=narratives(es="Actividad abierta", en="Open activity"),
    )
    make_activity(
        cast.program,
        "XM-TEST-SECRET",
        is_public=False,
        title=narratives(es="Actividad reservada", en="Reserved activity"),
    )
    return cast


def _everything_public(client: Client, code: str) -> str:
    """Every page and file of the program's portal, in both languages, as one text."""
    texts = []
    for lang in LANGUAGES:
        for name in PAGES:
            response = client.get(_url(name, lang, code))
            assert response.status_code == 200, (name, lang)
            texts.append(response.content.decode())
        for data_file in DATA_FILES:
            if data_file.fmt == "csv":
                url = _url("portal:open_data", lang, code) + f"{data_file.key}.csv"
                response = client.get(url)
                assert response.status_code == 200, url
                texts.append(response.content.decode("utf-8-sig"))
    texts.append(client.get("/api/v1/open-data/").content.decode())
    return "\n".join(texts)


@pytest.mark.parametrize("role", ["anonymous", "coordinator_a", "superuser"])
def test_portal_shows_public_records_and_never_internal_ones(world, role):
    client = world.client(role) if role != "anonymous" else Client()
    text = _everything_public(client, world.program.code)
    assert world.public_initiative.title_en in text
    assert "Open activity" in text or "Actividad abierta" in text
    assert "Open manual" in text and "Manual abierto" in text and "Open video" in text
    for hidden in ("Reserved report", "Informe reservado", "Targeted guide", "Guía dirigida"):
        assert hidden not in text
    # Partner members and administrators signed in see what the public sees, no more.
    assert world.internal_initiative.title_en not in text
    assert "XM-TEST-SECRET" not in text
    assert "Reserved activity" not in text and "Actividad reservada" not in text


def test_portal_refuses_a_program_that_is_not_public(cast):
    private = ProgramFactory(code="HIDDEN", is_public=False, name_en="Hidden program")
    PartnershipFactory(program=private, institution=cast.partner_a)
    InitiativeFactory(program=private, number=1, title_en="Hidden work", is_public=True)
    for client in (Client(), cast.client("coordinator_a"), cast.client("superuser")):
        for name in PAGES:
            assert client.get(_url(name, "en", "HIDDEN")).status_code == 404
        assert (
            client.get(_url("portal:open_data", "en", "HIDDEN") + "initiatives.csv").status_code
            == 404
        )
        listing = client.get(_url("portal:index", "en")).content.decode()
        assert "Hidden program" not in listing
        assert "HIDDEN" not in client.get("/api/v1/open-data/").content.decode()
    assert cast.program.name_en in Client().get(_url("portal:index", "en")).content.decode()


def test_an_unknown_language_or_file_is_not_found(cast):
    client = Client()
    assert client.get(f"/public/fr/{cast.program.code}/").status_code == 404
    assert (
        client.get(_url("portal:open_data", "en", cast.program.code) + "users.csv").status_code
        == 404
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_page_has_canonical_alternates_and_previews(cast, lang):
    client = Client()
    for name in PAGES + ("portal:index",):
        code = cast.program.code if name != "portal:index" else None
        response = client.get(_url(name, lang, code))
        html = response.content.decode()
        path = _url(name, lang, code)
        assert response["Content-Language"] == lang
        assert f'<html lang="{lang}">' in html
        assert f'<link rel="canonical" href="http://testserver{path}">' in html
        for other in LANGUAGES:
            alternate = _url(name, other, code)
            assert f'hreflang="{other}" href="http://testserver{alternate}"' in html
        assert 'hreflang="x-default"' in html
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        og_title = re.search(r'<meta property="og:title" content="([^"]*)"', html).group(1)
        assert og_title and og_title in title
        description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        assert description
        assert f'<meta property="og:url" content="http://testserver{path}">' in html


def test_pages_follow_the_url_language_not_the_cookie(cast):
    client = Client()
    client.cookies["django_language"] = "en"
    spanish = client.get(_url("portal:open_data", "es", cast.program.code)).content.decode()
    assert "Datos abiertos" in spanish
    client.cookies["django_language"] = "es"
    english = client.get(_url("portal:open_data", "en", cast.program.code)).content.decode()
    assert "Open data" in english and "Datos abiertos" not in english


def test_initiatives_csv_has_the_public_rows_in_the_url_language(cast):
    client = Client()
    for lang, header in (("es", "Número"), ("en", "Number")):
        url = _url("portal:open_data", lang, cast.program.code) + "initiatives.csv"
        rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        assert rows[0][0] == header
        assert [r[0] for r in rows[1:]] == [str(cast.public_initiative.number)]


def test_registry_figures_count_public_activities_only(world):
    html = Client().get(_url("portal:figures", "en", world.program.code)).content.decode()
    assert "1 public activity in the cooperation registry." in html
    assert html.count("<svg") >= 1


def test_open_data_api_lists_both_languages_and_is_documented(cast):
    response = Client().get("/api/v1/open-data/", {"program": cast.program.code})
    assert response.status_code == 200
    (entry,) = response.json()
    assert entry["code"] == cast.program.code
    assert set(entry["portal"]) == set(LANGUAGES)
    keys = {(f["key"], f["language"]) for f in entry["files"]}
    assert keys == {(f.key, lang) for f in DATA_FILES for lang in LANGUAGES}
    for item in entry["files"]:
        if item["format"] == "csv":
            assert Client().get(item["url"]).status_code == 200
    detail = Client().get(f"/api/v1/open-data/{cast.program.code}/")
    assert detail.json()["code"] == cast.program.code
    assert Client().get("/api/v1/open-data/NOPE/").status_code == 404
    schema = Client().get("/api/v1/schema/").content.decode()
    assert "/api/v1/open-data/" in schema


def test_public_product_files_download_from_the_portal(world):
    client = Client()
    html = client.get(_url("portal:products", "en", world.program.code)).content.decode()
    links = re.findall(r'href="([^"]*/files/\d+/)"', html)
    assert len(links) == 1
    response = client.get(links[0])
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    url = _url("portal:open_data", "en", world.program.code) + "products.csv"
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert sorted(r[1] for r in rows[1:]) == ["Open manual", "Open video"]
    assert rows[1:][[r[1] for r in rows[1:]].index("Open manual")][-1].endswith(links[0])
    # A public product of an internal initiative: the product is listed, the initiative not.
    assert all(r[7] == "" for r in rows[1:])


@pytest.mark.parametrize("name", ["portal:initiatives", "portal:products", "portal:flagships"])
def test_query_counts_do_not_grow_with_rows(cast, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alianza.initiatives.tests.factories import PeriodFactory
    from alianza.knowledge.tests.factories import ProductFactory

    url = _url(name, "en", cast.program.code)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        return len(queries)

    ProductFactory(program=cast.program, number=1, initiative=cast.public_initiative)
    before = count()
    for number in range(10, 15):
        initiative = InitiativeFactory(program=cast.program, number=number, is_public=True)
        PeriodFactory(initiative=initiative)
        ProductFactory(program=cast.program, number=number, initiative=initiative)
    assert count() == before


def test_sitemap_lists_each_public_page_in_each_language(cast):
    from lxml import etree

    private = ProgramFactory(code="HIDDEN", is_public=False)
    response = Client().get("/public/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(response.content, parser=parser)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    for lang in LANGUAGES:
        for name in PAGES:
            assert f"http://testserver{_url(name, lang, cast.program.code)}" in locations
    assert not [loc for loc in locations if f"/{private.code}/" in loc]
