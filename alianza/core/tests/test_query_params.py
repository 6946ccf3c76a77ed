"""Bad integers, years and dates in query strings answer 400 with a message naming the
parameter: JSON for the API, a page in the user's language for pages. Never 500."""

from __future__ import annotations

import pytest

from alianza.core.params import MAX_YEAR, MIN_YEAR, BadQueryParameter, integer_param, year_param

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_refusals")]

BAD_YEARS = ["0", "-5", "10000", str(10**23), "abc"]
BAD_IDS = [str(10**23), "-5", "abc", "1.5"]
BAD_DATES = ["0000-01-01", "9999-12-31", "2019-13-01", "abc", str(10**23)]

#: (url, parameter): every list endpoint or page reading a year from the query string.
YEAR_PARAMS = [
    ("/api/v1/initiatives/", "year"),
    ("/programs/TEST/initiatives/", "year"),
    ("/registry/", "year"),
    ("/registry/map/", "year"),
    ("/registry/map/data/", "year"),
    ("/registry/network/", "year"),
    ("/registry/network/data/", "year"),
    ("/api/v1/activities/", "year"),
    ("/api/v1/activities/by-country/", "year"),
    ("/api/v1/activities/by-subdivision/", "year"),
    ("/api/v1/activities/network/", "year"),
    ("/api/v1/iati-exports/activities/", "year"),
    ("/iati/export/activities.xml", "year"),
    ("/programs/TEST/monitoring/", "period"),
    ("/programs/TEST/monitoring/report/", "period"),
    ("/api/v1/dashboard/?program=TEST", "period"),
]
#: Numbers and ids.
ID_PARAMS = [
    ("/api/v1/initiatives/", "number"),
    ("/api/v1/initiatives/", "phase"),
    ("/api/v1/initiatives/", "component"),
    ("/programs/TEST/initiatives/", "number"),
    ("/programs/TEST/initiatives/?export=csv", "number"),
    ("/api/v1/excerpts/", "interview"),
    ("/api/v1/excerpts/", "initiative"),
    ("/api/v1/interviews/", "initiative"),
    ("/api/v1/assessments/", "initiative"),
    ("/api/v1/consolidated-results/", "initiative"),
    ("/api/v1/risk-actions/", "risk"),
    ("/api/v1/risk-reviews/", "risk"),
    ("/programs/TEST/risks/", "likelihood"),
    ("/programs/TEST/risks/", "impact"),
]
#: Dates.
DATE_PARAMS = [
    ("/api/v1/initiatives/", "active_from"),
    ("/api/v1/initiatives/", "active_to"),
    ("/programs/TEST/initiatives/", "active_from"),
    ("/registry/", "transaction_date_after"),
    ("/api/v1/activities/", "transaction_date_before"),
    ("/api/v1/changes/", "since"),
    ("/changes/", "until"),
    ("/programs/TEST/monitoring/report/?end=2019-12-31", "start"),
]
CASES = (
    [(url, name, value) for url, name in YEAR_PARAMS for value in BAD_YEARS]
    + [(url, name, value) for url, name in ID_PARAMS for value in BAD_IDS]
    + [(url, name, value) for url, name in DATE_PARAMS for value in BAD_DATES]
)


def _with(url: str, name: str, value: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{name}={value}"


@pytest.mark.parametrize(("url", "name", "value"), CASES)
def test_bad_value_answers_400_naming_the_parameter(cast, url, name, value):
    client = cast.client("superuser")
    response = client.get(_with(url, name, value), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, (url, name, value, response.status_code)
    if response["Content-Type"].startswith("application/json"):
        assert name in response.json()
    else:
        # A page names the parameter in the "invalid address" page, or shows its filter
        # form with the message next to the field.
        page = response.content.decode()
        assert f"<code>{name}</code>" in page or (
            f'name="{name}"' in page and "invalid-feedback" in page
        )


@pytest.mark.parametrize(
    ("url", "name", "value"),
    [
        ("/api/v1/initiatives/", "year", "2019"),
        ("/programs/TEST/initiatives/", "year", str(MIN_YEAR)),
        ("/registry/", "year", str(MAX_YEAR)),
        ("/api/v1/excerpts/", "interview", "1"),
        ("/programs/TEST/monitoring/", "period", "2019-Q4"),
        ("/programs/TEST/risks/?impact=3", "likelihood", "2"),
        ("/api/v1/changes/", "since", "2019-01-01T00:00:00Z"),
    ],
)
def test_good_values_still_filter(cast, url, name, value):
    assert cast.client("superuser").get(_with(url, name, value)).status_code == 200


def test_the_page_speaks_spanish(cast):
    response = cast.client("viewer_a").get("/registry/map/?year=0", HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dirección no válida" in page and "<code>year</code>" in page


def test_the_api_names_the_parameter_and_the_range(cast):
    response = cast.client("anonymous").get(
        "/api/v1/initiatives/?year=10000", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"year": [f"Ensure this value is less than or equal to {MAX_YEAR}."]}


def test_the_quarter_is_checked(cast):
    response = cast.client("viewer_a").get(
        "/api/v1/dashboard/?program=TEST&period=2019-Q5", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    assert response.json() == {"period": ["«2019-Q5» no es un año ni un trimestre como 2019-Q4."]}


def test_helpers():
    assert integer_param({"n": " 7 "}, "n") == 7
    assert integer_param({}, "n", default=3) == 3
    assert year_param({"y": "2019"}, "y") == 2019
    for raw in ["abc", str(10**23), "-1", "1e3"]:
        with pytest.raises(BadQueryParameter) as caught:
            integer_param({"n": raw}, "n")
        assert list(caught.value.errors) == ["n"]


def test_data_endpoints_answer_json_to_json_clients(cast):
    response = cast.client("anonymous").get(
        "/registry/map/data/?year=0", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"year": ["Ensure this value is greater than or equal to 1900."]}
