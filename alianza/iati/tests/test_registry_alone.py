"""The registry stands on its own: an agency imports its IATI data without choosing a
program (the command, the upload page, the API), the activities wait under no program, seen
by administrators (and by everyone once public), and a program links the ones that belong to
it into its own registry."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from alianza.audit.models import ChangeRecord
from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE
from alianza.programs.models import Program
from alianza.registry import services as registry
from alianza.registry.models import Activity

pytestmark = pytest.mark.django_db

IDENTIFIER = "AA-AAA-123456789-ABC123"


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


def test_import_iati_on_an_empty_database_needs_no_program(capsys, settings):
    settings.REGISTRY_DEFAULT_PROGRAM = ""
    assert not Program.objects.exists()
    call_command("import_iati", str(ACTIVITY_EXAMPLE), "--no-progress")
    assert "1 created" in capsys.readouterr().out
    activity = Activity.objects.get(iati_identifier=IDENTIFIER)
    assert activity.program is None and not activity.is_public
    before = ChangeRecord.objects.count()
    call_command("import_iati", str(ACTIVITY_EXAMPLE), "--no-progress")
    assert "1 unchanged" in capsys.readouterr().out
    assert ChangeRecord.objects.count() == before


def test_import_iati_names_an_unknown_program_and_how_to_do_without(settings):
    from django.core.management.base import CommandError

    settings.REGISTRY_DEFAULT_PROGRAM = ""
    with pytest.raises(CommandError, match="leave --program out"):
        call_command("import_iati", str(ACTIVITY_EXAMPLE), "--program", "NOPE", "--no-progress")


@pytest.fixture
def unassigned(cast, settings):
    """An activity imported under no program, published by the administrator."""
    settings.REGISTRY_DEFAULT_PROGRAM = ""
    call_command("import_iati", str(ACTIVITY_EXAMPLE), "--no-progress", verbosity=0)
    return Activity.objects.get(iati_identifier=IDENTIFIER)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "viewer_a", "coordinator_a"])
def test_an_unpublished_activity_of_no_program_is_for_administrators(cast, unassigned, role):
    url = f"/registry/activities/{unassigned.pk}/"
    assert cast.client(role).get(url).status_code in (302, 404)
    assert cast.client("superuser").get(url).status_code == 200
    listed = cast.client(role).get("/api/v1/activities/").json()
    assert IDENTIFIER not in str(listed)


def test_a_published_activity_of_no_program_is_for_everyone(cast, unassigned):
    registry.activity_set_public(activity=unassigned, is_public=True, actor=cast.users["superuser"])
    html = cast.client("anonymous").get(f"/registry/activities/{unassigned.pk}/").content
    assert b'data-testid="no-program"' in html


def test_only_an_administrator_imports_or_publishes_under_no_program(cast, unassigned):
    with pytest.raises(PermissionDenied):
        registry.activity_set_public(
            activity=unassigned, is_public=True, actor=cast.users["coordinator_a"]
        )
    with open(ACTIVITY_EXAMPLE, "rb") as handle:
        refused = cast.client("coordinator_a").post("/api/v1/iati-imports/", {"file": handle})
    assert refused.status_code == 403
    with open(ACTIVITY_EXAMPLE, "rb") as handle:
        started = cast.client("superuser").post("/api/v1/iati-imports/", {"file": handle})
    assert started.status_code == 202
    assert started.json()["program"] is None


def test_the_upload_page_offers_no_program_to_administrators_only(cast):
    admin = (
        cast.client("superuser")
        .get("/iati/imports/new/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "No program: the registry of the installation" in admin
    editor = (
        cast.client("editor_a")
        .get("/iati/imports/new/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "No program: the registry of the installation" not in editor


def test_a_program_links_an_activity_of_no_program_into_its_registry(cast, unassigned):
    registry.activity_set_public(activity=unassigned, is_public=True, actor=cast.users["superuser"])
    url = "/programs/TEST/registry/link/"
    page = cast.client("editor_a").get(f"/registry/activities/{unassigned.pk}/").content
    assert b'data-testid="link-program"' in page
    assert cast.client("viewer_a").post(url, {"activity": unassigned.pk}).status_code == 403
    response = cast.client("editor_a").post(url, {"activity": unassigned.pk})
    assert response.status_code == 302
    unassigned.refresh_from_db()
    assert unassigned.program == cast.program
    record = ChangeRecord.objects.get(action="registry.activity.link_program")
    assert record.program_id == cast.program.pk
    # Linked once: it is the program's now, and not taken again.
    page = cast.client("editor_a").get(f"/registry/activities/{unassigned.pk}/").content
    assert b'data-testid="link-program"' not in page
    with pytest.raises(PermissionDenied):
        registry.activity_link_program(
            activity=unassigned, program=cast.program, actor=cast.users["superuser"]
        )


def test_an_editor_cannot_link_an_activity_they_cannot_see(cast, unassigned):
    with pytest.raises(PermissionDenied):
        registry.activity_link_program(
            activity=unassigned, program=cast.program, actor=cast.users["editor_a"]
        )
    response = cast.client("editor_a").post(
        "/programs/TEST/registry/link/", {"activity": unassigned.pk}
    )
    assert response.status_code == 404
    unassigned.refresh_from_db()
    assert unassigned.program is None
