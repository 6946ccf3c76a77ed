"""Capability apps extend the program tabs, the initiative API and page through registries."""

import pytest
from rest_framework import serializers

from alianza.core import extensions
from alianza.core.extensions import (
    InitiativeField,
    InitiativePanel,
    MenuItem,
    ProgramSection,
    ProgramTab,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_registries():
    saved = {
        name: list(getattr(extensions, name)._items)
        for name in (
            "program_tabs",
            "program_sections",
            "main_menu",
            "initiative_fields",
            "initiative_panels",
        )
    }
    yield
    for name, items in saved.items():
        getattr(extensions, name)._items = items


def test_a_registered_internal_tab_shows_to_partners_only(cast, restore_registries):
    extensions.program_tabs.register(
        ProgramTab(key="extra", label="Extra tab", url_name="programs:document_list", internal=True)
    )
    assert "Extra tab" in cast.client("viewer_a").get("/programs/TEST/").content.decode()
    assert "Extra tab" not in cast.client("outsider").get("/programs/TEST/").content.decode()


def test_a_registered_field_appears_on_every_api_item_with_its_preparation(
    cast, restore_registries
):
    def prepare(queryset, request):
        return queryset.extra(select={"double_number": "initiatives_initiative.number * 2"})

    extensions.initiative_fields.register(
        InitiativeField(
            name="double_number",
            value=lambda initiative: initiative.double_number,
            prepare=prepare,
            schema=serializers.IntegerField(read_only=True),
        )
    )
    items = cast.client("viewer_a").get("/api/v1/initiatives/?program=TEST").json()["results"]
    assert {item["number"]: item["double_number"] for item in items} == {1: 2, 2: 4}
    schema = cast.client("anonymous").get("/api/v1/schema/?format=json").json()
    assert "double_number" in schema["components"]["schemas"]["Initiative"]["properties"]


def test_a_registered_panel_renders_on_the_initiative_page(
    cast, restore_registries, tmp_path, settings
):
    (tmp_path / "panel.html").write_text("<p>Panel says {{ panel.word }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    extensions.initiative_panels.register(
        InitiativePanel(
            key="word", template="panel.html", context=lambda i, user: {"word": f"hello {i.number}"}
        )
    )
    page = cast.client("viewer_a").get("/programs/TEST/initiatives/1/").content.decode()
    assert "Panel says hello 1" in page


def test_a_registered_menu_entry_shows_to_whom_it_may_concern(cast, restore_registries):
    extensions.main_menu.register(
        MenuItem(
            key="extra",
            label="Extra entry",
            url_name="audit:change_list",
            visible=lambda user: user.is_authenticated,
        )
    )
    assert "Extra entry" in cast.client("viewer_a").get("/").content.decode()
    assert "Extra entry" not in cast.client("anonymous").get("/").content.decode()


def test_a_registered_section_joins_its_tab_side_menu_on_its_pages(cast, restore_registries):
    extensions.program_sections.register(
        ProgramSection(
            key="extra",
            tab="overview",
            label="Extra section",
            url_name="programs:document_compare",
            order=30,
        )
    )
    page = cast.client("viewer_a").get("/programs/TEST/documents/compare/").content.decode()
    menu = page.split('data-testid="overview-nav"')[1].split("</nav>")[0]
    assert '<a class="nav-link active" href="/programs/TEST/documents/compare/"' in menu
    assert "Extra section" in page.split('data-testid="breadcrumb"')[1].split("</nav>")[0]
