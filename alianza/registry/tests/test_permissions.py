# ruff: noqa: E501
"""Who sees and does what in the registry and the IATI pages: every page and endpoint,
every role of the shared cast. Deny by default; a record one may not see answers 404."""

from __future__ import annotations

import copy
import logging

import pytest

from alianza.conftest import EDITOR_ROLES, PARTNER_ROLES, ROLES, build_cast, built_once
from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE
from alianza.registry.tests.factories import make_activity

pytestmark = pytest.mark.django_db


@built_once
def _world():
    cast = build_cast()
    cast.log_in_once()
    public = make_activity(cast.program, "XM-TEST-PUBLIC", is_public=True)
    internal = make_activity(cast.program, "XM-TEST-INTERNAL", is_public=False)
    return cast, public.pk, internal.pk


@pytest.fixture
def world(_world, db):
    cast, public, internal = _world
    return copy.deepcopy(cast), public, internal


@pytest.fixture(autouse=True)
def _quiet(caplog, settings, tmp_path):
    caplog.set_level(logging.ERROR, logger="django.request")
    settings.MEDIA_ROOT = tmp_path


def _identifiers(response) -> list[str]:
    import re

    return re.findall(r'data-identifier="([^"]+)"', response.content.decode())


@pytest.mark.parametrize("role", ROLES)
def test_activity_list_shows_internal_activities_to_partners_only(world, role):
    cast, _public, _internal = world
    response = cast.client(role).get("/registry/")
    assert response.status_code == 200
    expected = (
        ["XM-TEST-INTERNAL", "XM-TEST-PUBLIC"] if role in PARTNER_ROLES else ["XM-TEST-PUBLIC"]
    )
    assert _identifiers(response) == expected


@pytest.mark.parametrize("role", ROLES)
def test_public_activity_page_is_readable_by_everyone(world, role):
    cast, public, _internal = world
    assert cast.client(role).get(f"/registry/activities/{public}/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_activity_quality_page_follows_activity_visibility(world, role):
    cast, _public, internal = world
    response = cast.client(role).get(f"/iati/quality/activities/{internal}/")
    assert response.status_code == (200 if role in PARTNER_ROLES else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_activity_list_hides_internal_activities_from_non_partners(world, role):
    cast, _public, _internal = world
    response = cast.client(role).get("/api/v1/activities/")
    found = [a["iati_identifier"] for a in response.json()["results"]]
    assert found == (
        ["XM-TEST-INTERNAL", "XM-TEST-PUBLIC"] if role in PARTNER_ROLES else ["XM-TEST-PUBLIC"]
    )


@pytest.mark.parametrize("role", ROLES)
def test_api_activity_list_refuses_writes(world, role):
    cast, _public, _internal = world
    response = cast.client(role).post("/api/v1/activities/", {}, content_type="application/json")
    assert response.status_code in (401, 403, 405)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url",
    ["/registry/map/", "/registry/network/", "/registry/network/data/", "/registry/map/data/"],
)
def test_map_and_network_count_only_what_the_user_may_see(world, role, url):
    cast, _public, _internal = world
    response = cast.client(role).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    if url.endswith("map/data/"):
        chiapas = next(s for s in response.json()["subdivisions"] if s["subdivision"] == "MX-CHP")
        assert chiapas["activities"] == (2 if role in PARTNER_ROLES else 1)
    elif url.endswith("network/data/"):
        top = max(n["activities"] for n in response.json()["nodes"])
        assert top == (2 if role in PARTNER_ROLES else 1)
    elif url == "/registry/map/":
        import re

        shown = re.search(
            r'data-subdivision="MX-CHP"><path [^>]*data-activities="(\d+)"', text
        ).group(1)
        assert int(shown) == (2 if role in PARTNER_ROLES else 1)
    else:
        expected = 2 if role in PARTNER_ROLES else 1
        assert (
            f'<code>MX-TEST-ORG</code></td><td>MX</td><td class="text-end">{expected}</td>' in text
        )


@pytest.mark.parametrize("role", ROLES)
def test_api_import_start_is_for_editing_partners(world, role):
    cast, _public, _internal = world
    with open(ACTIVITY_EXAMPLE, "rb") as handle:
        response = cast.client(role).post(
            "/api/v1/iati-imports/", {"program": "TEST", "file": handle, "dry_run": "true"}
        )
    expected = 202 if role in EDITOR_ROLES else (403 if role != "anonymous" else 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_import_reports_are_for_partners_only(world, role):
    cast, _public, _internal = world
    from alianza.iati import services

    job = services.import_job_create(
        program=cast.program,
        actor=cast.users["editor_a"],
        source_name="example.xml",
        path=ACTIVITY_EXAMPLE,
        dry_run=True,
    )
    services.import_job_run(job.pk)
    page = cast.client(role).get(f"/iati/imports/{job.pk}/")
    api = cast.client(role).get(f"/api/v1/iati-imports/{job.pk}/report/")
    if role in PARTNER_ROLES:
        assert (page.status_code, api.status_code) == (200, 200)
    else:
        assert page.status_code == (302 if role == "anonymous" else 404)
        assert api.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
def test_exports_leave_out_what_the_user_may_not_see(world, role):
    cast, _public, _internal = world
    response = cast.client(role).get("/iati/export/activities.xml")
    body = b"".join(response.streaming_content).decode()
    assert "XM-TEST-PUBLIC" in body
    assert ("XM-TEST-INTERNAL" in body) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_initiative_link_is_for_editing_partners(world, role):
    cast, _public, _internal = world
    response = cast.client(role).post(
        "/programs/TEST/initiatives/1/registry-links/",
        {"activity": "XM-TEST-PUBLIC", "relation": "served"},
    )
    from alianza.registry.models import InitiativeLink

    linked = InitiativeLink.objects.filter(activity__iati_identifier="XM-TEST-PUBLIC").exists()
    assert linked == (role in EDITOR_ROLES)
    if role == "anonymous":
        assert response.status_code == 302
    elif role not in EDITOR_ROLES:
        assert response.status_code == 403
