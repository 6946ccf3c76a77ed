"""Hostile IATI files on both upload routes (the import page and the API): every one is
refused with a message saying why, and nothing is written to the registry or the audit
trail. The files are generated here (alianza/core/tests/hostile_files)."""

from __future__ import annotations

import codecs
import functools
import io

import pytest

from alianza.audit.models import ChangeRecord
from alianza.core.tests import hostile_files as hostile
from alianza.iati.models import ImportJob
from alianza.registry.models import Activity

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']>\n<iati-activities version="2.03">&lol9;</iati-activities>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    '<iati-activities version="2.03"><iati-activity>&e;</iati-activity></iati-activities>'
)
PARAMETER_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd">'
    '%remote;]>\n<iati-activities version="2.03"/>'
)
EXTERNAL_DTD_UTF16 = (
    '<?xml version="1.0" encoding="UTF-16"?>'
    '<!DOCTYPE x SYSTEM "http://example.org/x.dtd"><iati-activities version="2.03"/>'
)


@functools.cache
def payload(case: str) -> bytes:
    builders = {
        "billion laughs": lambda: BILLION_LAUGHS.encode(),
        "external entity": lambda: EXTERNAL_ENTITY.encode(),
        "external parameter entity": lambda: PARAMETER_ENTITY.encode(),
        "external DTD in UTF-16": lambda: (
            codecs.BOM_UTF16_LE + EXTERNAL_DTD_UTF16.encode("utf-16-le")
        ),
        "gzip bomb": hostile.gzip_bomb,
        "zip bomb": hostile.zip_bomb,
        "zip bomb, lying header": lambda: hostile.zip_bomb(lie_to=1000),
        "zip with 20,000 members": lambda: hostile.zip_of(20_000),
        "nested zip": hostile.nested_zip,
        "binary garbage": hostile.garbage,
        "a spreadsheet instead": lambda: hostile.workbook(["IATI identifier"], ["MX-1"]),
    }
    return builders[case]()


REFUSALS = {
    "billion laughs": "declares a DOCTYPE",
    "external entity": "declares a DOCTYPE",
    "external parameter entity": "declares a DOCTYPE",
    "external DTD in UTF-16": "declares a DOCTYPE",
    "gzip bomb": "expands to more than 60,000,000 bytes",
    "zip bomb": "more than 60,000,000 bytes is refused",
    "zip bomb, lying header": "The ZIP file cannot be read",
    "zip with 20,000 members": "The ZIP file holds 20,000 files",
    "nested zip": "not well-formed XML",
    "binary garbage": "not well-formed XML",
    "a spreadsheet instead": "The ZIP file holds",
}
NAMES = {
    "gzip bomb": "activities.xml.gz",
    "binary garbage": "activities.xml",
}


def nothing_written() -> bool:
    return not Activity.objects.exists() and not ChangeRecord.objects.exists()


def english(cast):
    """The editor, reading in English (the messages are shown in the reader's language)."""
    client = cast.client("editor_a")
    client.cookies["django_language"] = "en"
    return client


def post_page(cast, content: bytes, name: str):
    handle = io.BytesIO(content)
    handle.name = name
    client = cast.client("editor_a")
    client.cookies["django_language"] = "en"
    return client.post("/iati/imports/new/", {"program": cast.program.pk, "file": handle})


def post_api(cast, content: bytes, name: str):
    handle = io.BytesIO(content)
    handle.name = name
    client = cast.client("editor_a")
    client.cookies["django_language"] = "en"
    return client.post("/api/v1/iati-imports/", {"program": cast.program.code, "file": handle})


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("case", list(REFUSALS))
def test_the_import_page_refuses_a_hostile_file_and_writes_nothing(cast, case):
    response = post_page(cast, payload(case), NAMES.get(case, "activities.zip"))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == "done" and job.summary.startswith("Refused:")
    assert REFUSALS[case] in job.summary, job.summary
    page = english(cast).get(response.url)
    assert REFUSALS[case] in page.content.decode()
    assert nothing_written()


@pytest.mark.parametrize("case", list(REFUSALS))
def test_the_api_refuses_a_hostile_file_and_writes_nothing(cast, case):
    response = post_api(cast, payload(case), NAMES.get(case, "activities.zip"))
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "done"
    report = english(cast).get(job["report"]).json()
    assert REFUSALS[case] in report["summary"]
    assert any(REFUSALS[case] in issue["message"] for issue in report["issues"])
    assert nothing_written()


def test_an_empty_file_is_refused_on_both_routes(cast):
    page = post_page(cast, b"", "empty.xml")
    assert page.status_code == 400 and "empty" in str(page.context["form"].errors["file"])
    api = post_api(cast, b"", "empty.xml")
    assert api.status_code == 400 and "empty" in str(api.json()["file"])
    assert not ImportJob.objects.exists() and nothing_written()


def test_a_file_over_the_size_limit_is_refused_before_a_job_exists(cast, settings):
    settings.IATI_MAX_FILE_BYTES = 1000
    content = b"<iati-activities>" + b" " * 2000 + b"</iati-activities>"
    page = post_page(cast, content, "big.xml")
    assert page.status_code == 400
    assert "files over 1,000 bytes are refused" in str(page.context["form"].errors["file"])
    api = post_api(cast, content, "big.xml")
    assert api.status_code == 400 and "files over 1,000 bytes are refused" in api.json()["file"][0]
    assert not ImportJob.objects.exists() and nothing_written()
