"""The access matrix: every view and endpoint of the URL configuration, requested as every
role of the matrix (GET, and each write method it serves, with an empty body), answers what
`access.py` declares; a view without an entry fails; no page or endpoint shows a non-partner
the program's internal records."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import get_resolver

from alianza.conftest import built_once
from alianza.core.tests import access, matrix
from alianza.core.tests.matrix_world import MATRIX_ROLES, World, build_world, kwargs_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_refusals")]

ROUTES = matrix.routes()
#: Roles that are not partners of TEST, and what of TEST's internal records they must
#: never be shown (titles, identifiers, references that appear nowhere public).
NON_PARTNERS = ("anonymous", "outsider", "other_coordinator")
SECRETS = ("Internal work", "XM-TEST-1", "IC-1", "Staff Member M")
#: What of the non-public program OTHER only its partners (and the superuser) may be shown.
OTHER_SECRETS = ("Other internal", "Other public", "OT-001")


def secrets_for(role: str) -> tuple[str, ...]:
    test = SECRETS if role in NON_PARTNERS else ()
    other = OTHER_SECRETS if role not in ("other_coordinator", "superuser") else ()
    return test + other


@built_once
def world() -> World:
    """Built once for the module, inside a transaction rolled back at the end."""
    return build_world()


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict[str, Client]:
    with django_db_blocker.unblock():
        clients = {}
        for role in MATRIX_ROLES:
            client = Client(HTTP_ACCEPT_LANGUAGE="en")
            if world.user(role) is not None:
                client.force_login(world.user(role))
            clients[role] = client
        return clients


def problems(route: matrix.Route, world: World, clients: dict[str, Client]) -> list[str]:
    """How `route` departs from its declaration (empty when it answers as declared)."""
    entry = access.entry_for(route.name)
    if entry is None:
        return [f"{route.name} ({route.route}) has no entry in alianza/core/tests/access.py"]
    url = matrix.build_url(route, kwargs_for(route, world)) + matrix_query(route)
    sampled = route.name in access.COSTLY or (route.is_admin and route.name != "admin:index")
    roles = access.SAMPLED_ROLES if sampled else MATRIX_ROLES
    methods = ["get"] if route.name in access.COSTLY else ["get", *route.write_methods()]
    found = []
    for method in methods:
        expected = entry.expected(method)
        if expected is None and method == "post" and not route.is_api:
            expected = entry.get
        if expected is None:
            found.append(f"{route.name}: {method.upper()} is served but not declared")
            continue
        wanted = expected.split()
        assert len(wanted) == len(MATRIX_ROLES), f"{route.name}: {expected!r} needs one per role"
        for role, want in zip(MATRIX_ROLES, wanted, strict=True):
            if role not in roles:
                continue
            got, body = matrix.request(clients[role], method, url, api=route.is_api, body=True)
            if got not in want.split("|"):
                found.append(f"{method.upper()} {url} as {role}: {got}, declared {want}")
            if method == "get" and got == "ok":
                shown = [s for s in secrets_for(role) if s in body]
                if shown:
                    found.append(f"GET {url} shows {role} internal records: {shown}")
    return found


def matrix_query(route: matrix.Route) -> str:
    """Endpoints that need a parameter to say anything get the program's code."""
    return "?program=TEST" if route.name in access.NEEDS_PROGRAM else ""


def test_every_view_has_an_entry():
    missing = [name for name in sorted(ROUTES) if access.entry_for(name) is None]
    assert not missing, "Views without an entry in alianza/core/tests/access.py: " + ", ".join(
        missing
    )


def test_entries_name_existing_views():
    stale = sorted(set(access.ACCESS) - set(ROUTES))
    assert not stale, f"Entries for views that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_access(name, world, clients):
    found = problems(ROUTES[name], world, clients)
    assert not found, "\n".join(found)


def test_internal_records_are_declared_closed_to_non_partners():
    """However a view answers partners, its internal records are refused to non-partners."""
    for name, entry in access.ACCESS.items():
        if entry.get in (access.INTERNAL_RECORD, access.PARTNER_READ, access.PARTNER_EDIT):
            answers = dict(zip(MATRIX_ROLES, entry.get.split(), strict=True))
            assert all(answers[r] in ("404", "403", "login") for r in NON_PARTNERS), name


@override_settings(ROOT_URLCONF="alianza.core.tests.urls_unprotected")
def test_a_view_added_without_an_entry_fails(world, clients, monkeypatch):
    routes = matrix.routes(get_resolver("alianza.core.tests.urls_unprotected"))
    missing = [name for name in routes if access.entry_for(name) is None]
    assert missing == ["leak"]
    assert problems(routes["leak"], world, clients) == [
        "leak (leak/) has no entry in alianza/core/tests/access.py"
    ]
    # Declared as the partners' page it should be, it still fails: it checks nothing.
    monkeypatch.setitem(access.ACCESS, "leak", access.Access(get=access.PARTNER_READ))
    found = problems(routes["leak"], world, clients)
    assert "GET /leak/ as anonymous: ok, declared login" in found
    assert "GET /leak/ shows anonymous internal records: ['Internal work', 'Other internal']" in (
        found
    )
    assert "GET /leak/ shows viewer internal records: ['Other internal']" in found


# --- bad query strings never answer 500 ----------------------------------------------------------

#: Every parameter a page or endpoint reads as a number or a date.
NUMERIC_PARAMS = [
    "year",
    "period",
    "start",
    "end",
    "page",
    "page_size",
    "interview",
    "initiative",
    "number",
    "phase",
    "component",
    "likelihood",
    "impact",
    "risk",
    "active_from",
    "active_to",
    "since",
    "until",
    "held_from",
    "held_to",
    "transaction_date_after",
    "transaction_date_before",
    "from",
    "to",
]
BAD_VALUES = ("0", str(10**23), "abc")  # every value, per parameter: test_query_params.py


@pytest.mark.parametrize(
    "name", sorted(n for n in ROUTES if not ROUTES[n].is_admin and n not in access.COSTLY)
)
def test_bad_query_strings_never_answer_500(name, world, clients):
    """Each GET route, given each bad value in every numeric parameter at once, answers
    without a server error (400 where it reads the parameter, see test_query_params.py)."""
    route = ROUTES[name]
    url = matrix.build_url(route, kwargs_for(route, world))
    client = clients["superuser"]
    for value in BAD_VALUES:
        query = "&".join(f"{param}={value}" for param in NUMERIC_PARAMS)
        got = matrix.request(client, "get", f"{url}?{query}", api=route.is_api)
        assert not got.startswith("5"), f"GET {url}?{query}: {got}"
