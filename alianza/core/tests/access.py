"""Who gets what from every view: the access matrix's expectations, declared in one place.

`test_access_matrix.py` walks the URL configuration, builds one concrete URL per pattern
from the matrix world (`matrix_world.py`: the conftest's cast, one record of every kind in its
public program TEST, preferring internal records, and a second program OTHER with its own
coordinator), requests it as each role of `MATRIX_ROLES` and compares the answer with the
entry below. A view without an entry fails the matrix, naming it.

Each policy lists the answer per role, in the order of MATRIX_ROLES:

    anonymous  outsider  viewer  editor  coordinator  other_coordinator  superuser

(`outsider`: a signed-in user of a non-partner institution; `viewer`, `editor`,
`coordinator`: members of partner A of TEST; `other_coordinator`: the coordinator of a
partner of OTHER only.) Answers: `ok` (2xx), `login` (redirect to the login page),
`redirect` (any other redirect, e.g. after a successful form), or a status code; `a|b`
accepts either.

`get` is the answer to GET; `post`, `put`, `patch`, `delete` the answer to that method with
an empty body (DRF routes: each method the route allows must be declared; pages: `post`
defaults to the `get` answer, for pages that answer any method alike). Every write is rolled
back.

Adding a view: add one line, `"app:url_name": Access(get=POLICY, post=POLICY_FORM),`
choosing a named policy where one fits.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Anyone, signed in or not.
PUBLIC = "ok ok ok ok ok ok ok"
#: Any signed-in user (what they see is their own, or filtered to what they may read).
SIGNED_IN = "login ok ok ok ok ok ok"
API_SIGNED_IN = "403 ok ok ok ok ok ok"
#: The program's internal pages: its partners read them; signed-in others are refused.
PARTNER_READ = "login 403 ok ok ok 403 ok"
#: An internal record named in the URL: it does not exist for those who may not read it.
INTERNAL_RECORD = "404 404 ok ok ok 404 ok"
API_PARTNER_READ = "403 403 ok ok ok 403 ok"
#: Editing pages of the program's partners (editing roles); the empty form is refused (400).
PARTNER_EDIT = "login 403 403 ok ok 403 ok"
PARTNER_EDIT_FORM = "login 403 403 400 400 403 400"
#: Coordinators' pages, and their empty form.
COORDINATOR = "login 403 403 403 ok 403 ok"
COORDINATOR_FORM = "login 403 403 403 400 403 400"
#: A coordinators' action, POSTed: done, it redirects back to the page.
COORDINATOR_DONE = "login 403 403 403 redirect 403 redirect"
#: API writes. An empty body to a list route is refused as invalid (the service decides
#: the permission once the body names a program); an empty PATCH to a record one may change
#: changes nothing (200).
API_CREATE_EMPTY = "403 400 400 400 400 400 400"
API_REPLACE_EMPTY = "403 404 400 400 400 404 400"
API_EDIT = "403 404 403 ok ok 404 ok"
API_COORDINATOR = "403 404 403 403 ok 404 ok"
API_NO_DELETE = "403 405 405 405 405 405 405"
#: Shared reference lists (exchange rates): administrators keep them, not any program's
#: coordinator (nor the coordinator of another program, whose rates they would change).
ADMINISTRATORS_ONLY = "403 403 403 403 403 403 ok"
#: API writes to a record everyone may read (a public program's setup): its coordinators
#: (or its editing roles) change it; the others are refused.
COORDINATOR_WRITE = "403 403 403 403 ok 403 ok"
EDITOR_WRITE = "403 403 403 ok ok 403 ok"
#: A delete those allowed make, refused because the record is in use (400 naming what).
COORDINATOR_IN_USE = "403 403 403 403 400 403 400"
#: Administrators only: a new program (page and its empty form), deleting a program.
ADMINISTRATOR = "login 403 403 403 403 403 ok"
ADMINISTRATOR_FORM = "login 403 403 403 403 403 400"
#: (The matrix's program holds the partners' joint work: its delete is refused, 400.)
API_ADMINISTRATOR = "403 403 403 403 403 403 400"
#: An institution (partner A of TEST, in the URL): administrators and its own coordinators
#: change it; the coordinator of another program (another institution) may not.
OWN_INSTITUTION = "403 403 403 403 ok 403 ok"
#: A program that is not public, named in the URL (OTHER): it does not exist for those who
#: are not its partners (its export then fails on missing IATI identifiers: 422).
HIDDEN_PROGRAM = "404 404 404 404 404 422 422"
#: A specialist's personal data (their own pages and those of the holding institution's
#: human-resources focal points): nobody of the matrix.
PERSONAL_DATA = "login 403 403 403 403 403 403"
#: The method is not served.
NOT_ALLOWED = "405 405 405 405 405 405 405"
NOT_ALLOWED_SIGNED_IN = "login 405 405 405 405 405 405"
#: A signed-in user's own form, sent empty.
SIGNED_IN_FORM = "login 400 400 400 400 400 400"
#: A job the editor started (a spreadsheet check, an export): its program's partners read
#: it (an export job: only the person who asked for it, and administrators).
OWN_EXPORT = "404 404 404 ok 404 404 ok"
REDIRECT = "redirect redirect redirect redirect redirect redirect redirect"
#: Django's admin site: staff only; what a superuser gets depends on the admin page
#: (the catch-all answers 404 for an unknown admin path).
ADMIN = "login login login login login login ok|redirect|403|404"


@dataclass(frozen=True)
class Access:
    get: str
    post: str | None = None
    put: str | None = None
    patch: str | None = None
    delete: str | None = None

    def expected(self, method: str) -> str | None:
        return getattr(self, method)


#: Endpoints that need `?program=` to answer anything; the matrix gives them TEST.
NEEDS_PROGRAM = {
    "api:criteria-matrix",
    "api:dashboard-list",
    "api:headcount-list",
    "api:figure-list",
    "api:figure-detail",
}

#: Costly views (the OpenAPI schema, whole reports): the matrix requests them with GET only,
#: as SAMPLED_ROLES, and the bad-query-string sweep leaves them out. Django's admin views
#: (one wrapper for all: staff only) are sampled too, except its index.
COSTLY = {"api:schema", "systematization:report_download", "monitoring:report_pdf"}
SAMPLED_ROLES = ("anonymous", "outsider", "coordinator", "other_coordinator", "superuser")

#: Entries that apply to every view of a namespace without an entry of its own.
NAMESPACES: dict[str, Access] = {
    "admin": Access(get=ADMIN),
}

ACCESS: dict[str, Access] = {
    "api:casetype-detail": Access(
        get=PUBLIC, put=COORDINATOR_WRITE, patch=COORDINATOR_WRITE, delete=COORDINATOR_IN_USE
    ),
    "api:casetype-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:informant-detail": Access(
        get=INTERNAL_RECORD, put=API_EDIT, patch=API_EDIT, delete="403 404 403 400 400 404 400"
    ),
    "api:informant-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:partnership-detail": Access(
        get=PUBLIC, put=COORDINATOR_WRITE, patch=COORDINATOR_WRITE, delete=COORDINATOR_WRITE
    ),
    "api:partnership-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:successfactor-detail": Access(
        get=PUBLIC, put=COORDINATOR_WRITE, patch=COORDINATOR_WRITE, delete=COORDINATOR_IN_USE
    ),
    "api:successfactor-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "programs:program_create": Access(get=ADMINISTRATOR, post=ADMINISTRATOR_FORM),
    "programs:setup": Access(get=PARTNER_READ),
    "programs:program_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "programs:partner_add": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "programs:partner_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "programs:partner_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "programs:partner_remove": Access(get=COORDINATOR, post=COORDINATOR_DONE),
    "initiatives:scheme_setup": Access(get=PARTNER_READ),
    "initiatives:scheme_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "initiatives:scheme_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "initiatives:scheme_delete": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "systematization:setup": Access(get=PARTNER_READ),
    "systematization:setup_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "systematization:setup_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "systematization:setup_delete": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "admin:login": Access(get="ok ok ok ok ok ok redirect"),
    "admin:logout": Access(get="redirect redirect redirect redirect redirect redirect 405"),
    "accounts:login": Access(get="ok redirect redirect redirect redirect redirect redirect"),
    "accounts:logout": Access(get=NOT_ALLOWED, post=REDIRECT),
    "accounts:profile": Access(get=SIGNED_IN, post=NOT_ALLOWED_SIGNED_IN),
    "accounts:password_change": Access(get=SIGNED_IN, post="login 400 400 400 400 400 400"),
    "accounts:token_create": Access(get=NOT_ALLOWED_SIGNED_IN, post=SIGNED_IN_FORM),
    # The editor's own token: only its owner revokes it; for anyone else it does not exist.
    "accounts:token_revoke": Access(
        get=NOT_ALLOWED_SIGNED_IN, post="login 404 404 redirect 404 404 404"
    ),
    "api:actionitem-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_EDIT, delete=API_NO_DELETE
    ),
    "api:actionitem-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:activity-by-country": Access(get=PUBLIC),
    "api:activity-by-subdivision": Access(get=PUBLIC),
    "api:activity-detail": Access(get=INTERNAL_RECORD),
    "api:activity-list": Access(get=PUBLIC),
    "api:activity-network": Access(get=PUBLIC),
    "api:assessment-detail": Access(get=INTERNAL_RECORD, delete=API_COORDINATOR),
    "api:assessment-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:boardmeeting-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_EDIT, delete=API_NO_DELETE
    ),
    "api:boardmeeting-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:budgetline-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_COORDINATOR, delete=API_COORDINATOR
    ),
    "api:budgetline-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:changerecord-detail": Access(get="403 404 ok ok ok 404 ok"),
    "api:changerecord-list": Access(get=API_SIGNED_IN),
    "api:classificationscheme-detail": Access(
        get=PUBLIC, put=COORDINATOR_WRITE, patch=COORDINATOR_WRITE, delete=COORDINATOR_IN_USE
    ),
    "api:classificationscheme-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:component-detail": Access(get=PUBLIC),
    "api:component-list": Access(get=PUBLIC),
    "api:consolidatedresult-detail": Access(
        get=INTERNAL_RECORD, put=API_NO_DELETE, patch=API_COORDINATOR
    ),
    "api:consolidatedresult-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:consolidatedresult-settle": Access(get=NOT_ALLOWED, post=API_REPLACE_EMPTY),
    "api:contract-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_EDIT, delete=API_NO_DELETE
    ),
    "api:position-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_COORDINATOR, delete=API_NO_DELETE
    ),
    "api:position-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:specialist-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_COORDINATOR, delete=API_NO_DELETE
    ),
    "api:specialist-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    # A specialist's personal data: 403 to every partner of the matrix (only the holder's
    # human-resources focal points and the person read them), 404 to non-partners.
    "api:specialist-personal-data": Access(
        get="404 404 403 403 403 404 403",
        put="403 404 403 403 403 404 403",
        patch="403 404 403 403 403 404 403",
    ),
    "api:servicecontract-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_COORDINATOR, delete=API_NO_DELETE
    ),
    "api:servicecontract-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:headcount-list": Access(get=API_PARTNER_READ),
    "api:contract-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:criteria-matrix": Access(get=PUBLIC),
    "api:criteriaset-detail": Access(
        get=PUBLIC, put=COORDINATOR_WRITE, patch=COORDINATOR_WRITE, delete=COORDINATOR_IN_USE
    ),
    "api:criteriaset-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:dashboard-list": Access(get=API_PARTNER_READ),
    "api:deliverable-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_EDIT, delete=API_NO_DELETE
    ),
    "api:deliverable-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:deliverablereview-detail": Access(get=INTERNAL_RECORD),
    "api:deliverablereview-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:dispute-detail": Access(get=INTERNAL_RECORD),
    "api:dispute-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:dispute-step": Access(get=NOT_ALLOWED, post=API_REPLACE_EMPTY),
    "api:docs": Access(get=PUBLIC),
    "api:product-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_EDIT, delete=API_COORDINATOR
    ),
    "api:product-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:search": Access(get=PUBLIC),
    "api:documentversion-detail": Access(get=PUBLIC),
    "api:documentversion-list": Access(get=PUBLIC),
    "api:excerpt-detail": Access(
        get=INTERNAL_RECORD, put=API_NO_DELETE, patch=API_EDIT, delete=API_EDIT
    ),
    "api:excerpt-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    # Converting needs an amount: asked for none, everyone gets the named 400.
    "api:exchangerate-convert": Access(get="400 400 400 400 400 400 400"),
    "api:exchangerate-detail": Access(
        get=PUBLIC, put=API_CREATE_EMPTY, patch=ADMINISTRATORS_ONLY, delete=ADMINISTRATORS_ONLY
    ),
    "api:exchangerate-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:figure-detail": Access(get=PUBLIC),
    "api:figure-list": Access(get=PUBLIC),
    "api:focalpoint-list": Access(get=PUBLIC),
    "api:fundingsource-detail": Access(get=INTERNAL_RECORD),
    "api:fundingsource-list": Access(get=PUBLIC),
    "api:generalrevision-detail": Access(get=INTERNAL_RECORD),
    "api:generalrevision-list": Access(get=PUBLIC),
    "api:iatiexport-activities": Access(get=PUBLIC),
    "api:iatiexport-organisations": Access(get=PUBLIC),
    "api:iatiexport-programs": Access(get=HIDDEN_PROGRAM),
    "api:iatiimport-detail": Access(get="403 404 ok ok ok 404 ok"),
    "api:iatiimport-list": Access(get=API_SIGNED_IN, post="403 415 415 415 415 415 415"),
    "api:iatiimport-report": Access(get="403 404 ok ok ok 404 ok"),
    "api:iatiimport-rerun": Access(
        get="403 405 405 405 405 405 405", post="403 404 403 409 409 404 409"
    ),
    "api:iatiexportjob-list": Access(get=PUBLIC),
    "api:iatiexportjob-detail": Access(get=OWN_EXPORT),
    "api:iatiexportjob-download": Access(get="404 404 404 404 404 404 404"),
    "api:iatiexportjob-rerun": Access(get=NOT_ALLOWED, post="404 404 404 409 404 404 409"),
    "api:initiative-detail": Access(
        get=PUBLIC,
        put="403 403 403 ok ok 403 ok",
        patch="403 403 403 ok ok 403 ok",
        delete="403 403 403 403 ok 403 ok",
    ),
    "api:initiative-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:institution-detail": Access(get=PUBLIC, put=OWN_INSTITUTION, patch=OWN_INSTITUTION),
    "api:institution-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:institution-me": Access(get=API_SIGNED_IN),
    "api:interview-detail": Access(get=INTERNAL_RECORD),
    "api:interview-list": Access(get=PUBLIC),
    "api:keyaction-detail": Access(get=INTERNAL_RECORD, put=API_NO_DELETE, patch=API_EDIT),
    "api:keyaction-follow-up": Access(get=NOT_ALLOWED, post=API_REPLACE_EMPTY),
    "api:keyaction-list": Access(get=PUBLIC, post="403 404 404 404 404 404 404"),
    "api:lesson-detail": Access(
        get=PUBLIC, put=EDITOR_WRITE, patch=EDITOR_WRITE, delete=EDITOR_WRITE
    ),
    "api:lesson-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:managementresponse-detail": Access(get=INTERNAL_RECORD),
    "api:managementresponse-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:monitoringsettings-detail": Access(
        get=INTERNAL_RECORD, put=API_COORDINATOR, patch=API_COORDINATOR
    ),
    "api:monitoringsettings-list": Access(get=PUBLIC),
    "api:notification-detail": Access(get="403 404 ok 404 404 404 404"),
    "api:notification-list": Access(get=API_SIGNED_IN),
    "api:notification-read": Access(get=API_NO_DELETE, post="403 404 ok 404 404 404 404"),
    "api:organisation-detail": Access(get=PUBLIC),
    "api:organisation-list": Access(get=PUBLIC),
    "api:payment-detail": Access(get=INTERNAL_RECORD),
    "api:payment-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:periodreport-detail": Access(get=INTERNAL_RECORD),
    "api:periodreport-list": Access(get=PUBLIC),
    "api:periodreport-sign": Access(get=NOT_ALLOWED, post=API_CREATE_EMPTY),
    "api:phase-detail": Access(get=PUBLIC),
    "api:phase-list": Access(get=PUBLIC),
    "api:policyinstrument-detail": Access(get=PUBLIC),
    "api:policyinstrument-list": Access(get=PUBLIC),
    "api:program-detail": Access(
        get=PUBLIC, put=COORDINATOR_WRITE, patch=COORDINATOR_WRITE, delete=API_ADMINISTRATOR
    ),
    "api:program-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:recommendation-detail": Access(
        get=PUBLIC, put=COORDINATOR_WRITE, patch=COORDINATOR_WRITE, delete=COORDINATOR_WRITE
    ),
    "api:recommendation-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:redoc": Access(get=PUBLIC),
    "api:revisionledger-list": Access(get=PUBLIC),
    "api:risk-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_EDIT, delete=API_NO_DELETE
    ),
    "api:risk-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:riskaction-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_EDIT, delete=API_NO_DELETE
    ),
    "api:riskaction-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:riskreview-detail": Access(get=INTERNAL_RECORD),
    "api:riskreview-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:root": Access(get=PUBLIC),
    "api:schema": Access(get=PUBLIC),
    "api:systematizationperiod-detail": Access(
        get=PUBLIC, put=COORDINATOR_WRITE, patch=COORDINATOR_WRITE, delete=COORDINATOR_IN_USE
    ),
    "api:systematizationperiod-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:transaction-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_EDIT, delete=API_COORDINATOR
    ),
    "api:transaction-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "audit:change_detail": Access(get="login 404 ok ok ok 404 ok"),
    "audit:change_list": Access(get=SIGNED_IN),
    "audit:object_history": Access(get=PUBLIC),
    # Specialists: the partners read; the human-resources focal points and coordinators
    # manage (no HR focal point in the matrix: coordinators stand for both). Personal data:
    # only the holder's HR focal points and the person, so nobody of the matrix.
    "specialists:staffing": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:headcount_export": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:headcount_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:headcount_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:position_list": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:position_detail": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:position_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:position_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:specialist_list": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:specialist_detail": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:specialist_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:specialist_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:personal_data_update": Access(get=PERSONAL_DATA, post=PERSONAL_DATA),
    "specialists:staff_export": Access(get=COORDINATOR, post=NOT_ALLOWED),
    "specialists:contract_list": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:contract_detail": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:contract_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:contract_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:contract_decide": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:contract_renew": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:notice_list": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:notice_detail": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "specialists:notice_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "specialists:notice_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    # Only the program's specialists ask; a question is read by its asker and the managers.
    "specialists:question_create": Access(get=PERSONAL_DATA, post=PERSONAL_DATA),
    "specialists:question_detail": Access(get="login 403 404 404 ok 403 ok", post=NOT_ALLOWED),
    "specialists:question_answer": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "contracts:contract_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "contracts:contract_detail": Access(get=PARTNER_READ),
    "contracts:contract_list": Access(get=PARTNER_READ),
    "contracts:contract_terminate": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "contracts:contract_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "contracts:deliverable_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "contracts:deliverable_review": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "contracts:deliverable_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "contracts:payment_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "core:favicon": Access(get=REDIRECT, post=NOT_ALLOWED),
    "core:healthz": Access(get=PUBLIC),
    "core:home": Access(get=PUBLIC),
    "finance:budget": Access(get=PARTNER_READ),
    "finance:budget_line_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "finance:budget_line_delete": Access(get=COORDINATOR, post=COORDINATOR_DONE),
    "finance:transaction_delete": Access(get=COORDINATOR, post=COORDINATOR_DONE),
    "finance:exchange_rate_delete": Access(
        get="login 403 403 403 403 403 ok", post="login 403 403 403 403 403 redirect"
    ),
    "finance:budget_line_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "finance:exchange_rates": Access(get=PARTNER_READ, post="login 403 403 403 403 403 400"),
    "finance:transaction_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "finance:transaction_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "governance:action_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "governance:action_list": Access(get=PARTNER_READ),
    "governance:action_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "governance:dispute_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "governance:dispute_detail": Access(get=PARTNER_READ),
    "governance:dispute_list": Access(get=PARTNER_READ),
    "governance:dispute_step": Access(get=NOT_ALLOWED, post=COORDINATOR_FORM),
    "governance:meeting_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "governance:meeting_detail": Access(get=PARTNER_READ),
    "governance:meeting_list": Access(get=PARTNER_READ),
    "governance:meeting_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "iati:activity_quality": Access(get=INTERNAL_RECORD),
    "iati:export_activities": Access(get=PUBLIC),
    "iati:export_organisation": Access(get=PUBLIC),
    "iati:export_program": Access(get=HIDDEN_PROGRAM),
    # The public portal: the same answer whoever asks (it reads as an anonymous visitor).
    "portal:index_redirect": Access(
        get="redirect redirect redirect redirect redirect redirect redirect"
    ),
    "portal:index": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:sitemap": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:program": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:initiatives": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:flagships": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:figures": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:products": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:open_data": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:open_data_file": Access(get=PUBLIC, post=NOT_ALLOWED),
    "portal:open_data_iati": Access(get="422|ok " * 6 + "422|ok", post=NOT_ALLOWED),
    "portal:annual_report": Access(get=PARTNER_READ),
    "portal:annual_report_download": Access(get=PARTNER_READ),
    "api:open-data-list": Access(get=PUBLIC),
    "api:open-data-detail": Access(get=PUBLIC),
    "iati:import_create": Access(
        get="login 403 403 ok ok ok ok", post="login 403 403 400 400 400 400"
    ),
    "iati:import_detail": Access(get="login 404 ok ok ok 404 ok"),
    # Only a failed import is run again: this one is queued (409 for those who may rerun).
    "iati:import_rerun": Access(get=NOT_ALLOWED_SIGNED_IN, post="login 404 403 409 409 404 409"),
    "iati:export_detail": Access(get=OWN_EXPORT),
    # The world's export job is still queued: no file to download yet, and only a failed
    # job is run again (409 for its owner). Downloads are tested in test_export_jobs.py.
    "iati:export_download": Access(get="404 404 404 404 404 404 404"),
    "iati:export_rerun": Access(get=NOT_ALLOWED, post="404 404 404 409 404 404 409"),
    "iati:import_list": Access(get=SIGNED_IN),
    "initiatives:classification_index": Access(get=REDIRECT),
    "initiatives:classification_table": Access(get=PUBLIC),
    "initiatives:initiative_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "initiatives:initiative_delete": Access(
        get="404 404 403 403 ok 404 ok", post="404 404 403 403 redirect 404 redirect"
    ),
    "initiatives:initiative_detail": Access(get=INTERNAL_RECORD),
    "initiatives:initiative_list": Access(get=PUBLIC),
    "initiatives:initiative_update": Access(
        get="404 404 403 ok ok 404 ok", post="404 404 403 400 400 404 400"
    ),
    "javascript-catalog": Access(get=PUBLIC, post=NOT_ALLOWED),
    "monitoring:dashboard": Access(get=PARTNER_READ),
    "monitoring:notification_read": Access(
        get="login 405 405 405 405 405 405", post="login 404 redirect 404 404 404 404"
    ),
    "monitoring:notifications": Access(get=SIGNED_IN),
    "monitoring:report": Access(get=PARTNER_READ),
    "monitoring:report_detail": Access(get="login 403 redirect redirect redirect 403 redirect"),
    "monitoring:report_list": Access(get=PARTNER_READ),
    "monitoring:report_pdf": Access(get=PARTNER_READ),
    # GET: the confirmation step, for the partners' coordinators only.
    "monitoring:report_sign": Access(
        get="login 403 403 403 ok 403 403", post="login 403 redirect redirect redirect 403 redirect"
    ),
    "monitoring:settings": Access(get=PARTNER_READ, post=COORDINATOR_FORM),
    "programs:document_compare": Access(get=PUBLIC),
    "programs:document_detail": Access(get=PUBLIC),
    "programs:document_list": Access(get=PUBLIC),
    "programs:program_detail": Access(get=PUBLIC),
    "programs:program_history": Access(get=PARTNER_READ),
    "registry:activity_detail": Access(get=INTERNAL_RECORD),
    "registry:activity_list": Access(get=PUBLIC),
    "registry:initiative_link": Access(
        get=NOT_ALLOWED, post="404 404 403 redirect redirect 404 redirect"
    ),
    "registry:map": Access(get=PUBLIC),
    "registry:map_data": Access(get=PUBLIC),
    "registry:network": Access(get=PUBLIC),
    "registry:network_data": Access(get=PUBLIC),
    "registry:program_registry": Access(get=REDIRECT),
    # Editors of the program link an activity of no program (none in the world: 404).
    "registry:program_activity_link": Access(get=NOT_ALLOWED, post="login 403 403 404 404 403 404"),
    "registry:spreadsheet_import": Access(
        get="login 403 403 ok ok ok ok", post="login 403 403 400 400 400 400"
    ),
    "registry:spreadsheet_template": Access(get=PUBLIC),
    "registry:spreadsheet_job": Access(get="login 404 ok ok ok 404 ok"),
    # Only the person who sent the file imports it (the world's job keeps no file: 409).
    "registry:spreadsheet_job_confirm": Access(
        get=NOT_ALLOWED_SIGNED_IN, post="login 404 403 409 403 404 403"
    ),
    # Only a failed job is run again: this one is done (409 for those who may rerun).
    "registry:spreadsheet_job_rerun": Access(
        get=NOT_ALLOWED_SIGNED_IN, post="login 404 403 409 409 404 409"
    ),
    "registry:vocabulary": Access(get=PUBLIC),
    "api:deployment-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:deployment-detail": Access(
        get=INTERNAL_RECORD, put=API_EDIT, patch=API_EDIT, delete=API_NO_DELETE
    ),
    # The matrix's mission misses a checklist item: its approval is refused (400).
    "api:deployment-approve": Access(get=NOT_ALLOWED, post="403 404 403 403 400 404 400"),
    "api:deployedperson-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:deployedperson-detail": Access(
        get=INTERNAL_RECORD, put=API_EDIT, patch=API_EDIT, delete=API_EDIT
    ),
    "api:scenario-list": Access(get=PUBLIC, post=API_CREATE_EMPTY),
    "api:scenario-detail": Access(
        get=INTERNAL_RECORD, put=API_REPLACE_EMPTY, patch=API_COORDINATOR, delete=API_NO_DELETE
    ),
    "api:scenario-plan": Access(get=NOT_ALLOWED, post="403 404 400 400 400 404 400"),
    "deployments:deployment_list": Access(get=PARTNER_READ),
    "deployments:deployment_export": Access(get=PARTNER_READ),
    "deployments:deployment_detail": Access(get=PARTNER_READ),
    "deployments:deployment_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "deployments:deployment_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    # The matrix's mission misses a checklist item: its approval is refused (400).
    "deployments:deployment_approve": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "deployments:person_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "deployments:person_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "deployments:person_remove": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "staffing_plans:scenario_list": Access(get=PARTNER_READ),
    "staffing_plans:scenario_detail": Access(get=PARTNER_READ),
    "staffing_plans:scenario_compare": Access(get=PARTNER_READ),
    "staffing_plans:scenario_export": Access(get=PARTNER_READ),
    "staffing_plans:scenario_create": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "staffing_plans:scenario_update": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "staffing_plans:scenario_plan": Access(get=COORDINATOR, post=COORDINATOR_FORM),
    "knowledge:audiences": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "knowledge:file_download": Access(get=INTERNAL_RECORD, post=NOT_ALLOWED),
    "knowledge:product_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "knowledge:product_detail": Access(get=INTERNAL_RECORD, post=NOT_ALLOWED),
    "knowledge:product_list": Access(get=PUBLIC, post=NOT_ALLOWED),
    "knowledge:product_reuse": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "knowledge:product_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "knowledge:search": Access(get=PUBLIC, post=NOT_ALLOWED),
    "knowledge:use_report": Access(get=PARTNER_READ, post=NOT_ALLOWED),
    "risks:action_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "risks:action_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "risks:risk_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "risks:risk_detail": Access(get=PARTNER_READ),
    "risks:risk_list": Access(get=PARTNER_READ),
    "risks:risk_review": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "risks:risk_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "set_language": Access(get=REDIRECT),
    "systematization:action_create": Access(
        get=NOT_ALLOWED, post="404 404 403 redirect redirect 404 redirect"
    ),
    "systematization:action_follow_up": Access(
        get=NOT_ALLOWED, post="404 404 403 redirect redirect 404 redirect"
    ),
    "systematization:assess": Access(
        get="404 404 403 ok ok 404 ok", post="404 404 403 400 400 404 400"
    ),
    "systematization:consolidate": Access(get=PARTNER_READ),
    "systematization:consolidate_create": Access(get=NOT_ALLOWED, post=COORDINATOR_DONE),
    "systematization:consolidate_mention": Access(get=NOT_ALLOWED, post=COORDINATOR_DONE),
    "systematization:consolidate_settle": Access(get=NOT_ALLOWED, post=COORDINATOR_DONE),
    "systematization:evidence": Access(get=PARTNER_READ),
    "systematization:excerpt_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "systematization:excerpt_delete": Access(
        get=PARTNER_EDIT, post="login 403 403 redirect redirect 403 redirect"
    ),
    "systematization:excerpt_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "systematization:figure_download": Access(get=PUBLIC),
    "systematization:figure_list": Access(get=PUBLIC),
    "systematization:informants": Access(get=PARTNER_READ),
    "systematization:interview_create": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "systematization:interview_detail": Access(get=PARTNER_READ),
    "systematization:interview_list": Access(get=PARTNER_READ),
    "systematization:interview_update": Access(get=PARTNER_EDIT, post=PARTNER_EDIT_FORM),
    "systematization:lessons": Access(get=PUBLIC),
    "systematization:overview": Access(get=PUBLIC),
    "systematization:recommendation_list": Access(get=PUBLIC),
    "systematization:report": Access(get=PUBLIC),
    "systematization:report_download": Access(get=PUBLIC),
    "systematization:respond": Access(get=NOT_ALLOWED, post="404 404 403 403 redirect 404 403"),
}


def entry_for(name: str) -> Access | None:
    if name in ACCESS:
        return ACCESS[name]
    return NAMESPACES.get(name.split(":")[0]) if ":" in name else None
