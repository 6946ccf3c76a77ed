"""Numbers for machines are never localised: on Spanish pages (decimal comma) every SVG
coordinate and every numeric data attribute of every chart page, of the figures it draws
and of the period report's PDF keeps a decimal point."""

from __future__ import annotations

import re

import pytest
from lxml import etree, html

from alianza.accounts.tests.factories import UserFactory
from alianza.registry.tests.factories import make_activity
from alianza.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

#: Attributes that carry one number (or a length) each.
SINGLE = {"x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r", "rx", "ry"}
#: Attributes that carry a list of numbers, pairs joined by a comma at most ("x,y x,y").
LISTS = {"points", "d", "viewbox", "transform"}
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
LENGTH = re.compile(rf"^\s*{NUMBER}\s*(?:%|px|pt|em|rem)?\s*$", re.IGNORECASE)
PAIR = re.compile(rf"^{NUMBER},{NUMBER}$", re.IGNORECASE)
LOOKS_NUMERIC = re.compile(r"^\s*[-+]?[\d.,]+\s*$")

#: Every page that draws a chart (PROCAP in 2019 has budget, spending and assessed risks).
CHART_PAGES = [
    "/programs/PROCAP/monitoring/?period=2019",
    "/programs/PROCAP/monitoring/report/?period=2019",
    "/programs/PROCAP/budget/",
    "/programs/PROCAP/risks/",
    "/programs/PROCAP/initiatives/9/",
    "/programs/PROCAP/systematization/figures/",
    "/registry/map/",
    "/registry/map/?measure=amount",
    "/registry/network/",
]


def bad_svg_attribute(name: str, value: str) -> bool:
    name = name.lower()
    if name in SINGLE:
        return not LENGTH.match(value)
    if name in LISTS:
        tokens = re.split(r"[\s()]+", value)
        return any("," in t and not PAIR.match(t) for t in tokens) or (
            name != "d" and name != "points" and "," in value
        )
    return False


def bad_data_attribute(name: str, value: str) -> bool:
    return name.startswith("data-") and bool(LOOKS_NUMERIC.match(value)) and "," in value


def problems(tree) -> list[str]:
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        in_svg = tag == "svg" or any(
            isinstance(a.tag, str) and etree.QName(a).localname.lower() == "svg"
            for a in element.iterancestors()
        )
        for name, value in element.attrib.items():
            local = etree.QName(name).localname
            if (in_svg and bad_svg_attribute(local, value)) or bad_data_attribute(local, value):
                found.append(f"<{tag} {local}={value!r}>")
    return found


@pytest.fixture
def spanish(procap, client):
    """PROCAP with jointly assessed risks and two registry activities, seen by a superuser."""
    for number, (likelihood, impact) in enumerate([(5, 5), (2, 3), (4, 2)], start=100):
        RiskFactory(program=procap, number=number, likelihood=likelihood, impact=impact)
    make_activity(procap, "XM-TEST-1")
    make_activity(procap, "XM-TEST-2", locations=[{"ref": "MX-INEGI-27", "details": {}}])
    client.force_login(UserFactory(username="svg-root", is_superuser=True, is_staff=True))
    client.cookies["django_language"] = "es"
    return client


def get_spanish(client, path: str):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200, path
    return response


@pytest.mark.parametrize("path", CHART_PAGES)
def test_chart_pages_write_machine_numbers_unlocalised_in_spanish(spanish, path):
    page = get_spanish(spanish, path).content.decode()
    assert 'lang="es"' in page
    tree = html.fromstring(page)
    assert problems(tree) == []
    # The figures page draws each figure in the page (checked above) and offers its SVG.
    drawn = tree.xpath("//*[@data-testid='figure-chart']/*[local-name()='svg']")
    figures = [src for src in tree.xpath("//a/@href") if "/figures/" in src and ".svg" in src]
    for src in figures:  # the SVG files, as they download
        assert problems(etree.fromstring(get_spanish(spanish, src).content)) == [], src
    assert (drawn and len(figures) == len(drawn)) or "/figures/" not in path


def test_the_monitoring_charts_do_draw_in_spanish(spanish):
    page = get_spanish(spanish, CHART_PAGES[0]).content.decode()
    tree = html.fromstring(page)
    assert tree.xpath("//svg//polyline/@points"), "the spending curve is drawn"
    assert tree.xpath("//svg//line/@x1"), "the year axis is drawn"
    assert tree.xpath("//td[contains(@class, 'heat-high')]"), "the heat map has a high cell"


def test_the_period_report_pdf_writes_machine_numbers_unlocalised(spanish, monkeypatch):
    """The PDF is drawn from this HTML: read it as WeasyPrint receives it."""
    from alianza.core import pdf

    monkeypatch.setattr(
        pdf,
        "render_pdf",
        lambda name, context, request=None: pdf.render_to_string(
            name, context, request=request
        ).encode(),
    )
    page = get_spanish(spanish, "/programs/PROCAP/monitoring/report/pdf/?period=2019")
    tree = html.fromstring(page.content.decode())
    assert tree.xpath("//svg//polyline/@points")
    assert problems(tree) == []
