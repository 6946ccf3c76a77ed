"""The program pages' frame: every page below a program shows the breadcrumb, one row of
tabs and at most one side menu, and no page's navigation names two items alike, in
either language. The walk covers every URL pattern below `programs/<code>/`, with the
access matrix's world (one record of every kind)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from alianza.conftest import built_once
from alianza.core.tests import matrix
from alianza.core.tests.matrix_world import MATRIX_ROLES, World, build_world, kwargs_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_refusals")]

PREFIX = "programs/<str:code>/"
#: Routes below a program that are not pages: files, redirects, actions that only POST.
NOT_PAGES = {
    "initiatives:classification_index": "redirects to the first scheme's table",
    "monitoring:report_pdf": "a PDF",
    "monitoring:report_sign": "POST only",
    "registry:program_registry": "redirects to the registry filtered by the program",
    "registry:initiative_link": "POST only",
    "registry:program_activity_link": "POST only",
    "knowledge:file_download": "a product's file, as an attachment",
    "systematization:figure_download": "an image or CSV file",
    "systematization:report_download": "the report as a document of its own (HTML, PDF, XLSX)",
    "staffing_plans:scenario_export": "a scenario's plan as a spreadsheet (XLSX)",
    "deployments:deployment_export": "the missions and checklists as a spreadsheet (XLSX)",
    "monitoring:report_detail": "redirects to the report of its period",
    "systematization:consolidate_create": "POST only",
    "systematization:consolidate_settle": "POST only",
    "systematization:consolidate_mention": "POST only",
    "systematization:action_follow_up": "POST only",
    "systematization:action_create": "POST only",
    "systematization:respond": "POST only",
    "governance:dispute_step": "POST only",
    "specialists:headcount_export": "an XLSX file",
    "specialists:staff_export": "an XLSX file",
    "specialists:personal_data_update": "the holder's HR focal points only (none in the world)",
    "specialists:question_create": "the program's specialists only (none in the world)",
    "portal:annual_report_download": "the annual report as a document of its own (HTML, PDF)",
}
ROUTES = {
    name: route
    for name, route in matrix.routes().items()
    if route.route.startswith(PREFIX) and not route.is_api
}


@built_once
def nav_world() -> World:
    """The matrix's world, each of the walk's users signed in once (no view writes to the
    session, and each test runs in its own savepoint)."""
    world = build_world()
    for role in MATRIX_ROLES[1:]:  # every role but the anonymous visitor
        client = Client()
        client.force_login(world.user(role))
        SESSIONS[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


#: Each signed-in role's session (made by `nav_world`).
SESSIONS: dict[str, str] = {}


def client_for(world: World, role: str, language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = SESSIONS[role]
    return client


class Navigation(HTMLParser):
    """The breadcrumb's items, the rows of tabs and side menus, and the label of every
    navigation item (`.nav-link`) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.crumbs: list[str] = []
        self.tab_rows = 0
        self.side_menus = 0
        self.labels: list[str] = []
        self._stack: list[str | None] = []  # what each open element collects into
        self._text: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        collect = None
        if "breadcrumb-item" in classes:
            collect = "crumb"
        elif "nav-link" in classes:
            collect = "link"
        elif "badge" in classes or "visually-hidden" in classes:
            collect = "skip"
        if "nav-tabs" in classes:
            self.tab_rows += 1
        if "program-side-menu" in classes:
            self.side_menus += 1
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        self._stack.append(collect)
        if collect in ("crumb", "link"):
            self._text[collect] = []

    def handle_endtag(self, tag):
        if not self._stack:
            return
        collect = self._stack.pop()
        if collect in ("crumb", "link"):
            text = " ".join("".join(self._text.pop(collect, [])).split())
            (self.crumbs if collect == "crumb" else self.labels).append(text)

    def handle_data(self, data):
        if "skip" in self._stack:
            return
        for collect in reversed(self._stack):
            if collect in ("crumb", "link"):
                self._text[collect].append(data)
                return


def navigation(html: str) -> Navigation:
    parser = Navigation()
    parser.feed(html)
    return parser


def page(world: World, name: str, role: str = "superuser", language: str = "en"):
    route = ROUTES[name]
    url = matrix.build_url(route, kwargs_for(route, world))
    return url, client_for(world, role, language).get(url)


def is_page(response) -> bool:
    return (
        response.status_code == 200
        and response["Content-Type"].startswith("text/html")
        and "attachment" not in response.get("Content-Disposition", "")
        and b'<main id="main"' in response.content
    )


def test_the_walk_covers_the_program_pages():
    assert len(ROUTES) > 60
    assert set(NOT_PAGES) <= set(ROUTES), sorted(set(NOT_PAGES) - set(ROUTES))


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_page_below_a_program_shows_the_breadcrumb_and_one_row_of_tabs(nav_world, name):
    url, response = page(nav_world, name)
    if name in NOT_PAGES:
        assert not is_page(response), f"{name} is a page: take it out of NOT_PAGES"
        return
    assert is_page(response), f"GET {url}: {response.status_code} {response['Content-Type']}"
    nav = navigation(response.content.decode())
    assert nav.crumbs[:2] == ["Programs", "TEST"], f"{url}: breadcrumb {nav.crumbs}"
    assert all(nav.crumbs), f"{url}: an empty crumb in {nav.crumbs}"
    assert len(nav.crumbs) >= 2
    assert nav.tab_rows == 1, f"{url}: {nav.tab_rows} rows of tabs"
    assert nav.side_menus <= 1, f"{url}: {nav.side_menus} side menus"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ["superuser", "viewer", "anonymous"])
def test_no_page_names_two_navigation_items_alike(nav_world, role, language):
    repeated = {}
    for name in sorted(set(ROUTES) - set(NOT_PAGES)):
        url, response = page(nav_world, name, role, language)
        if not is_page(response):
            continue
        labels = [
            re.sub(r"\s*\d+$", "", label).casefold()
            for label in navigation(response.content.decode()).labels
        ]
        twice = sorted({label for label in labels if label and labels.count(label) > 1})
        if twice:
            repeated[url] = twice
    assert not repeated


def test_the_breadcrumb_leads_from_the_programs_to_the_page(nav_world):
    _, response = page(nav_world, "risks:risk_detail")
    nav = navigation(response.content.decode())
    assert nav.crumbs[:5] == ["Programs", "TEST", "Monitoring", "Risks", nav.crumbs[4]]
    assert len(nav.crumbs) == 5 and nav.crumbs[4]
    html = response.content.decode()
    assert 'href="/programs/TEST/risks/"' in html.split('data-testid="breadcrumb"')[1]
    _, response = page(nav_world, "programs:program_detail")
    assert navigation(response.content.decode()).crumbs == ["Programs", "TEST"]


def test_a_section_page_lists_its_tab_sections_in_the_side_menu(nav_world):
    _, response = page(nav_world, "finance:budget", role="viewer")
    html = response.content.decode()
    menu = html.split('data-testid="monitoring-nav"')[1].split("</nav>")[0]
    for label in ("Dashboard", "Budget and spending", "Consultancies", "Risks", "Disputes"):
        assert f">{label}</a>" in menu
    assert re.search(r'aria-current="page"[^>]*>Budget and spending<', menu)


def test_the_systematization_menu_keeps_the_period_and_hides_working_records(nav_world):
    period = nav_world.records["period"].code
    url = f"/programs/TEST/systematization/figures/?period={period}"
    partner = client_for(nav_world, "viewer", "en").get(url).content.decode()
    menu = partner.split('data-testid="systematization-nav"')[1].split("</nav>")[0]
    assert f'/programs/TEST/systematization/lessons/?period={period}"' in menu
    assert 'data-testid="nav-interviews"' in menu
    outsider = client_for(nav_world, "outsider", "en").get(url).content.decode()
    assert 'data-testid="nav-interviews"' not in outsider


def test_the_registry_is_in_the_main_menu(nav_world):
    for role in ("anonymous", "viewer"):
        html = client_for(nav_world, role, "en").get("/").content.decode()
        assert re.search(r'data-testid="menu-registry"[^>]*>Cooperation registry<', html)
    html = client_for(nav_world, "viewer", "es").get("/registry/").content.decode()
    assert re.search(
        r'aria-current="page" data-testid="menu-registry">Registro de cooperación<', html
    )
