"""Stored XSS through imported links: an IATI document-link with a `javascript:` address is
imported (the data is kept), flagged by data quality, and shown as text, never as a link."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from alianza.iati.tests.test_import import activity, iati, run
from alianza.registry.models import Activity

pytestmark = pytest.mark.django_db

PAYLOAD = "javascript:document.title='pwned'"
DOCUMENT_LINKS = f"""
  <document-link format="text/html" url="{PAYLOAD}">
    <title><narrative>Informe anual</narrative></title>
    <category code="A01"/>
  </document-link>
  <document-link format="application/pdf" url="https://example.org/evaluation.pdf">
    <title><narrative>Evaluación</narrative></title>
    <category code="A01"/>
  </document-link>"""


def import_with_links(tmp_path, program, actor) -> Activity:
    run(tmp_path, iati(activity(extra=DOCUMENT_LINKS)), program, actor, make_public=True)
    return Activity.objects.get()


def test_a_javascript_document_link_is_shown_as_text_on_the_public_page(tmp_path, program, actor):
    record = import_with_links(tmp_path, program, actor)
    response = Client().get(record.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"href=[\"']?\s*javascript:", html, re.I)
    assert "<code>javascript:document.title=&#x27;pwned&#x27;</code>" in html
    assert re.search(r'<a href="https://example.org/evaluation.pdf"[^>]*>Evaluación</a>', html)


def test_data_quality_flags_a_document_link_that_is_not_a_web_address(tmp_path, program, actor):
    report = run(tmp_path, iati(activity(extra=DOCUMENT_LINKS)), program, actor)
    issues = [i for i in report.items[0].issues if i.path.endswith("/@url")]
    assert [(i.kind, i.severity, i.path) for i in issues] == [
        ("rule", "warning", "document-link[1]/@url")
    ]
    assert "'javascript'" in issues[0].text and "shown as text" in issues[0].text


def test_data_quality_flags_a_result_document_link(tmp_path, program, actor):
    result = """
  <result type="1"><title><narrative>Resultado</narrative></title>
    <document-link format="text/html" url="data:text/html,x">
      <title><narrative>Anexo</narrative></title><category code="A01"/>
    </document-link>
    <indicator measure="1"><title><narrative>Indicador</narrative></title></indicator>
  </result>"""
    report = run(tmp_path, iati(activity(extra=result)), program, actor)
    paths = [i.path for i in report.items[0].issues if i.path.endswith("/@url")]
    assert paths == ["result[1]/document-link[1]/@url"]
