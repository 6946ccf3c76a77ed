"""No page asks for an icon that does not exist."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client


def test_favicon_ico_leads_to_the_shipped_icon(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".ico")
    found = finders.find("img/favicon.ico")
    assert found and Path(found).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_link_the_icons_that_ship(db):
    page = Client().get("/").content.decode()
    for name in ("img/favicon.ico", "img/favicon.svg"):
        assert f'href="{settings.STATIC_URL}{name}' in page or name in page
        assert finders.find(name)
