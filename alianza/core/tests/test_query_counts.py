"""Every list page, dashboard and API list endpoint issues as many queries for 3N rows as
for N (issue 16, part 3).

The URL configuration is walked: every API route whose GET is `list`, and every page
named by the program's code (or no argument) alone, must appear in `PAGES` / `API` below
(with the kind of record it lists) or in `NOT_LISTS` (with why). A new list without an
entry fails `test_every_list_is_declared`. Rows are made with the apps' factories, tied to
the cast's program through the model's foreign keys (`Deliverable` -> contract -> program),
and read as the superuser, who sees every record."""

from __future__ import annotations

import datetime
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import factory
import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from alianza.core.tests import matrix

pytestmark = pytest.mark.django_db

#: Rows made before the first count, and twice as many more before the second.
N = 2


@dataclass(frozen=True)
class Rows:
    """How a list gets more rows: `make(cast, n, start)` makes `n` records numbered from
    `start` (default: the factory of `model`, tied to the cast's program)."""

    model: str  # "app_label.Model"
    query: str = ""  # appended to the path ("?period=2019")
    make: Callable | None = None


def _initiatives(cast, n: int, start: int) -> None:
    from alianza.initiatives.tests.factories import (
        ClassificationFactory,
        CostFactory,
        InitiativeFactory,
        PeriodFactory,
        TermFactory,
    )

    term = TermFactory(scheme=cast.program.classification_schemes.first())
    for number in range(start, start + n):
        initiative = InitiativeFactory(program=cast.program, number=number, is_public=True)
        ClassificationFactory(initiative=initiative, term=term)
        PeriodFactory(
            initiative=initiative,
            start_date=datetime.date(2019, 1, 1),
            end_date=datetime.date(2019, 12, 31),
        )
        CostFactory(initiative=initiative)


def _activities(cast, n: int, start: int) -> None:
    from alianza.registry.tests.factories import make_activity

    for number in range(start, start + n):
        make_activity(cast.program, f"XM-TEST-{number}")


def _change_records(cast, n: int, start: int) -> None:
    from alianza.audit.services import record

    for initiative in [cast.public_initiative] * n:
        before = {"title_en": f"Before {start}"}
        start += 1
        record(actor=cast.users["editor_a"], action="test.change", obj=initiative, before=before)


def _reuses(cast, n: int, start: int) -> None:
    from alianza.knowledge.tests.factories import ProductFactory, ProductReuseFactory

    for _ in range(n):
        product = ProductFactory(program=cast.program)
        ProductReuseFactory(product=product, initiative=cast.public_initiative)


INITIATIVES = Rows("initiatives.Initiative", make=_initiatives)
ACTIVITIES = Rows("registry.Activity", make=_activities)
PRODUCTS = Rows("knowledge.KnowledgeProduct")
SCHEMES = Rows("initiatives.ClassificationScheme")

#: Pages (URL name -> what they list).
PAGES: dict[str, Rows] = {
    "core:home": Rows("programs.Program"),
    "audit:change_list": Rows("audit.ChangeRecord", make=_change_records),
    "programs:document_list": Rows("programs.DocumentVersion"),
    "programs:setup": Rows("programs.Partnership"),
    "initiatives:initiative_list": INITIATIVES,
    "initiatives:classification_table": INITIATIVES,
    "initiatives:scheme_setup": SCHEMES,
    "contracts:contract_list": Rows("contracts.Contract"),
    "risks:risk_list": Rows("risks.Risk"),
    "governance:meeting_list": Rows("governance.BoardMeeting"),
    "governance:action_list": Rows("governance.ActionItem"),
    "governance:dispute_list": Rows("governance.Dispute"),
    "monitoring:dashboard": Rows("contracts.Deliverable", "?period=2019"),
    "finance:budget": Rows("finance.BudgetLine"),
    "finance:exchange_rates": Rows("finance.ExchangeRate"),
    "specialists:staffing": Rows("specialists.Position"),
    "specialists:position_list": Rows("specialists.Position"),
    "specialists:specialist_list": Rows("specialists.Specialist"),
    "specialists:contract_list": Rows("specialists.ServiceContract"),
    "specialists:notice_list": Rows("specialists.Notice"),
    "deployments:deployment_list": Rows("deployments.Deployment"),
    "staffing_plans:scenario_list": Rows("staffing_plans.Scenario"),
    "knowledge:product_list": PRODUCTS,
    "knowledge:audiences": Rows("knowledge.Audience"),
    "knowledge:use_report": Rows("knowledge.ProductReuse", make=_reuses),
    "registry:activity_list": ACTIVITIES,
    "registry:map_data": ACTIVITIES,
    "registry:network_data": ACTIVITIES,
    "portal:initiatives": INITIATIVES,
    "portal:products": PRODUCTS,
    "systematization:recommendation_list": Rows("systematization.Recommendation"),
}

#: API list endpoints whose model's factory cannot make the rows they show.
API: dict[str, Rows] = {
    "api:initiative-list": INITIATIVES,
    "api:activity-list": ACTIVITIES,
    "api:changerecord-list": Rows("audit.ChangeRecord", make=_change_records),
}

_REGISTRY = "registry/tests/test_views.py::test_query_count_does_not_grow_with_activities"
_MONITORING = "monitoring/tests/test_views.py::test_pages_keep_their_query_count_as_records_grow"
_PORTAL = "portal/tests/test_views.py::test_query_counts_do_not_grow_with_rows"
_SYSTEMATIZATION = "systematization/tests/test_views.py::test_page_queries_do_not_grow_with_rows"
#: Lists whose query count a test of their app checks with the records they need.
ELSEWHERE: dict[str, str] = {
    "registry:map": _REGISTRY,
    "registry:network": _REGISTRY,
    "monitoring:report": _MONITORING,
    "portal:flagships": _PORTAL,
    "systematization:overview": _SYSTEMATIZATION,
    "systematization:lessons": _SYSTEMATIZATION,
    "systematization:interview_list": (
        "systematization/tests/test_views.py::"
        "test_interview_and_evidence_queries_do_not_grow_with_rows"
    ),
    "systematization:evidence": (
        "systematization/tests/test_views.py::"
        "test_interview_and_evidence_queries_do_not_grow_with_rows"
    ),
    "api:excerpt-list": (
        "systematization/tests/test_api.py::test_api_excerpt_list_queries_stay_flat"
    ),
}

#: Pages named by the program alone (or by nothing) that are not lists of rows: why.
NOT_LISTS: dict[str, str] = {
    "core:healthz": "the health check",
    "core:favicon": "an icon",
    "accounts:login": "a form",
    "accounts:logout": "a form",
    "accounts:password_change": "a form",
    "accounts:profile": "the signed-in user's own account and tokens",
    "programs:program_detail": "the program's overview: counts, not rows",
    "programs:document_compare": "two chosen versions side by side",
    "initiatives:classification_index": "a redirect to the first scheme's table",
    "monitoring:report_sign": "a form",
    "monitoring:settings": "a form",
    "staffing_plans:scenario_compare": "two chosen scenarios side by side",
    "registry:program_registry": "a redirect to the registry's list",
    "portal:index_redirect": "a redirect",
    "deployments:deployment_export": "a spreadsheet file",
    "specialists:headcount_export": "a spreadsheet file",
    "specialists:staff_export": "a spreadsheet file",
    "monitoring:report_pdf": "a PDF file",
    "iati:export_activities": "an IATI file (bench/export.py measures it at two sizes)",
    "iati:export_program": "an IATI file",
    "portal:open_data_iati": "an IATI file",
    "portal:sitemap": "the sitemap (XML)",
    "knowledge:search": "hits from the search index (bench/search.py measures it)",
}

#: Lists no test here makes rows for yet (no factory for their records): to add.
UNCOVERED: dict[str, str] = {
    "programs:program_history": "change records of the program",
    "monitoring:notifications": "no factory for Notification",
    "monitoring:report_list": "no factory for PeriodReport",
    "iati:import_list": "no factory for ImportJob",
    "portal:index": "public programs",
    "portal:program": "a public program's overview",
    "portal:figures": "figures drawn from the records",
    "portal:open_data": "the open data files of a program",
    "portal:annual_report": "the annual report of a year",
    "systematization:figure_list": "figures drawn from assessments",
    "systematization:informants": "no factory for Informant",
    "systematization:report": "the systematization report",
    "systematization:setup": "criteria and scopes of the program",
    "api:assessment-list": "no factory for Assessment",
    "api:casetype-list": "no factory for CaseType",
    "api:consolidatedresult-list": "no factory for ConsolidatedResult",
    "api:dashboard-list": "the dashboard's figures per program",
    "api:figure-list": "figures drawn from assessments",
    "api:focalpoint-list": "focal points of the programs",
    "api:headcount-list": "headcount per program and year",
    "api:iatiexportjob-list": "no factory for ExportJob",
    "api:iatiimport-list": "no factory for ImportJob",
    "api:informant-list": "no factory for Informant",
    "api:interview-list": "no factory for Interview",
    "api:keyaction-list": "no factory for KeyAction",
    "api:lesson-list": "no factory for Lesson",
    "api:managementresponse-list": "no factory for ManagementResponse",
    "api:monitoringsettings-list": "no factory for MonitoringSettings",
    "api:notification-list": "no factory for Notification",
    "api:open-data-list": "the open data files of the programs",
    "api:organisation-list": "no factory for Organisation",
    "api:payment-list": "no factory for Payment",
    "api:periodreport-list": "no factory for PeriodReport",
    "api:revisionledger-list": "the revision ledger of the budget",
    "api:riskreview-list": "no factory for RiskReview",
}

#: Lists whose queries grow with their rows today: expected to fail until fixed.
GROWS: dict[str, str] = {}


def _routes() -> dict[str, matrix.Route]:
    return matrix.routes()


def _is_api_list(route: matrix.Route) -> bool:
    return route.is_api and getattr(route.callback, "actions", {}).get("get") == "list"


#: Words that name a form or an action rather than a page to read.
WRITES = ("_create", "_update", "_delete", "_edit", "_add", "_remove", "_import", "_link")


def _is_page_list(route: matrix.Route) -> bool:
    if route.is_api or route.is_admin or not route.name.count(":"):
        return False
    if set(route.kwargs) - {"code", "lang"}:
        return False  # one record's page, a file, a scheme...
    return not any(word in route.name for word in WRITES)


def test_every_list_is_declared():
    routes = _routes()
    lists = {name for name, route in routes.items() if _is_api_list(route) or _is_page_list(route)}
    tables = (PAGES, API, ELSEWHERE, NOT_LISTS, UNCOVERED, GROWS)
    declared = set().union(*tables)
    missing = sorted(
        name
        for name in lists - declared
        if not (_is_api_list(routes[name]) and _api_factory(routes[name]))
    )
    assert not missing, f"declare how to make rows for these lists: {missing}"
    assert not sorted(declared - set(routes)), "entries for URL names that no longer exist"
    assert not set(GROWS) - set(PAGES) - set(_api_lists()), "a growing list must be measured here"


def test_the_tests_named_as_checking_a_list_exist():
    root = Path(__file__).resolve().parents[2]
    for name, where in ELSEWHERE.items():
        path, test = where.split("::")
        assert f"def {test}(" in (root / path).read_text(), name


# --- making rows ---------------------------------------------------------------------------


def _factories() -> dict[type, type]:
    """Every factory of the apps' tests/factories.py, by model (the first one found)."""
    found: dict[type, type] = {}
    root = Path(__file__).resolve().parents[2]
    for module_info in pkgutil.iter_modules([str(root)]):
        name = f"alianza.{module_info.name}.tests.factories"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
            ):
                found.setdefault(value._meta.model, value)
    return found


def _program_path(model: type[models.Model], seen: tuple = ()) -> str | None:
    """The foreign keys from `model` to a program ("contract__program"), shortest first."""
    from alianza.programs.models import Program

    fields = [f for f in model._meta.fields if isinstance(f, models.ForeignKey)]
    for field in fields:
        if field.related_model is Program:
            return field.name
    for field in fields:
        target = field.related_model
        if target in seen or target is model or target._meta.app_label in ("accounts", "audit"):
            continue
        rest = _program_path(target, (*seen, model))
        if rest is not None:
            return f"{field.name}__{rest}"
    return None


def _api_model(route: matrix.Route) -> type[models.Model] | None:
    view = route.callback.cls
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(view, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def _api_factory(route: matrix.Route) -> bool:
    model = _api_model(route) if _is_api_list(route) else None
    return model is not None and model in _factories()


def _maker(rows: Rows) -> Callable:
    if rows.make is not None:
        return rows.make
    model = apps.get_model(rows.model)
    return _factory_maker(model)


def _factory_maker(model: type[models.Model]) -> Callable:
    from alianza.accounts.models import Institution

    made = _factories()[model]
    path = _program_path(model)
    declared = set(made._meta.declarations)
    # Required institutions the factory leaves to the test: a partner of the cast's program.
    institutions = [
        f.name
        for f in model._meta.fields
        if isinstance(f, models.ForeignKey)
        and f.related_model is Institution
        and not f.null
        and f.name not in declared
    ]

    def make(cast, n: int, start: int) -> None:
        kwargs = dict.fromkeys(institutions, cast.partner_a)
        if path:
            kwargs[path] = cast.program
        for _ in range(n):
            made(**kwargs)

    return make


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def _check(cast, path: str, make: Callable) -> None:
    client = cast.client("superuser")
    make(cast, N, 100)
    client.get(path)  # what is read once and cached (content types, the session)
    few = _queries(client, path)
    make(cast, 2 * N, 100 + N)
    assert _queries(client, path) == few, f"{path}: more queries with more rows"


def _page_path(cast, name: str, rows: Rows) -> str:
    route = _routes()[name]
    kwargs = {"code": cast.program.code, "lang": "en"}
    if name == "initiatives:classification_table":
        kwargs["scheme"] = cast.program.classification_schemes.first().code
    return (
        matrix.build_url(route, {k: v for k, v in kwargs.items() if k in route.kwargs}) + rows.query
    )


def _expect_growth(request, name: str) -> None:
    if name in GROWS:
        request.applymarker(pytest.mark.xfail(reason=GROWS[name], strict=True))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_issues_as_many_queries_for_3n_rows_as_for_n(cast, name, request):
    _expect_growth(request, name)
    rows = PAGES[name]
    _check(cast, _page_path(cast, name, rows), _maker(rows))


def _api_lists() -> list[str]:
    return sorted(name for name, route in _routes().items() if _is_api_list(route))


@pytest.mark.parametrize("name", _api_lists())
def test_an_api_list_issues_as_many_queries_for_3n_rows_as_for_n(cast, name, request):
    if name in ELSEWHERE or name in UNCOVERED:
        pytest.skip(ELSEWHERE.get(name) or UNCOVERED[name])
    _expect_growth(request, name)
    route = _routes()[name]
    rows = API.get(name)
    make = _maker(rows) if rows is not None else _factory_maker(_api_model(route))
    _check(cast, matrix.build_url(route, {}) + (rows.query if rows else ""), make)
