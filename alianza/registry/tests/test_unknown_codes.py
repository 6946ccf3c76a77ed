"""The registry's tables flag the country codes that IATI's Country codelist does not have
(a region's code, a typing error), and explain the flag, in both languages."""

from __future__ import annotations

import pytest

from alianza import codelists
from alianza.registry.tests.factories import make_activity

pytestmark = pytest.mark.django_db


def _countries(*codes):
    return [{"code": code, "percentage": None} for code in codes]


def test_the_codelist_knows_countries_and_not_regions_or_typos():
    assert codelists.is_known("Country", "GT")
    assert not codelists.is_known("Country", "998")  # a region (developing countries)
    assert not codelists.is_known("Country", "XX")
    assert not codelists.is_known("Country", "")


@pytest.mark.parametrize(
    ("language", "badge", "legend"),
    [("es", "código desconocido", "no es un país"), ("en", "unknown code", "is not a country")],
)
def test_the_map_country_table_flags_unknown_codes_with_a_legend(cast, language, badge, legend):
    make_activity(cast.program, "XM-TEST-1", recipient_countries=_countries("GT", "998"))
    client = cast.client("editor_a")
    client.cookies["django_language"] = language
    page = client.get("/registry/map/").content.decode()
    table = page.split('data-testid="country-table"')[1].split("</table>")[0]
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in table.split("<tr>")[2:]}
    assert {"998", "GT"} <= set(rows)  # and the participating organisations' (MX)
    assert 'data-testid="unknown-code"' in rows["998"] and badge in rows["998"]
    assert 'data-testid="unknown-code"' not in rows["GT"]
    assert 'data-testid="unknown-code-legend"' in page and legend in page


def test_activity_table_and_page_flag_an_unknown_recipient_country(cast):
    activity = make_activity(cast.program, "XM-TEST-1", recipient_countries=_countries("998"))
    client = cast.client("editor_a")
    client.cookies["django_language"] = "en"
    for path in ("/registry/", activity.get_absolute_url()):
        page = client.get(path).content.decode()
        assert 'data-testid="unknown-code"' in page, path
        assert 'data-testid="unknown-code-legend"' in page, path


def test_known_countries_carry_no_flag_and_no_legend(cast):
    activity = make_activity(cast.program, "XM-TEST-1", recipient_countries=_countries("GT"))
    client = cast.client("editor_a")
    for path in ("/registry/", activity.get_absolute_url(), "/registry/map/"):
        page = client.get(path).content.decode()
        assert "unknown-code" not in page, path
