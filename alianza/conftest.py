"""Fixtures shared by every app's tests: a fixed cast of partners, roles and records."""

from __future__ import annotations

import copy
import datetime
import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

import pytest
from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from alianza.accounts.choices import FocalArea, Role
from alianza.accounts.models import Institution, User
from alianza.accounts.tests.factories import InstitutionFactory, UserFactory, member
from alianza.core.tests.snapshot import Snapshot
from alianza.initiatives.models import Initiative
from alianza.initiatives.tests.factories import (
    ClassificationFactory,
    CostFactory,
    InitiativeFactory,
    PeriodFactory,
    SchemeFactory,
    TermFactory,
)
from alianza.programs.models import Program
from alianza.programs.tests.factories import (
    ComponentFactory,
    DocumentVersionFactory,
    ExpectedProductFactory,
    ExpectedResultFactory,
    FundingSourceFactory,
    GeneralRevisionFactory,
    PartnershipFactory,
    PhaseFactory,
    ProgramFactory,
)

T = TypeVar("T")


@dataclass
class Cast:
    """Two partners of a public program, an outsider, and one record of each kind."""

    partner_a: Institution
    partner_b: Institution
    outsider_institution: Institution
    program: Program
    public_initiative: Initiative
    internal_initiative: Initiative
    users: dict[str, User | None]
    #: A signed-in session per role, made once where the cast is built once (`log_in_once`).
    sessions: dict[str, str] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        """A client signed in as `role` (the anonymous one signed in as nobody)."""
        client = Client()
        user = self.users[role]
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        elif user is not None:
            client.force_login(user)
        return client

    def log_in_once(self) -> None:
        """Sign each user in once, for every client of the cast to reuse the session: a
        login costs a session written and rotated, the last login saved and the signals
        sent, and most tests make two or three clients. Each test runs in its own savepoint,
        so a session it changes (a logout) is as it was for the next one."""
        for role, user in self.users.items():
            if user is not None:
                client = Client()
                client.force_login(user)
                self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value


#: The roles every permission matrix runs over.
ROLES = [
    "anonymous",
    "outsider",
    "viewer_a",
    "editor_a",
    "focal_a",
    "coordinator_a",
    "viewer_b",
    "editor_b",
    "coordinator_b",
    "superuser",
]
PARTNER_ROLES = {
    "viewer_a",
    "editor_a",
    "focal_a",
    "coordinator_a",
    "viewer_b",
    "editor_b",
    "coordinator_b",
    "superuser",
}
EDITOR_ROLES = {"editor_a", "focal_a", "coordinator_a", "editor_b", "coordinator_b", "superuser"}
COORDINATOR_ROLES = {"coordinator_a", "coordinator_b", "superuser"}


def build_cast() -> Cast:
    """Build the cast in the current database (tests call it through fixtures)."""
    partner_a = InstitutionFactory(code="agency_a", acronym_en="AGA")
    partner_b = InstitutionFactory(code="undp_b", acronym_en="UNB", kind="un_system")
    outsider = InstitutionFactory(code="other_c", acronym_en="OTC")
    program = ProgramFactory(code="TEST", is_public=True)
    PartnershipFactory(program=program, institution=partner_a)
    PartnershipFactory(program=program, institution=partner_b)
    phase = PhaseFactory(program=program, number=1)
    ComponentFactory(program=program, number=1)
    version = DocumentVersionFactory(program=program, code="original", sequence=1)
    result = ExpectedResultFactory(version=version, number=1, title_en="Capacities")
    ExpectedProductFactory(result=result, title_en="A manual")
    FundingSourceFactory(program=program, code="agency_a_contribution", institution=partner_a)
    GeneralRevisionFactory(program=program, number=1)
    scheme = SchemeFactory(program=program, code="incidence_level", name_en="Incidence")
    systemic = TermFactory(scheme=scheme, code="systemic", name_en="Systemic")
    TermFactory(scheme=scheme, code="political", name_en="Political")
    public = InitiativeFactory(
        program=program, number=1, title_en="Public work", is_public=True, phase=phase
    )
    internal = InitiativeFactory(
        program=program, number=2, title_en="Internal work", is_public=False, phase=phase
    )
    for initiative in (public, internal):
        ClassificationFactory(initiative=initiative, term=systemic)
        PeriodFactory(
            initiative=initiative,
            start_date=datetime.date(2018, 1, 1),
            end_date=datetime.date(2019, 12, 31),
        )
        CostFactory(initiative=initiative, amount=Decimal("100.50"))
    users: dict[str, User | None] = {
        "anonymous": None,
        "outsider": member("outsider", outsider, Role.EDITOR),
        "viewer_a": member("viewer_a", partner_a, Role.VIEWER),
        "editor_a": member("editor_a", partner_a, Role.EDITOR),
        "focal_a": member("focal_a", partner_a, Role.FOCAL_POINT, FocalArea.HUMAN_RESOURCES),
        "coordinator_a": member("coordinator_a", partner_a, Role.COORDINATOR),
        "viewer_b": member("viewer_b", partner_b, Role.VIEWER),
        "editor_b": member("editor_b", partner_b, Role.EDITOR),
        "coordinator_b": member("coordinator_b", partner_b, Role.COORDINATOR),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    return Cast(
        partner_a=partner_a,
        partner_b=partner_b,
        outsider_institution=outsider,
        program=program,
        public_initiative=public,
        internal_initiative=internal,
        users=users,
    )


def _load_procap_through_the_services() -> Program:
    from django.core.management import call_command

    call_command("load_procap", verbosity=0)
    return Program.objects.get(code="PROCAP")


#: PROCAP, loaded through the services once per test process, then copied (core/tests/snapshot.py).
_PROCAP = Snapshot(_load_procap_through_the_services)


def load_procap() -> Program:
    """PROCAP's reference data, as `make run` loads them: the first time in a test process
    through `load_procap` (every service, every change record), afterwards the same rows
    written again (the tests of the loader itself call the command)."""
    return _PROCAP()


# Built once: the cast and PROCAP are built once per module, inside a transaction rolled back
# at the module's end; each test gets its own copy and runs in its own savepoint, so what it
# writes is gone before the next one. A module whose tests need a committed database
# (`transaction=True`, `live_server`) gets them built afresh for every test instead.
#
# A module (or an app's conftest) builds its own world the same way with `built_once`:
#     @built_once
#     def _world():
#         cast = build_cast()
#         return cast, make_activity(cast.program, "XM-TEST-1")
#
#     @pytest.fixture
#     def world(_world, db):
#         return copy.deepcopy(_world)


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & {"transactional_db", "live_server", "django_db_reset_sequences"})


def _module_is_transactional(request: pytest.FixtureRequest) -> bool:
    module = request.module
    return any(
        _is_transactional(item)
        for item in request.session.items
        if getattr(item, "module", None) is module
    )


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """A transaction for the length of the block, rolled back at its end.

    Marked as a test case's own so that the services' `durable=True` blocks still run
    inside it, as they do inside the test's transaction.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # Django's TestCase flag
        with atomic:
            yield
            transaction.set_rollback(True)


#: The fixtures `built_once` made, by name.
BUILT_ONCE: set[str] = set()


# Garbage collection: a test process keeps tens of thousands of objects alive (Django, the
# built-once worlds) that the collector would otherwise walk again and again (about a tenth of
# a process's time with Python's default thresholds). It collects less often, and what exists
# once the tests are collected is set aside for good (`gc.freeze`).
gc.set_threshold(50_000, 50, 1000)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()


#: Markers of the tests that each take seconds to minutes (a real browser, gunicorn,
#: Schemathesis over every operation, `slow`).
LONG_TESTS = ("browser", "production", "contract", "slow")


def _length(items: list[pytest.Item]) -> tuple[int, int]:
    """How long a module's tests take, roughly, for sorting (the longest sort first)."""
    if any(item.get_closest_marker(marker) for item in items for marker in LONG_TESTS):
        return 0, -len(items)
    if any(_is_transactional(item) for item in items):
        return 1, -len(items)
    return 2, -len(items)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Within each module, the tests that use no built-once data run first, then those that
    do, PROCAP's last: data built once stays until the module's end, so a test never finds
    rows it did not ask for (PROCAP's tests may find the cast's).

    The modules come longest first, for the workers (`-n 2`, which hand out whole modules in
    this order: `--dist loadfile --no-loadscope-reorder`) to finish together: first those
    with long tests (a browser, gunicorn, `slow`), then those that need a committed database,
    then the others by their number of tests. The last modules handed out are then short
    ones, not a browser walk that one worker runs for minutes while the other has nothing
    left to do."""
    by_module: dict[object, list[pytest.Item]] = {}
    for item in items:
        by_module.setdefault(getattr(item, "module", None), []).append(item)
    order = {
        module: position
        for position, module in enumerate(sorted(by_module, key=lambda m: _length(by_module[m])))
    }

    def rank(item: pytest.Item) -> tuple[int, int]:
        names = set(getattr(item, "fixturenames", ())) & BUILT_ONCE
        position = order[getattr(item, "module", None)]
        if not names:
            return position, 0
        if "_procap_module" not in names:
            return position, 1
        return position, 2 if len(names) > 1 else 3

    items.sort(key=rank)


def built_once(build: Callable[[], T]) -> Callable[..., Iterator[T | None]]:
    """The one "build once" helper: a module-scoped fixture named after `build` whose value is
    `build()`, run once per module inside a transaction rolled back at the module's end.

    In a module that needs a committed database its value is None: build per test there.
    """

    @pytest.fixture(scope="module", name=build.__name__)
    def fixture(request, django_db_setup, django_db_blocker):
        if _module_is_transactional(request):
            yield None
            return
        with rolled_back(django_db_blocker):
            with django_db_blocker.unblock():
                value = build()
            yield value

    fixture.__doc__ = build.__doc__
    BUILT_ONCE.add(build.__name__)
    return fixture


@built_once
def _cast_module() -> Cast:
    """The shared cast, built once per module, each of its users signed in once."""
    cast = build_cast()
    cast.log_in_once()
    return cast


@built_once
def _procap_module() -> Program:
    """PROCAP's reference data, loaded once per module."""
    return load_procap()


@pytest.fixture
def cast(_cast_module, db) -> Cast:
    if _cast_module is None:
        return build_cast()
    return copy.deepcopy(_cast_module)


@pytest.fixture
def procap(_procap_module, db) -> Program:
    if _procap_module is None:
        return load_procap()
    return Program.objects.get(pk=_procap_module.pk)


# The test databases' schema is made from the models (`--no-migrations` in pyproject.toml's
# addopts), not by replaying the 34 migrations in every worker (about 10 seconds each): the
# two are the same schema as long as `makemigrations --check` is clean (`make lint`), and the
# one data migration (accounts 0003) finds nothing to move in a new database (its test calls
# it directly). Every migration is then recorded as applied, as `migrate` would have, so a
# backup's manifest names the same migrations as a migrated database (operations' roundtrip,
# which still runs `manage.py migrate` into the other engine). `pytest --migrations` replays
# them instead.
_MIGRATION_MODULES = settings.MIGRATION_MODULES
_MIGRATE_COMMAND = migrate.Command


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """pytest-django's test databases, with the migrations recorded when it skipped them."""
    if request.config.getvalue("nomigrations"):
        settings.MIGRATION_MODULES = _MIGRATION_MODULES
        migrate.Command = _MIGRATE_COMMAND
        with django_db_blocker.unblock():
            for connection in connections.all(initialized_only=True):
                _record_migrations(connection)
    yield


def _record_migrations(connection) -> None:
    """Record every migration on disk as applied to `connection`'s database."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = recorder.applied_migrations()
    for key in loader.disk_migrations:
        if key not in applied:
            recorder.record_applied(*key)


@pytest.fixture(autouse=True, scope="session")
def _openapi_schema_once():
    """The OpenAPI schema is generated once per session (per language and per set of
    registered initiative fields), not for each request of `/api/v1/schema/`: the view, its
    permissions and its rendering still run every time; the generation costs seconds."""
    from django.conf import settings
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    from alianza.core import extensions

    generate = SchemaGenerator.get_schema
    schemas: dict = {}

    def get_schema(self, request=None, public=False):
        fields = tuple(field.name for field in extensions.initiative_fields)
        urlconf = self.urlconf or settings.ROOT_URLCONF
        key = (translation.get_language(), public, self.api_version, urlconf, fields)
        if key not in schemas:
            schemas[key] = generate(self, request=request, public=public)
        return copy.deepcopy(schemas[key])

    get_schema.uncached = generate  # type: ignore[attr-defined]  # for a test of the generation
    SchemaGenerator.get_schema = get_schema
    yield
    SchemaGenerator.get_schema = generate


@pytest.fixture
def quiet_refusals(caplog):
    """Refusals (400, 403, 404) are what permission tests expect: keep them out of the log."""
    caplog.set_level(logging.ERROR, logger="django.request")


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services and commands speak the active language; tests read their messages in English.

    Requests still choose their own language (cookie, Accept-Language, default Spanish).
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def browser_language() -> str:
    """The language Chromium asks for; a browser test module may override it."""
    return "es"


@pytest.fixture
def browser(browser_language):
    """Debian's headless Chromium (see alianza/core/tests/browser.py)."""
    from alianza.core.tests.browser import chromium

    with chromium(browser_language) as driver:
        yield driver
