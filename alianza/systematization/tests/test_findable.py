"""The flagships are found from the initiatives list: a column, a filter (page and API,
one FilterSet) and the words "flagship" / "emblemática" in the search box."""

from __future__ import annotations

import csv
import io
import re

import pytest

FLAGSHIPS = {4, 5, 8}


def _numbers(response) -> set[int]:
    return {int(n) for n in re.findall(r'<tr data-number="(\d+)"', response.content.decode())}


def test_list_page_shows_a_flagship_column(procap, cast):
    response = cast.client("anonymous").get(
        "/programs/PROCAP/initiatives/", HTTP_ACCEPT_LANGUAGE="es"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<th>Emblemática</th>" in page
    assert page.count('data-testid="extra-column"><span aria-hidden="true">★</span> Sí') == 3


def test_list_page_filters_flagships(procap, cast):
    client = cast.client("anonymous")
    assert _numbers(client.get("/programs/PROCAP/initiatives/", {"flagship": "true"})) == (
        FLAGSHIPS
    )
    others = _numbers(client.get("/programs/PROCAP/initiatives/", {"flagship": "false"}))
    assert others and not others & FLAGSHIPS


def test_api_filters_flagships(procap, cast):
    items = (
        cast.client("anonymous")
        .get("/api/v1/initiatives/", {"program": "PROCAP", "flagship": "true"})
        .json()["results"]
    )
    assert {i["number"] for i in items} == FLAGSHIPS
    assert all(i["flagship"] for i in items)


@pytest.mark.parametrize("word", ["emblematica", "Emblemática", "EMBLEMÁTICAS", "flagships"])
def test_searching_flagship_finds_the_three(procap, cast, word):
    response = cast.client("anonymous").get("/programs/PROCAP/initiatives/", {"q": word})
    assert _numbers(response) == FLAGSHIPS


def test_export_carries_the_flagship_column(procap, cast):
    response = cast.client("anonymous").get(
        "/programs/PROCAP/initiatives/", {"export": "csv", "flagship": "true"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][2] == "Emblemática" and [row[2] for row in rows[1:]] == ["Sí"] * 3


def test_list_search_ignores_accents_and_case(procap, cast):
    client = cast.client("anonymous")
    url = "/programs/PROCAP/initiatives/"
    found = _numbers(client.get(url, {"q": "género"}))
    assert found and _numbers(client.get(url, {"q": "genero"})) == found
    assert _numbers(client.get(url, {"q": "GENERO"})) == found
