"""Nothing escapes the audit trail through a cascade.

Every `on_delete=CASCADE` relation that touches a project model is declared below with how
its rows stay visible when the parent is deleted:

- SNAPSHOT: the child is an owned part of the parent, shown by the parent's snapshot
  (`audit_related()`), and the parent says so in `audit_owned`;
- RECORD: `audit.delete_and_record()` writes one delete record per child row, linked to the
  parent's record (`cascade_of`);
- UNAUDITED: the child is not project data with a trail of its own (Django's admin log, an
  API credential, an import log), with the reason.

Relations where deleting the children would lose the partners' joint work are not cascades
at all: they are PROTECT and the delete is refused with a message (REFUSED below).

A new CASCADE without an entry fails `test_every_cascade_is_declared`; the walk tests then
delete a parent with children through every deleting service and check that every row that
disappeared has a record or is in a recorded parent's snapshot.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.sites import site as admin_site
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory

from alianza.audit.guard import AuditedQuerySet
from alianza.audit.models import ChangeRecord, Operation

SNAPSHOT = "snapshot"
RECORD = "record"
UNAUDITED = "unaudited"

#: child model label + "." + foreign key name -> (policy, why). Keep sorted by app.
CASCADES: dict[str, tuple[str, str]] = {
    # accounts.User
    "admin.LogEntry.user": (UNAUDITED, "Django's own admin log, not project data"),
    "accounts.ApiToken.user": (SNAPSHOT, "the user's tokens (never a key)"),
    "iati.ExportJob.created_by": (UNAUDITED, "an export's log; an export writes no record"),
    "accounts.Membership.user": (SNAPSHOT, "the user's institution and role"),
    "monitoring.Notification.user": (RECORD, "a personal message; recorded when it goes"),
    # programs.Program (deleted by administrators in the admin)
    "programs.Partnership.program": (SNAPSHOT, "the partners are part of the program"),
    "programs.Phase.program": (RECORD, "program structure"),
    "programs.Component.program": (RECORD, "program structure"),
    "programs.FundingSource.program": (RECORD, "program structure"),
    "programs.DocumentVersion.program": (RECORD, "program documents"),
    "programs.GeneralRevision.program": (RECORD, "money: each revision recorded"),
    "initiatives.ClassificationScheme.program": (RECORD, "with its terms in its snapshot"),
    "systematization.CriteriaSet.program": (RECORD, "with its criteria in its snapshot"),
    "systematization.SystematizationPeriod.program": (RECORD, "and what it holds"),
    "systematization.CaseType.program": (RECORD, "informant types"),
    "systematization.Informant.program": (RECORD, "informants"),
    "systematization.AnalysisScope.program": (RECORD, "with categories and questions"),
    "systematization.SuccessFactor.program": (RECORD, "success factors"),
    "systematization.ReportNumber.program": (RECORD, "the report's numbering"),
    "finance.BudgetLine.program": (RECORD, "money: each budget line recorded"),
    "monitoring.MonitoringSettings.program": (RECORD, "thresholds"),
    "monitoring.Notification.program": (RECORD, "a personal message about the program"),
    "iati.ImportJob.program": (UNAUDITED, "an import's log; the imported records have theirs"),
    "iati.ImportIssue.job": (UNAUDITED, "an import's log"),
    "registry.SpreadsheetJob.program": (UNAUDITED, "an import's log; imported rows have theirs"),
    "registry.SpreadsheetRow.job": (UNAUDITED, "an import's log"),
    # programs structure
    "programs.ExpectedResult.version": (SNAPSHOT, "the version's results"),
    "programs.ExpectedProduct.result": (RECORD, "in the version's snapshot; own record else"),
    "programs.DocumentVersionAmount.version": (SNAPSHOT, "the version's amounts"),
    "programs.RevisionAmount.revision": (SNAPSHOT, "the revision's amounts"),
    "initiatives.ClassificationTerm.scheme": (SNAPSHOT, "the scheme's terms"),
    "initiatives.PolicyProvision.instrument": (SNAPSHOT, "the instrument's provisions"),
    # initiatives.Initiative
    "initiatives.Classification.initiative": (SNAPSHOT, "the initiative's classification"),
    "initiatives.Alignment.initiative": (SNAPSHOT, "the initiative's alignments"),
    "initiatives.ExecutionPeriod.initiative": (SNAPSHOT, "the initiative's periods"),
    "initiatives.CostRecord.initiative": (SNAPSHOT, "the initiative's costs"),
    "initiatives.Involvement.initiative": (SNAPSHOT, "the initiative's institutions"),
    "initiatives.KeyFigure.initiative": (SNAPSHOT, "the initiative's key figures"),
    "registry.InitiativeLink.initiative": (RECORD, "a link between two records"),
    # systematization
    "systematization.AssessmentItem.assessment": (SNAPSHOT, "the assessment's scores"),
    "systematization.ConsolidatedValue.result": (SNAPSHOT, "the result's values"),
    "systematization.Criterion.criteria_set": (SNAPSHOT, "the set's criteria"),
    "systematization.Assessment.period": (RECORD, "an assessor's work"),
    "systematization.ConsolidatedResult.period": (RECORD, "the partners' agreed result"),
    "systematization.Interview.period": (RECORD, "fieldwork"),
    "systematization.Nomination.period": (RECORD, "fieldwork"),
    "systematization.Lesson.period": (RECORD, "findings"),
    "systematization.Recommendation.period": (RECORD, "findings"),
    "systematization.Excerpt.interview": (RECORD, "coded evidence"),
    "systematization.AnalysisCategory.scope": (SNAPSHOT, "the scope's categories"),
    "systematization.Question.scope": (SNAPSHOT, "the scope's questions"),
    "systematization.ManagementResponse.recommendation": (RECORD, "a partner's response"),
    "systematization.KeyAction.recommendation": (RECORD, "follow-up"),
    "systematization.ActionUpdate.action": (SNAPSHOT, "the action's history"),
    # contracts, risks, governance, monitoring
    "contracts.Deliverable.contract": (SNAPSHOT, "the contract's deliverables"),
    "contracts.DeliverableReview.deliverable": (RECORD, "a reviewer's verdict"),
    "risks.RiskOwner.risk": (SNAPSHOT, "the risk's owners"),
    "risks.RiskAction.risk": (RECORD, "mitigation work"),
    "risks.RiskReview.risk": (RECORD, "a review's judgement"),
    "governance.Attendance.meeting": (SNAPSHOT, "the meeting's attendance"),
    "governance.BoardDecision.meeting": (SNAPSHOT, "the meeting's decisions"),
    "governance.CriteriaAgreement.dispute": (SNAPSHOT, "the partners' agreements"),
    "monitoring.Signature.report": (SNAPSHOT, "the report's signatures"),
    # registry.Activity
    "registry.ParticipatingOrg.activity": (SNAPSHOT, "the activity's IATI content"),
    "registry.ActivitySector.activity": (SNAPSHOT, "the activity's IATI content"),
    "registry.RecipientCountry.activity": (SNAPSHOT, "the activity's IATI content"),
    "registry.ActivityLocation.activity": (SNAPSHOT, "the activity's IATI content"),
    "registry.Budget.activity": (SNAPSHOT, "the activity's IATI content"),
    "registry.Transaction.activity": (SNAPSHOT, "the activity's IATI content"),
    "registry.InitiativeLink.activity": (RECORD, "a link between two records"),
    # knowledge.KnowledgeProduct
    "knowledge.ProductFile.product": (SNAPSHOT, "the product's files"),
    "knowledge.ProductReuse.product": (RECORD, "a later use of the product"),
    "knowledge.ProductReuse.initiative": (RECORD, "a later use of a product"),
    "knowledge.ProductReuse.lesson": (RECORD, "a later use of a product"),
    "knowledge.ProductReuse.policy_instrument": (RECORD, "a later use of a product"),
    "knowledge.ProductUse.product": (UNAUDITED, "a usage log: views and downloads counted"),
}

#: Relations that refuse the delete (PROTECT) because the children are joint work.
REFUSED = {
    "systematization.Assessment.initiative",
    "systematization.ConsolidatedResult.initiative",
    "systematization.Nomination.initiative",
}


def _is_project(model: type[models.Model]) -> bool:
    return model.__module__.startswith("alianza.")


def _is_audited(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager.all(), AuditedQuerySet)


def cascade_edges() -> dict[str, models.ForeignKey]:
    """Every CASCADE foreign key (or one-to-one) from or to a project model, by
    "<child label>.<field name>"; the auto-created many-to-many tables are left out (their
    rows are the owner's snapshot, and a lost link is recorded as the owner's update)."""
    edges = {}
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            forward = field.is_relation and field.concrete
            if not (forward and (field.many_to_one or field.one_to_one)):
                continue
            if field.remote_field.on_delete is not models.CASCADE:
                continue
            if field.remote_field.parent_link:
                continue
            target = field.related_model
            if _is_project(model) or _is_project(target):
                edges[f"{model._meta.label}.{field.name}"] = field
    return edges


def undeclared(edges, declared) -> list[str]:
    return sorted(set(edges) - set(declared))


def test_every_cascade_is_declared():
    edges = cascade_edges()
    missing = undeclared(edges, CASCADES)
    assert not missing, (
        "CASCADE relations with no audit policy; declare each in CASCADES (snapshot: add it "
        f"to the parent's audit_owned and audit_related; record; or make it PROTECT): {missing}"
    )
    stale = sorted(set(CASCADES) - set(edges))
    assert not stale, f"CASCADES names relations that are no longer cascades: {stale}"


def test_a_new_cascade_without_a_declaration_is_caught():
    """What a developer sees who adds a CASCADE and forgets the trail: the check names it."""
    edges = cascade_edges()
    declared = dict(CASCADES)
    del declared["finance.BudgetLine.program"]
    assert undeclared(edges, declared) == ["finance.BudgetLine.program"]
    edges["finance.Transaction.initiative_new"] = edges["finance.BudgetLine.program"]
    assert "finance.Transaction.initiative_new" in undeclared(edges, CASCADES)


@pytest.mark.parametrize("edge", sorted(CASCADES))
def test_each_declaration_holds(edge):
    field = cascade_edges()[edge]
    child, parent = field.model, field.related_model
    policy, _why = CASCADES[edge]
    accessor = field.remote_field.get_accessor_name()
    owned = set(getattr(parent, "audit_owned", ()))
    if policy == SNAPSHOT:
        assert callable(getattr(parent, "audit_related", None)), f"{parent} has no audit_related"
        assert accessor in owned, f"{parent._meta.label}.audit_owned lacks {accessor!r}"
    elif policy == RECORD:
        assert _is_audited(child), f"{child._meta.label} is not audited: nothing would record it"
        assert accessor not in owned, f"{edge} is in the parent's snapshot: declare it SNAPSHOT"
    else:
        assert policy == UNAUDITED
        assert not _is_audited(child), f"{child._meta.label} is audited: declare it RECORD"


def test_audit_owned_names_real_cascades():
    """Each `audit_owned` path follows cascading relations (a typo would hide rows)."""
    for model in apps.get_models():
        for path in getattr(model, "audit_owned", ()):
            current = model
            for accessor in path.split("."):
                rel = next(
                    (
                        r
                        for r in current._meta.related_objects
                        if r.get_accessor_name() == accessor and not r.many_to_many
                    ),
                    None,
                )
                assert rel is not None, f"{model._meta.label}.audit_owned: no {path!r}"
                assert rel.on_delete is models.CASCADE, f"{path} of {model} is not a cascade"
                current = rel.related_model


@pytest.mark.parametrize("edge", sorted(REFUSED))
def test_joint_work_refuses_the_delete(edge):
    label, name = edge.rsplit(".", 1)
    field = apps.get_model(label)._meta.get_field(name)
    assert field.remote_field.on_delete is models.PROTECT


# --- every delete path, walked ---------------------------------------------------------------


#: Derived rows, rebuilt from the records (`reindex`): not project data of their own.
DERIVED = {"search.SearchEntry"}


def _inventory() -> dict[tuple[str, object], dict]:
    """Every row of every project model (many-to-many tables included), by (label, pk)."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if not _is_project(model) or model is ChangeRecord or model._meta.label in DERIVED:
            continue
        for values in model._base_manager.values():
            rows[(model._meta.label, values[model._meta.pk.attname])] = values
    return rows


def _records(label: str, pk, operation: str | None = None):
    model = apps.get_model(label)
    found = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=str(pk),
    )
    return found.filter(operation=operation) if operation else found


def assert_nothing_escaped(before: dict, root_label: str, root_pk, *others) -> ChangeRecord:
    """Every row gone since `before` has a delete record, or is shown by the snapshot of a
    recorded parent that declares it in `audit_owned`; every many-to-many link gone is in
    its owner's update (or delete) record. Returns the root's delete record; `others` are
    more (label, pk) the same service deleted itself."""
    after = _inventory()
    gone = {key: values for key, values in before.items() if key not in after}
    roots = {(root_label, root_pk), *others}
    root_records = {_records(*key, Operation.DELETE).get() for key in roots}
    root = _records(root_label, root_pk, Operation.DELETE).get()
    assert all(r.before for r in root_records), "the deleted record's last state is kept"
    unexplained = []
    for (label, pk), values in gone.items():
        model = apps.get_model(label)
        if _records(label, pk, Operation.DELETE).exists():
            if (label, pk) not in roots:
                record = _records(label, pk, Operation.DELETE).get()
                assert record.cascade_of in root_records, f"{label} {pk}: not linked to {root}"
                assert record.before, f"{label} {pk}: no last state"
            continue
        if model._meta.auto_created:  # a many-to-many link
            owner_field = next(
                f
                for f in model._meta.fields
                if f.is_relation and f.related_model is model._meta.auto_created
            )
            owner_key = (owner_field.related_model._meta.label, values[owner_field.attname])
            owner_records = _records(*owner_key)
            if owner_key in roots or owner_records.filter(cascade_of__in=root_records).exists():
                continue
            unexplained.append((label, pk))
            continue
        if _covered(model, values, gone):
            continue
        policy = _policy_of(model, values, gone)
        if policy == UNAUDITED:
            continue
        unexplained.append((label, pk))
    assert not unexplained, f"rows gone without a trace in the audit trail: {unexplained}"
    return root


def _cascade_parents(model, values, gone):
    """(field, parent key) for each cascading foreign key whose parent row went too."""
    for field in model._meta.fields:
        if field.is_relation and field.remote_field.on_delete is models.CASCADE:
            key = (field.related_model._meta.label, values[field.attname])
            if key in gone:
                yield field, key


def _policy_of(model, values, gone):
    for field, _key in _cascade_parents(model, values, gone):
        return CASCADES.get(f"{model._meta.label}.{field.name}", (None, ""))[0]
    return None


def _covered(model, values, gone, path=()) -> bool:
    """Whether a recorded ancestor's snapshot shows this row (its audit_owned path)."""
    for field, key in _cascade_parents(model, values, gone):
        parent = field.related_model
        row_path = (field.remote_field.get_accessor_name(), *path)
        owned = ".".join(row_path) in getattr(parent, "audit_owned", ())
        if owned and _records(*key, Operation.DELETE).exists():
            return True
        if _covered(parent, gone[key], gone, row_path):
            return True
    return False


def _coordinator(cast):
    return cast.users["coordinator_a"]


def _delete_initiative(cast):
    from alianza.initiatives import services
    from alianza.registry import services as registry
    from alianza.registry.tests.factories import make_activity
    from alianza.systematization.tests.factories import code_interviews, systematize

    initiative = cast.public_initiative  # classification, period and cost from the cast
    activity = make_activity(cast.program)
    registry.initiative_link_set(
        initiative=initiative, activity=activity, relation="produced", actor=_coordinator(cast)
    )
    coded = code_interviews(cast, systematize(cast.program))  # an excerpt cites initiative 1
    before = _inventory()
    services.initiative_delete(initiative=initiative, actor=_coordinator(cast))
    root = assert_nothing_escaped(before, "initiatives.Initiative", initiative.pk)
    assert {r.action for r in root.cascaded.all()} == {
        "registry.initiative_link.delete",
        "systematization.excerpt.update",
    }
    update = root.cascaded.get(action="systematization.excerpt.update")
    assert update.object_id == str(coded.first.pk)
    return root


def _delete_activity(cast):
    from alianza.registry import services
    from alianza.registry.tests.factories import make_activity

    activity = make_activity(cast.program)
    services.initiative_link_set(
        initiative=cast.public_initiative,
        activity=activity,
        relation="produced",
        actor=_coordinator(cast),
    )
    before = _inventory()
    services.activity_delete(activity=activity, actor=_coordinator(cast))
    root = assert_nothing_escaped(before, "registry.Activity", activity.pk)
    assert [r.action for r in root.cascaded.all()] == ["registry.initiative_link.delete"]
    assert root.before["transactions"], "the IATI rows are in the activity's last state"
    return root


def _delete_initiative_link(cast):
    from alianza.registry import services
    from alianza.registry.tests.factories import make_activity

    link = services.initiative_link_set(
        initiative=cast.public_initiative,
        activity=make_activity(cast.program),
        relation="produced",
        actor=_coordinator(cast),
    )
    before = _inventory()
    services.initiative_link_delete(link=link, actor=_coordinator(cast))
    return assert_nothing_escaped(before, "registry.InitiativeLink", link.pk)


def _assessment(cast):
    from alianza.systematization import services
    from alianza.systematization.tests.factories import systematize

    period = systematize(cast.program)
    return services.assessment_save(
        period=period,
        initiative=cast.internal_initiative,
        items={"need": {"value": "met"}, "impact": {"value": "not_met"}},
        actor=cast.users["editor_a"],
    )


def _delete_assessment(cast):
    from alianza.systematization import services

    assessment = _assessment(cast)
    before = _inventory()
    services.assessment_delete(assessment=assessment, actor=_coordinator(cast))
    root = assert_nothing_escaped(before, "systematization.Assessment", assessment.pk)
    assert len(root.before["items"]) == 2
    return root


def _delete_excerpt(cast):
    from alianza.systematization import services
    from alianza.systematization.tests.factories import code_interviews, systematize

    excerpt = code_interviews(cast, systematize(cast.program)).second
    before = _inventory()
    services.excerpt_delete(excerpt=excerpt, actor=_coordinator(cast))
    return assert_nothing_escaped(before, "systematization.Excerpt", excerpt.pk)


def _delete_exchange_rate(cast):
    from alianza.finance import services
    from alianza.finance.tests.factories import ExchangeRateFactory

    rate = ExchangeRateFactory(currency="EUR")
    before = _inventory()
    # Shared by every program: an administrator's to delete, not a coordinator's.
    services.exchange_rate_delete(rate=rate, actor=cast.users["superuser"])
    return assert_nothing_escaped(before, "finance.ExchangeRate", rate.pk)


def _delete_budget_line(cast):
    from alianza.finance import services
    from alianza.finance.tests.factories import BudgetLineFactory

    line = BudgetLineFactory(program=cast.program)
    before = _inventory()
    services.budget_line_delete(line=line, actor=_coordinator(cast))
    return assert_nothing_escaped(before, "finance.BudgetLine", line.pk)


def _delete_transaction(cast):
    from alianza.finance import services
    from alianza.finance.tests.factories import TransactionFactory

    item = TransactionFactory(initiative=cast.public_initiative)
    before = _inventory()
    services.transaction_delete(item=item, actor=_coordinator(cast))
    return assert_nothing_escaped(before, "finance.Transaction", item.pk)


def _admin_delete(obj, user):
    request = RequestFactory().post("/admin/")
    request.user = user
    admin_site._registry[type(obj)].delete_model(request, obj)


def _admin_delete_program(cast):
    """The issue's case: a program deleted with its budget lines, structure and rounds."""
    from alianza.finance.tests.factories import BudgetLineFactory
    from alianza.programs.tests.factories import (
        DocumentVersionFactory,
        ExpectedProductFactory,
        ExpectedResultFactory,
        PartnershipFactory,
        ProgramFactory,
    )
    from alianza.systematization.tests.factories import CriteriaSetFactory, CriterionFactory

    program = ProgramFactory(code="GONE")
    PartnershipFactory(program=program, institution=cast.partner_a)
    version = DocumentVersionFactory(program=program, code="original", sequence=1)
    ExpectedProductFactory(result=ExpectedResultFactory(version=version, number=1))
    lines = [BudgetLineFactory(program=program, year=year) for year in (2019, 2020)]
    CriterionFactory(criteria_set=CriteriaSetFactory(program=program))
    before = _inventory()
    _admin_delete(program, cast.users["superuser"])
    root = assert_nothing_escaped(before, "programs.Program", program.pk)
    recorded = {(r.action, r.object_id) for r in root.cascaded.all()}
    assert {("finance.budget_line.delete", str(line.pk)) for line in lines} <= recorded
    assert root.before["partners"], "the partnerships are in the program's last state"
    version_record = root.cascaded.get(action="programs.document_version.delete")
    assert version_record.before["results"][0]["products"], "products in the version's state"
    return root


def _admin_delete_expected_result(cast):
    """An expected result alone (its version stays): its products are recorded one by one."""
    from alianza.programs.models import ExpectedResult

    result = ExpectedResult.objects.get(version__program=cast.program, number=1)
    before = _inventory()
    _admin_delete(result, cast.users["superuser"])
    root = assert_nothing_escaped(before, "programs.ExpectedResult", result.pk)
    assert [r.action for r in root.cascaded.all()] == ["programs.expected_product.delete"]
    return root


def _delete_phase(cast):
    """A phase a document version and an initiative point at (they stay, without it)."""
    from alianza.programs import services
    from alianza.programs.tests.factories import DocumentVersionFactory, PhaseFactory

    phase = PhaseFactory(program=cast.program, number=9)
    DocumentVersionFactory(program=cast.program, code="phase_9", sequence=9, phase=phase)
    before = _inventory()
    try:
        services.phase_delete(phase=phase, actor=_coordinator(cast))
    except ValidationError:
        assert _inventory() == before, "a refused delete changes nothing"
        return None
    return assert_nothing_escaped(before, "programs.Phase", phase.pk)


def _delete_document_version(cast):
    """A version with its results, products and amounts: all in the version's last state."""
    from alianza.programs import services
    from alianza.programs.tests.factories import (
        DocumentVersionFactory,
        ExpectedProductFactory,
        ExpectedResultFactory,
    )

    version = DocumentVersionFactory(program=cast.program, code="gone", sequence=8)
    ExpectedProductFactory(result=ExpectedResultFactory(version=version, number=1))
    before = _inventory()
    services.document_version_delete(version=version, actor=_coordinator(cast))
    root = assert_nothing_escaped(before, "programs.DocumentVersion", version.pk)
    assert root.before["results"][0]["products"], "products in the version's last state"
    return root


def _delete_scheme(cast):
    """A hierarchical scheme no initiative uses: its terms (sub-terms too) in its last state."""
    from alianza.initiatives import services
    from alianza.initiatives.tests.factories import SchemeFactory, TermFactory

    scheme = SchemeFactory(program=cast.program, code="gone_scheme", is_hierarchical=True)
    parent = TermFactory(scheme=scheme, code="parent")
    TermFactory(scheme=scheme, code="child", parent=parent)
    before = _inventory()
    services.scheme_delete(scheme=scheme, actor=_coordinator(cast))
    root = assert_nothing_escaped(before, "initiatives.ClassificationScheme", scheme.pk)
    assert sorted(t["code"] for t in root.before["terms"]) == ["child", "parent"]
    return root


def _delete_criteria_set(cast):
    """A criteria set no period uses, with its criteria (in the set's last state)."""
    from alianza.systematization import services
    from alianza.systematization.tests.factories import CriteriaSetFactory, CriterionFactory

    criteria_set = CriteriaSetFactory(program=cast.program, code="gone_set")
    for number in (1, 2):
        CriterionFactory(criteria_set=criteria_set, number=number, code=f"c{number}")
    before = _inventory()
    services.criteria_set_delete(criteria_set=criteria_set, actor=_coordinator(cast))
    root = assert_nothing_escaped(before, "systematization.CriteriaSet", criteria_set.pk)
    assert len(root.before["criteria"]) == 2
    return root


def _delete_analysis_scope(cast):
    """A part of the interview guide with its categories and questions."""
    from alianza.systematization import services

    scope = services.analysis_scope_create(
        program=cast.program,
        code="gone_scope",
        values={"name_en": "Gone"},
        categories=[{"code": "fit", "name_en": "Fit"}],
        questions=[{"number": 1, "text_en": "Why?"}],
        actor=_coordinator(cast),
    )
    before = _inventory()
    services.analysis_scope_delete(scope=scope, actor=_coordinator(cast))
    return assert_nothing_escaped(before, "systematization.AnalysisScope", scope.pk)


def _delete_product(cast):
    """A product with a file, a later use, named groups and views: the file in the
    product's last state, the later use with a record of its own, the views (a log) gone."""
    import io
    import tempfile

    from django.test import override_settings

    from alianza.knowledge import services
    from alianza.knowledge.tests.factories import AudienceFactory
    from alianza.knowledge.tests.files import pdf_bytes

    with override_settings(MEDIA_ROOT=tempfile.mkdtemp()):
        product = services.product_create(
            program=cast.program,
            data={
                "kind": "guide",
                "title_en": "Gone guide",
                "dissemination": "targeted",
                "audiences": [AudienceFactory(program=cast.program)],
                "institutions": [cast.partner_a],
            },
            files=[(io.BytesIO(pdf_bytes("guide")), "guide.pdf")],
            actor=_coordinator(cast),
        )
        services.product_reuse_create(
            product=product, data={"initiative": cast.public_initiative}, actor=_coordinator(cast)
        )
        services.product_use_count(product=product, kind="view", user=_coordinator(cast))
        before = _inventory()
        services.product_delete(product=product, actor=_coordinator(cast))
        root = assert_nothing_escaped(before, "knowledge.KnowledgeProduct", product.pk)
    assert [f["name"] for f in root.before["files"]] == ["guide.pdf"]
    return root


def _delete_product_reuse(cast):
    from alianza.knowledge import services
    from alianza.knowledge.tests.factories import ProductFactory

    reuse = services.product_reuse_create(
        product=ProductFactory(program=cast.program),
        data={"initiative": cast.public_initiative},
        actor=_coordinator(cast),
    )
    before = _inventory()
    services.product_reuse_delete(reuse=reuse, actor=_coordinator(cast))
    return assert_nothing_escaped(before, "knowledge.ProductReuse", reuse.pk)


#: Every deleting service of the code base (`def <name>_delete(` in a services module),
#: and the admin's delete, with a walk that builds a parent with children and deletes it.
DELETE_PATHS = {
    "initiatives.initiative_delete": _delete_initiative,
    "initiatives.scheme_delete": _delete_scheme,
    "systematization.criteria_set_delete": _delete_criteria_set,
    "systematization.analysis_scope_delete": _delete_analysis_scope,
    "registry.activity_delete": _delete_activity,
    "registry.initiative_link_delete": _delete_initiative_link,
    "systematization.assessment_delete": _delete_assessment,
    "systematization.excerpt_delete": _delete_excerpt,
    "finance.exchange_rate_delete": _delete_exchange_rate,
    "finance.budget_line_delete": _delete_budget_line,
    "finance.transaction_delete": _delete_transaction,
    "programs.program_delete": _admin_delete_program,  # the admin calls it
    "programs.phase_delete": _delete_phase,
    "programs.document_version_delete": _delete_document_version,
    "knowledge.product_delete": _delete_product,
    "knowledge.product_reuse_delete": _delete_product_reuse,
    "admin.delete_model (program)": _admin_delete_program,
    "admin.delete_model (expected result)": _admin_delete_expected_result,
}


def test_every_deleting_service_is_walked():
    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in root.glob("*/services.py"):
        for name in re.findall(r"^def ([a-z]\w*_delete)\(", path.read_text(), re.M):
            found.add(f"{path.parent.name}.{name}")
    missing = sorted(found - set(DELETE_PATHS))
    assert not missing, f"deleting services with no walk in DELETE_PATHS: {missing}"


@pytest.mark.parametrize("path", sorted(DELETE_PATHS))
def test_delete_path_leaves_nothing_unrecorded(cast, path):
    DELETE_PATHS[path](cast)


def _audited_admin_models():
    from alianza.audit.admin import AuditedAdminMixin

    return sorted(
        (m._meta.label for m, a in admin_site._registry.items() if isinstance(a, AuditedAdminMixin))
    )


@pytest.mark.parametrize("label", _audited_admin_models())
def test_admin_delete_of_every_model_leaves_nothing_unrecorded(cast, label):
    """Every model the admin deletes, taken from the cast (with its children): either the
    delete is refused and nothing changes, or everything that went is in the trail."""
    from alianza.accounts.tests.factories import UserFactory
    from alianza.finance.tests.factories import ExchangeRateFactory
    from alianza.initiatives.tests.factories import PolicyInstrumentFactory, ProvisionFactory

    ExchangeRateFactory(currency="EUR")
    ProvisionFactory(instrument=PolicyInstrumentFactory())
    group = Group.objects.create(name="reviewers")
    group.permissions.add(Permission.objects.order_by("pk").first())
    admin = UserFactory(username="admin_deleting", is_superuser=True, is_staff=True)
    model = apps.get_model(label)
    obj = model._default_manager.exclude(pk=admin.pk).order_by("pk").first()
    assert obj is not None, f"build a {label} for this test"
    before = _inventory()
    try:
        _admin_delete(obj, admin)
    except ValidationError:
        assert _inventory() == before, "a refused delete changes nothing"
        return
    assert_nothing_escaped(before, label, obj.pk)


def test_an_initiative_with_joint_work_is_not_deleted(cast):
    """Deleting an assessed initiative would take the partners' assessments and agreed
    results with it: refused, naming them, and nothing changes."""
    from alianza.initiatives import services

    _assessment(cast)
    before = _inventory()
    changes = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.initiative_delete(initiative=cast.internal_initiative, actor=_coordinator(cast))
    assert "assessments" in str(refused.value)
    assert _inventory() == before
    assert ChangeRecord.objects.count() == changes


def test_refusal_is_in_spanish(cast):
    from django.utils import translation

    from alianza.initiatives import services

    _assessment(cast)
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        services.initiative_delete(initiative=cast.internal_initiative, actor=_coordinator(cast))
    assert "no puede eliminarse" in str(refused.value)


def test_a_cascaded_record_shows_on_its_page(cast):
    """The partners see who deleted what: the child's record names the delete it came with."""
    root = _delete_activity(cast)
    child = root.cascaded.get()
    page = cast.client("viewer_b").get(f"/changes/{child.pk}/")
    assert page.status_code == 200
    assert f'href="/changes/{root.pk}/"' in page.content.decode()
    parent_page = cast.client("viewer_b").get(f"/changes/{root.pk}/").content.decode()
    assert f'href="/changes/{child.pk}/"' in parent_page
    api = cast.client("viewer_b").get(f"/api/v1/changes/{child.pk}/").json()
    assert api["cascade_of"] == root.pk


def test_codes_taken_from_excerpts_are_recorded_as_their_updates(cast):
    """Dropping an analysis category and a question from a scope takes them off the
    excerpts coded with them (a many-to-many link, a SET_NULL): each excerpt gets an
    update record saying so."""
    from alianza.systematization import services
    from alianza.systematization.tests.factories import code_interviews, systematize

    coded = code_interviews(cast, systematize(cast.program))
    excerpt = coded.first
    assert excerpt.question_id and coded.categories["incentives"] in excerpt.categories.all()
    before = _inventory()
    services.analysis_scope_upsert(
        program=cast.program,
        code="strategy",
        values={"name_en": "Strategy"},
        categories=[{"code": "added_value", "name_en": "Perceived added value"}],
        questions=[],
        actor=_coordinator(cast),
    )
    category = ("systematization.AnalysisCategory", coded.categories["incentives"].pk)
    question = ("systematization.Question", coded.question.pk)
    for root in (
        assert_nothing_escaped(before, *category, question),
        assert_nothing_escaped(before, *question, category),
    ):
        update = root.cascaded.get()
        assert (update.operation, update.object_id) == (Operation.UPDATE, str(excerpt.pk))
    excerpt.refresh_from_db()
    assert excerpt.question_id is None
    changed = set().union(
        *_records("systematization.Excerpt", excerpt.pk, Operation.UPDATE).values_list(
            "changed_fields", flat=True
        )
    )
    assert {"question_id", "categories"} <= changed
