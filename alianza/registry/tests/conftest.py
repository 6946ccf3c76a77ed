import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, whatever the catalogue translates."""
    with translation.override("en"):
        yield
