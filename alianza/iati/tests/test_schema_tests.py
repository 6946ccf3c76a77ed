"""The official IATI schema test files behave as named: every should-pass file imports,
every should-fail file is rejected with a message naming the problem."""

from __future__ import annotations

import re

import pytest

from alianza.iati.importer import pipeline
from alianza.iati.tests.conftest import SCHEMA_TESTS

pytestmark = pytest.mark.django_db

SHOULD_PASS = sorted(p for p in SCHEMA_TESTS.rglob("*.xml") if "should-pass" in p.parts)
SHOULD_FAIL = sorted(p for p in SCHEMA_TESTS.rglob("*.xml") if "should-fail" in p.parts)


def _id(path) -> str:
    return str(path.relative_to(SCHEMA_TESTS))


def test_schema_test_files_are_all_there():
    assert len(SHOULD_PASS) == 215
    assert len(SHOULD_FAIL) == 323


@pytest.mark.parametrize("path", SHOULD_PASS, ids=_id)
def test_should_pass_file_imports(path, program, actor):
    report = pipeline.run(path, program=program, actor=actor)
    assert not report.refused, [i.text for i in report.file_issues]
    assert report.items, "no activity read"
    for item in report.items:
        assert item.outcome in (pipeline.CREATED, pipeline.UNCHANGED), item.issues
        assert [i for i in item.issues if i.severity == "error"] == []


def _errors(report) -> list[str]:
    messages = [i.text for i in report.file_issues if i.severity == "error"]
    for item in report.items:
        messages += [i.text for i in item.issues if i.severity == "error"]
    return messages


@pytest.mark.parametrize("path", SHOULD_FAIL, ids=_id)
def test_should_fail_file_is_rejected_naming_the_problem(path, program, actor):
    report = pipeline.run(path, program=program, actor=actor)
    assert report.refused or all(i.outcome == pipeline.REJECTED for i in report.items)
    messages = _errors(report)
    assert messages
    text = path.read_text()
    named = re.findall(r"Element '([\w:-]+)'|<(iati-[\w-]+)>", " ".join(messages))
    names = {a or b for a, b in named}
    assert any(f"<{name}" in text for name in names), messages
    assert all(re.search(r"[Ll]ine \d+", m) or "version" in m for m in messages), messages
