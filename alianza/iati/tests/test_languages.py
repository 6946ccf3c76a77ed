"""An import's status, summary, outcomes and issues are shown in the reader's language,
whoever sent the file: they are kept as messages and values, not as frozen text."""

from __future__ import annotations

import io

import pytest

from alianza.iati.models import ImportJob
from alianza.iati.tests.test_import import activity, iati

pytestmark = pytest.mark.django_db


def send(cast, content: bytes, *, language: str):
    handle = io.BytesIO(content)
    handle.name = "activities.xml"
    client = cast.client("editor_a")
    client.cookies["django_language"] = language
    response = client.post("/iati/imports/new/", {"program": cast.program.pk, "file": handle})
    assert response.status_code == 302
    return ImportJob.objects.get(), response.url


def read(cast, url: str, language: str) -> str:
    client = cast.client("editor_a")
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_a_refused_file_says_refused_in_spanish_though_sent_in_english(cast):
    job, url = send(
        cast, b'<?xml version="1.0"?>\n<iati-activities version="2.03">\n<oops>', language="en"
    )
    assert job.refused and job.status == "done"
    spanish = read(cast, url, "es")
    assert 'data-testid="import-status">Rechazado<' in spanish
    assert "Rechazado: El archivo no es XML bien formado" in spanish
    assert "Cumplido" not in spanish and "not well-formed" not in spanish
    english = read(cast, url, "en")
    assert 'data-testid="import-status">Refused<' in english
    assert "Refused: The file is not well-formed XML" in english
    listing = read(cast, "/iati/imports/", "es")
    assert "Rechazado: El archivo no es XML bien formado" in listing


def test_an_import_summary_and_its_issues_follow_the_readers_language(cast):
    text = iati(activity("MX-AMX-1"), activity("OTHER-2"))
    job, url = send(cast, text.encode(), language="es")
    assert not job.refused
    english = read(cast, url, "en")
    assert "2 created, 0 updated, 0 unchanged, 0 rejected" in english
    assert "does not start with the reporting organisation&#x27;s identifier" in english
    spanish = read(cast, url, "es")
    assert "2 creadas, 0 modificadas, 0 sin cambios, 0 rechazadas" in spanish
    assert "no empieza con el identificador de la organización informante" in spanish
    assert "<td>creado</td>" in spanish and "<td>created</td>" not in spanish
    api = cast.client("editor_a")
    api.cookies["django_language"] = "es"
    report = api.get(f"/api/v1/iati-imports/{job.pk}/report/").json()
    assert report["summary"].startswith("2 creadas") and report["refused"] is False
    assert {a["outcome"] for a in report["activities"]} == {"created"}
