"""The registry of any country: a Chilean registry (REGISTRY_COUNTRY=CL) places activities in
Chile's regions (ISO 3166-2), refuses a Mexican state, speaks of the role of Chile and draws
Chile's map; a country whose boundaries the product does not ship gets the world map."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pycountry
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from alianza.registry import geo, services, spreadsheets
from alianza.registry.models import Activity, ActivityLocation
from alianza.registry.tests.factories import activity_data, make_activity
from alianza.registry.text import narratives

pytestmark = pytest.mark.django_db


@pytest.fixture
def chile(settings):
    settings.REGISTRY_COUNTRY = "CL"


def _refusal(cast, **overrides) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        services.activity_create(
            program=cast.program, data=activity_data(**overrides), actor=cast.users["editor_a"]
        )
    return caught.value


def test_mexicos_states_are_its_iso_3166_2_subdivisions_with_inegi_codes():
    ours = {s.code: s.national for s in geo.subdivisions("MX")}
    assert set(ours) == {s.code for s in pycountry.subdivisions.get(country_code="MX")}
    assert ours["MX-JAL"] == "14" and ours["MX-CMX"] == "09"
    assert geo.subdivision("MX-VER").name_es == "Veracruz de Ignacio de la Llave"


def test_a_chilean_registry_places_activities_in_chilean_regions(cast, chile):
    activity = make_activity(cast.program, locations=[{"ref": "CL-RM", "details": {}}])
    location = activity.locations.get()
    assert (location.subdivision, location.national_code) == ("CL-RM", "")
    assert location.subdivision_name == "Región Metropolitana de Santiago"


def test_a_chilean_registry_refuses_a_mexican_state_naming_the_field(cast, chile):
    refusal = _refusal(cast, locations=[{"ref": "MX-JAL", "details": {}}])
    (message,) = refusal.message_dict["locations"]
    assert message.startswith("Location 1: MX-JAL is a subdivision of Mexico, not of Chile")
    assert not Activity.objects.exists()


def test_a_mexican_registry_refuses_a_chilean_region_and_accepts_a_recipients(cast):
    assert "locations" in _refusal(cast, locations=[{"ref": "CL-RM", "details": {}}]).message_dict
    activity = make_activity(
        cast.program,
        recipient_countries=[{"code": "CL", "percentage": "100"}],
        locations=[{"ref": "CL-RM", "details": {}}, {"ref": "MX-JAL", "details": {}}],
    )
    assert list(activity.locations.values_list("subdivision", flat=True)) == ["CL-RM", "MX-JAL"]


def test_a_ref_that_names_no_subdivision_is_kept_unplaced(cast, chile):
    activity = make_activity(cast.program, locations=[{"ref": "KH-PNH", "details": {}}])
    assert activity.locations.get().subdivision == ""


def test_a_chilean_spreadsheet_row_with_a_mexican_state_is_refused_in_its_row(cast, chile):
    head = (
        "IATI identifier,Title (Spanish),Description (Spanish),Reporting organisation "
        "identifier,Status,Start date,Executing institution name,Role of Chile,"
        "States or regions (ISO 3166-2) or national codes"
    )
    rows = spreadsheets.process(
        "activities",
        "add",
        "f.csv",
        "\n".join(
            [
                head,
                "CL-1,Uno,Algo,CL-AGCI,2,2020-01-01,AGCI,provider,CL-RM;CL-VS",
                "CL-2,Dos,Algo,CL-AGCI,2,2020-01-01,AGCI,provider,MX-JAL",
                "CL-3,Tres,Algo,CL-AGCI,2,2020-01-01,AGCI,provider,07",
            ]
        ).encode(),
        program=cast.program,
        actor=cast.users["editor_a"],
        commit=True,
    )
    assert [r.ok for r in rows] == [True, False, False]
    column, message = rows[1].errors[0]
    assert column == "States or regions (ISO 3166-2) or national codes"
    assert "MX-JAL is a subdivision of Mexico, not of Chile" in message
    assert "'07' is not a state or region code" in rows[2].errors[0][1]
    created = Activity.objects.get()
    assert created.country_role == "provider"
    assert sorted(created.locations.values_list("subdivision", flat=True)) == ["CL-RM", "CL-VS"]


def test_pages_speak_of_the_role_of_chile_in_both_languages(cast, chile):
    activity = make_activity(cast.program, "CL-1", locations=[{"ref": "CL-RM", "details": {}}])
    client = cast.client("editor_a")
    for lang, role, filter_label in (
        ("en", "Role of Chile", "State or region (Chile)"),
        ("es", "Rol de Chile", "Estado o región (Chile)"),
    ):
        with translation.override(lang):
            page = client.get(activity.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=lang)
            listed = client.get("/registry/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        text = page.content.decode()
        assert role in text and "Mexico" not in text and "México" not in text
        assert role in listed and filter_label in listed
    assert 'data-subdivision="CL-RM"' in text


def test_the_map_draws_chiles_regions_and_links_them_to_their_activities(cast, chile):
    make_activity(cast.program, "CL-1", locations=[{"ref": "CL-RM", "details": {}}])
    make_activity(cast.program, "CL-2", locations=[{"ref": "CL-RM", "details": {}}])
    make_activity(cast.program, "CL-3", locations=[{"ref": "CL-VS", "details": {}}])
    text = cast.client("editor_a").get("/registry/map/").content.decode()
    assert 'data-testid="country-map"' in text and 'data-testid="no-country-map"' not in text
    assert text.count("<path d=") == len(geo.map_geometry()["shapes"]) == 16
    assert 'href="/registry/?subdivision=CL-RM" data-subdivision="CL-RM"><path ' in text
    assert 'data-subdivision="CL-RM"><path' in text
    santiago = text.split('data-subdivision="CL-RM"><path', 1)[1]
    assert 'data-activities="2"' in santiago.split(">", 1)[0]
    listed = cast.client("editor_a").get("/registry/?subdivision=CL-RM").content.decode()
    assert 'data-identifier="CL-1"' in listed and 'data-identifier="CL-3"' not in listed


def test_a_country_without_boundaries_gets_the_world_map_and_says_so(cast, settings):
    settings.REGISTRY_COUNTRY = "DE"
    make_activity(
        cast.program,
        recipient_countries=[{"code": "DE", "percentage": "100"}],
        locations=[{"ref": "DE-BE", "details": {}}],
    )
    assert geo.map_geometry() is None
    text = cast.client("editor_a").get("/registry/map/").content.decode()
    assert 'data-testid="no-country-map"' in text and 'data-testid="country-map"' not in text
    assert 'data-testid="world-map"' in text
    berlin = text.split('<tr data-subdivision="DE-BE">', 1)[1].split("</tr>", 1)[0]
    assert "Berlin" in berlin and '<td class="text-end">1</td>' in berlin


def test_the_role_vocabulary_is_named_after_the_registrys_country(cast, chile):
    client = cast.client("anonymous")
    assert client.get("/registry/vocabularies/ssc-chile-role/").status_code == 200
    assert client.get("/registry/vocabularies/ssc-mexico-role/").status_code == 404


def test_existing_inegi_codes_get_their_iso_3166_2_code(cast):
    """The data migration: a location placed by its INEGI code alone gets the state's ISO
    3166-2 code and keeps the INEGI code."""
    from django.apps import apps

    activity = make_activity(cast.program, locations=[{"ref": "MX-INEGI-14039", "details": {}}])
    location = activity.locations.get()
    location.subdivision = ""  # as the rows were before the migration
    location.save()
    migration = importlib.import_module(
        "alianza.registry.migrations.0008_subdivisions_from_inegi_codes"
    )
    migration.subdivisions_from_inegi(apps, None)
    location = ActivityLocation.objects.get()
    assert (location.subdivision, location.national_code, location.municipality) == (
        "MX-JAL",
        "14",
        "14039",
    )


def test_a_registry_country_that_is_no_country_stops_the_start():
    env = {**os.environ, "REGISTRY_COUNTRY": "XX", "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(  # noqa: S603 - this interpreter, importing the settings
        [sys.executable, "-c", "import config.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and "REGISTRY_COUNTRY" in done.stderr


def test_location_names_come_from_the_subdivision(cast, chile):
    activity = make_activity(
        cast.program, locations=[{"ref": "CL-NB", "details": {"name": narratives(es="Chillán")}}]
    )
    assert activity.locations.get().subdivision_name == "Ñuble"


def test_the_imports_fingerprint_equals_the_registrys_for_the_renamed_country_role():
    """The import takes the content and its fingerprint from one serialisation; the role of
    the registry's country is hashed under its first name there too, so that an activity
    stored before the rename is still recognised as unchanged."""
    from alianza.registry import content

    data = {"iati_identifier": "MX-1-1", "country_role": "provider", "title_en": "Á"}
    normalized, fingerprint = content.normalize_and_hash(data)
    assert normalized == content.normalize(data)
    assert normalized["country_role"] == "provider" and "mexico_role" not in normalized
    assert fingerprint == content.content_hash(content.normalize(data))
