from __future__ import annotations

from pathlib import Path

import pytest

from alianza.accounts.services import system_user
from alianza.programs.tests.factories import ProgramFactory

DATA = Path(__file__).resolve().parent / "data"
SCHEMA_TESTS = DATA / "schema-tests"
EXAMPLES = DATA / "examples"
ACTIVITY_EXAMPLE = EXAMPLES / "activity-standard-example-annotated.xml"
ORGANISATION_EXAMPLE = EXAMPLES / "organisation-standard-example-annotated.xml"


@pytest.fixture
def actor(db):
    return system_user()


@pytest.fixture
def program(db):
    return ProgramFactory(code="REG", is_public=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, whatever the catalogue translates."""
    from django.utils import translation

    with translation.override("en"):
        yield
