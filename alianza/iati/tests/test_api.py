"""IATI under /api/v1/: start an import, follow its status, read its report; exports."""

from __future__ import annotations

import pytest

from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE
from alianza.registry.models import Activity
from alianza.registry.tests.factories import make_activity

pytestmark = pytest.mark.django_db


def _start(cast, **extra):
    with open(ACTIVITY_EXAMPLE, "rb") as handle:
        return cast.client("editor_a").post(
            "/api/v1/iati-imports/", {"program": "TEST", "file": handle, **extra}
        )


def test_api_import_starts_a_job_and_reports_its_outcome(cast):
    response = _start(cast)
    assert response.status_code == 202
    job = response.json()
    status = cast.client("editor_a").get(job["url"]).json()
    assert (status["status"], status["percent"], status["counts"]["created"]) == ("done", 100, 1)
    report = cast.client("editor_a").get(job["report"]).json()
    assert report["activities"][0]["identifier"] == "AA-AAA-123456789-ABC123"
    assert any(i["kind"] == "rule" for i in report["issues"])
    assert Activity.objects.filter(program=cast.program).count() == 1


def test_api_dry_run_import_writes_nothing(cast):
    job = _start(cast, dry_run="true").json()
    assert job["counts"]["would_create"] == 1
    assert not Activity.objects.exists()


def test_api_import_refuses_an_oversized_file_naming_the_field(cast, settings):
    settings.IATI_MAX_FILE_BYTES = 100
    response = _start(cast)
    assert response.status_code == 400
    assert "se rechazan los archivos de más de 100 bytes" in response.json()["file"][0]


def test_api_import_of_an_unknown_program_is_a_field_error(cast):
    with open(ACTIVITY_EXAMPLE, "rb") as handle:
        response = cast.client("editor_a").post(
            "/api/v1/iati-imports/", {"program": "NOPE", "file": handle}
        )
    assert response.status_code == 400 and "program" in response.json()


def test_api_export_of_activities_takes_the_registry_filters(cast):
    make_activity(cast.program, "XM-A")
    make_activity(cast.program, "XM-B", modality="triangular")
    response = cast.client("anonymous").get("/api/v1/iati-exports/activities/?modality=triangular")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == "application/xml"
    assert "XM-B" in body and "XM-A" not in body


def test_api_export_answers_422_with_the_problems_when_invalid(cast):
    make_activity(cast.program, "XM-A", descriptions=[])
    response = cast.client("anonymous").get("/api/v1/iati-exports/activities/")
    assert response.status_code == 422
    assert response.json()["problems"][0][0] == "XM-A"


def test_api_export_of_an_organisation_file(cast):
    make_activity(cast.program, "XM-A")
    response = cast.client("anonymous").get("/api/v1/iati-exports/organisations/MX-TEST-ORG/")
    body = b"".join(response.streaming_content).decode()
    assert "<organisation-identifier>MX-TEST-ORG</organisation-identifier>" in body
