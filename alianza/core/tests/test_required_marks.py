"""Required fields are marked on every form, by the one shared label
(core/partials/label.html) and explained by the one legend
(core/partials/required_legend.html), in both languages."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

MARKS = {"es": ("Campo obligatorio", "(obligatorio)"), "en": ("Required field", "(required)")}


def _page(client, path, language):
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _label(page, field_id):
    return page.split(f'for="{field_id}"')[1].split("</label>")[0]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_iati_import_form_marks_its_program_and_file(cast, language):
    legend, hidden = MARKS[language]
    page = _page(cast.client("editor_a"), "/iati/imports/new/", language)
    assert 'data-testid="required-legend"' in page and legend in page
    for field_id in ("id_program", "id_file"):
        label = _label(page, field_id)
        assert 'class="required-mark"' in label and hidden in label, field_id
    # A user who must choose a program gets no empty choice (a select without one carries
    # no required attribute: a program is always chosen).
    select = page.split('id="id_program"')[1].split("</select>")[0]
    assert 'value=""' not in select
    assert "required-mark" not in _label(page, "id_dry_run")


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_program_form_page_marks_its_required_fields(cast, language):
    """The shared form (programs/form_page.html, core/partials/form.html)."""
    legend, hidden = MARKS[language]
    page = _page(cast.client("editor_a"), "/programs/TEST/risks/new/", language)
    assert page.count('data-testid="required-legend"') == 1 and legend in page
    marked = re.findall(
        r'<label class="form-label" for="(id_[a-z_]+)">[^<]*<span class="required-mark"', page
    )
    assert marked and all(hidden in _label(page, field_id) for field_id in marked)


def test_no_template_writes_a_field_label_by_hand():
    """Every form field's label goes through core/partials/label.html, so that no form
    forgets the required mark (the options of a multiple choice are not fields)."""
    by_hand = re.compile(
        r'<label[^>]*for="\{\{ [\w.]+id_for_label \}\}"[^>]*>'
        r"\{\{ (?![\w.]*choice_label)[\w.]*label \}\}"
    )
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in settings.BASE_DIR.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and by_hand.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
