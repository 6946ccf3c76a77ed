"""The initiatives list as a page: classifications under each title (no column per scheme),
searchable multiple filters, "any" as the filters' empty choice, required fields marked on
the initiative form, and a delete that asks for confirmation first."""

from __future__ import annotations

import pytest

from alianza.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

LIST = "/programs/TEST/initiatives/"


def _page(client, path, language="es", **params):
    client.cookies["django_language"] = language
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_classifications_are_under_each_title_not_one_column_per_scheme(cast):
    page = _page(cast.client("editor_a"), LIST, "en")
    header = page.split('data-testid="initiative-table"')[1].split("</thead>")[0]
    assert "Incidence" not in header and 'data-testid="cost-header"' in header
    row = page.split('data-number="1"')[1].split("</tr>")[0]
    assert "<dt>Incidence</dt><dd>Systemic</dd>" in row


@pytest.mark.parametrize(
    ("language", "any_", "unknown"), [("es", "Cualquiera", "Desconocido"), ("en", "Any", "Unknown")]
)
def test_the_filters_empty_choice_reads_any_not_unknown(cast, language, any_, unknown):
    page = _page(cast.client("editor_a"), LIST, language)
    filters = page.split('id="initiative-filters"')[1].split("</form>")[0]
    for name in ("has_cost", "is_public", "phase"):
        select = filters.split(f'name="{name}"')[1].split("</select>")[0]
        assert f">{any_}</option>" in select, name
    assert unknown not in filters and "---------" not in filters


def test_a_multiple_filter_is_marked_for_the_searchable_widget_in_the_readers_language(cast):
    page = _page(cast.client("editor_a"), LIST, "es")
    select = (
        page.split('name="incidence_level"')[0].rsplit("<select", 1)[1]
        + page.split('name="incidence_level"')[1].split(">")[0]
    )
    assert "multiple" in select and "data-searchable" in select
    assert 'data-placeholder="Escriba para buscar…"' in select
    assert 'data-no-results="Sin coincidencias"' in select
    # The widget's files are served from the site (vendored), never from a CDN.
    assert "/static/vendor/tom-select/tom-select.complete.min.js" in page
    assert "/static/vendor/tom-select/tom-select.bootstrap5.min.css" in page


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_initiative_form_marks_its_required_fields_and_explains_the_mark(cast, language):
    page = _page(cast.client("editor_a"), LIST + "new/", language)
    legend = "Campo obligatorio" if language == "es" else "Required field"
    required = "(obligatorio)" if language == "es" else "(required)"
    assert 'data-testid="required-legend"' in page and legend in page
    label = page.split('for="id_number"')[1].split("</label>")[0]
    assert 'class="required-mark"' in label and required in label
    assert (
        " required"
        in page.split('id="id_number"')[0].rsplit("<input", 1)[1]
        + page.split('id="id_number"')[1].split(">")[0]
    )
    optional = page.split('for="id_description_en"')[1].split("</label>")[0]
    assert "required-mark" not in optional


def test_the_delete_button_opens_a_confirmation_that_deletes_nothing(cast):
    client = cast.client("coordinator_a")
    detail = _page(client, "/programs/TEST/initiatives/1/", "en")
    assert 'href="/programs/TEST/initiatives/1/delete/"' in detail
    confirmation = _page(client, "/programs/TEST/initiatives/1/delete/", "en")
    assert "<form" in confirmation.split("<main")[1]
    assert Initiative.objects.filter(program=cast.program, number=1).exists()
    assert client.post("/programs/TEST/initiatives/1/delete/").status_code == 302
    assert not Initiative.objects.filter(program=cast.program, number=1).exists()
