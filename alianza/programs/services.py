"""Writes to a program and its structure. Each runs in one transaction, checks the
actor's permission and writes the audit record inside it.

The `*_upsert` services create a record or bring it to the given values, and do
nothing (no write, no audit record) when it already has them: running the
reference loader twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution, User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update, locked_first
from alianza.programs.models import (
    Component,
    DocumentVersion,
    DocumentVersionAmount,
    ExpectedProduct,
    ExpectedResult,
    FundingSource,
    GeneralRevision,
    Partnership,
    Phase,
    Program,
    RevisionAmount,
)
from alianza.programs.permissions import can_manage_program, require
from alianza.search import index as search_index


def _require_manager(actor: User, program: Program) -> None:
    """`require` with this app's rule and message for the program's structure."""
    require(
        can_manage_program(actor, program),
        _(
            "Only a coordinator of a partner institution may change the structure of "
            "program %(code)s."
        )
        % {"code": program.code},
    )


M = TypeVar("M", bound=models.Model)


def _assign(obj: models.Model, values: Mapping[str, Any]) -> None:
    for field, value in values.items():
        setattr(obj, field, value)


def _upsert(
    model: type[M],
    *,
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    actor: User,
    action: str,
    children: Callable[[M], None] | None = None,
) -> M:
    """Create or update one record (and, through `children`, the records it owns)."""
    obj = locked_first(model._default_manager.filter(**lookup))
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        if children:
            children(obj)
        audit.record(actor=actor, action=f"{action}.create", obj=obj, before=None)
        return obj
    before = audit.snapshot(obj)
    _assign(obj, values)
    obj.full_clean()
    if children:
        children(obj)
    after = audit.snapshot(obj)
    if after != before:
        obj.save()
        audit.record(actor=actor, action=f"{action}.update", obj=obj, before=before)
    return obj


# --- Program -------------------------------------------------------------------------------


@transaction.atomic
def program_create(*, data: Mapping[str, Any], actor: User) -> Program:
    require(actor.is_superuser, _("Only an administrator may create a program."))
    program = Program(**data)
    audit.save_and_record(program, actor=actor, action="programs.program.create")
    return program


@transaction.atomic
def program_update(*, program: Program, data: Mapping[str, Any], actor: User) -> Program:
    _require_manager(actor, program)
    lock_for_update(program)
    before = audit.snapshot(program)
    _assign(program, data)
    audit.save_and_record(program, actor=actor, action="programs.program.update", before=before)
    return program


@transaction.atomic
def program_delete(*, program: Program, actor: User) -> None:
    """Remove a program with everything it owns; its last state stays in the audit trail."""
    require(actor.is_superuser, _("Only an administrator may delete a program."))
    audit.delete_and_record(program, actor=actor, action="programs.program.delete")


@transaction.atomic
def program_upsert(*, code: str, values: Mapping[str, Any], actor: User) -> Program:
    """Create program `code` (administrators) or bring it to `values` (its coordinators)."""
    existing = Program.objects.filter(code=code).first()
    require(
        existing is not None or actor.is_superuser,
        _("Only an administrator may create a program."),
    )
    if existing is not None:
        _require_manager(actor, existing)
    return _upsert(
        Program, lookup={"code": code}, values=values, actor=actor, action="programs.program"
    )


@transaction.atomic
def partnership_set(
    *, program: Program, institution: Institution, role_en: str = "", role_es: str = "", actor: User
) -> Partnership:
    """Make an institution a partner of the program, with its role."""
    _require_manager(actor, program)
    lock_for_update(program)
    before = audit.snapshot(program)
    partnership = Partnership.objects.filter(program=program, institution=institution).first()
    if partnership is None:
        partnership = Partnership(program=program, institution=institution)
    partnership.role_en, partnership.role_es = role_en, role_es
    partnership.full_clean()
    partnership.save()
    audit.record(actor=actor, action="programs.program.set_partner", obj=program, before=before)
    return partnership


@transaction.atomic
def partner_create(
    *,
    program: Program,
    institution_values: Mapping[str, Any],
    role_en: str = "",
    role_es: str = "",
    actor: User,
) -> Partnership:
    """A new institution (its `code` in `institution_values`) made a partner of the program
    with its role, in one step: the page a coordinator uses to add a partner that Alianza
    does not know yet."""
    from alianza.accounts import services as accounts

    _require_manager(actor, program)
    values = dict(institution_values)
    institution = accounts.institution_create(
        code=values.pop("code", ""), values=values, actor=actor
    )
    return partnership_set(
        program=program, institution=institution, role_en=role_en, role_es=role_es, actor=actor
    )


@transaction.atomic
def partnership_remove(*, partnership: Partnership, actor: User) -> None:
    """Take an institution out of the program's partners (its coordinators). The last
    partner stays: a program without partners could no longer be managed by anyone but an
    administrator."""
    program = partnership.program
    _require_manager(actor, program)
    lock_for_update(program)
    if program.partnerships.count() <= 1 and not actor.is_superuser:
        raise ValidationError(
            {
                "institution": _(
                    "%(institution)s is the last partner of %(code)s: add another before "
                    "removing it."
                )
                % {"institution": partnership.institution, "code": program.code}
            }
        )
    before = audit.snapshot(program)
    partnership.delete()
    audit.record(actor=actor, action="programs.program.remove_partner", obj=program, before=before)


# --- Structure ------------------------------------------------------------------------------


@transaction.atomic
def phase_upsert(*, program: Program, number: int, values: Mapping[str, Any], actor: User) -> Phase:
    _require_manager(actor, program)
    return _upsert(
        Phase,
        lookup={"program": program, "number": number},
        values=values,
        actor=actor,
        action="programs.phase",
    )


def _program_record_create(obj: M, *, program: Program, actor: User, action: str) -> M:
    """A new record of a program's structure (a phase, a document version)."""
    _require_manager(actor, program)
    audit.save_and_record(obj, actor=actor, action=action)
    return obj


def _program_record_update(
    obj: M, *, data: Mapping[str, Any], actor: User, action: str, program_field: str = "program"
) -> M:
    """Bring a record of a program's structure to `data`; moving it to another program
    needs a coordinator of each."""
    _require_manager(actor, getattr(obj, program_field))
    lock_for_update(obj)
    before = audit.snapshot(obj)
    _assign(obj, data)
    _require_manager(actor, getattr(obj, program_field))
    audit.save_and_record(obj, actor=actor, action=action, before=before)
    return obj


@transaction.atomic
def phase_create(*, program: Program, data: Mapping[str, Any], actor: User) -> Phase:
    """Add a phase to the program (its coordinators)."""
    phase = Phase(program=program, **data)
    return _program_record_create(
        phase, program=program, actor=actor, action="programs.phase.create"
    )


@transaction.atomic
def phase_update(*, phase: Phase, data: Mapping[str, Any], actor: User) -> Phase:
    """Change a phase; only the fields in `data` change."""
    return _program_record_update(phase, data=data, actor=actor, action="programs.phase.update")


@transaction.atomic
def phase_delete(*, phase: Phase, actor: User) -> None:
    """Remove a phase; refused while records still refer to it."""
    _require_manager(actor, phase.program)
    audit.delete_and_record(phase, actor=actor, action="programs.phase.delete")


@transaction.atomic
def component_upsert(
    *, program: Program, number: int, values: Mapping[str, Any], actor: User
) -> Component:
    _require_manager(actor, program)
    return _upsert(
        Component,
        lookup={"program": program, "number": number},
        values=values,
        actor=actor,
        action="programs.component",
    )


@transaction.atomic
def funding_source_upsert(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> FundingSource:
    _require_manager(actor, program)
    return _upsert(
        FundingSource,
        lookup={"program": program, "code": code},
        values=values,
        actor=actor,
        action="programs.funding_source",
    )


def _replace_children(existing: Iterable[models.Model], wanted: list[models.Model]) -> None:
    for child in existing:
        child.delete()
    for child in wanted:
        child.full_clean()
        child.save()


@transaction.atomic
def general_revision_upsert(
    *,
    program: Program,
    number: int,
    values: Mapping[str, Any],
    amounts: list[Mapping[str, Any]],
    actor: User,
) -> GeneralRevision:
    """A general revision with its amounts by funding source (replaced as a whole)."""
    _require_manager(actor, program)

    def children(revision: GeneralRevision) -> None:
        wanted = [
            {
                "source": a["source"].code,
                "amount": str(a["amount"]),
                "currency": a.get("currency", "USD"),
                "note_en": a.get("note_en", ""),
                "note_es": a.get("note_es", ""),
            }
            for a in amounts
        ]
        if revision.pk and revision.audit_related()["amounts"] == wanted:
            return
        if revision.pk is None:
            revision.save()
        _replace_children(
            revision.amounts.all(),
            [RevisionAmount(revision=revision, **a) for a in amounts],
        )

    return _upsert(
        GeneralRevision,
        lookup={"program": program, "number": number},
        values=values,
        actor=actor,
        action="programs.general_revision",
        children=children,
    )


@transaction.atomic
def document_version_create(
    *, program: Program, data: Mapping[str, Any], actor: User
) -> DocumentVersion:
    """Add a project document version (its results and amounts are added separately)."""
    version = DocumentVersion(program=program, **data)
    _program_record_create(
        version, program=program, actor=actor, action="programs.document_version.create"
    )
    search_index.index_record("document", version)
    return version


@transaction.atomic
def document_version_update(
    *, version: DocumentVersion, data: Mapping[str, Any], actor: User
) -> DocumentVersion:
    """Change a project document version; only the fields in `data` change."""
    _program_record_update(
        version, data=data, actor=actor, action="programs.document_version.update"
    )
    search_index.index_record("document", version)
    return version


@transaction.atomic
def document_version_delete(*, version: DocumentVersion, actor: User) -> None:
    """Remove a project document version with its results, products and amounts."""
    _require_manager(actor, version.program)
    pk = version.pk
    audit.delete_and_record(version, actor=actor, action="programs.document_version.delete")
    search_index.unindex("document", [pk])


@transaction.atomic
def document_version_upsert(
    *,
    program: Program,
    code: str,
    values: Mapping[str, Any],
    results: list[Mapping[str, Any]],
    amounts: list[Mapping[str, Any]],
    actor: User,
) -> DocumentVersion:
    """A project document version with its expected results, products and amounts.

    `results` is [{"number", "title_en", "title_es", "translated_fields",
    "products": [{"title_en", "title_es", "translated_fields"}]}] (`translated_fields`
    optional: the texts that are the team's translation).
    """
    _require_manager(actor, program)

    def children(version: DocumentVersion) -> None:
        wanted_results = [
            {
                "number": r["number"],
                "title_en": r["title_en"],
                "title_es": r.get("title_es", ""),
                "translated_fields": sorted(r.get("translated_fields", [])),
                "products": [
                    {
                        "title_en": p["title_en"],
                        "title_es": p.get("title_es", ""),
                        "translated_fields": sorted(p.get("translated_fields", [])),
                    }
                    for p in r.get("products", [])
                ],
            }
            for r in results
        ]
        wanted_amounts = [
            {
                "source": a["source"].code if a.get("source") else None,
                "kind": a["kind"],
                "amount": str(a["amount"]),
                "currency": a.get("currency", "USD"),
                "note_en": a.get("note_en", ""),
                "note_es": a.get("note_es", ""),
            }
            for a in amounts
        ]
        current = version.audit_related() if version.pk else None
        if current == {"results": wanted_results, "amounts": wanted_amounts}:
            return
        if version.pk is None:
            version.save()
        for result in version.results.all():
            for product in result.products.all():
                product.delete()
            result.delete()
        for result_data in wanted_results:
            result = ExpectedResult(
                version=version,
                number=result_data["number"],
                title_en=result_data["title_en"],
                title_es=result_data["title_es"],
                translated_fields=result_data["translated_fields"],
            )
            result.full_clean()
            result.save()
            for order, product_data in enumerate(result_data["products"], start=1):
                product = ExpectedProduct(result=result, order=order, **product_data)
                product.full_clean()
                product.save()
        _replace_children(
            version.amounts.all(), [DocumentVersionAmount(version=version, **a) for a in amounts]
        )

    version = _upsert(
        DocumentVersion,
        lookup={"program": program, "code": code},
        values=values,
        actor=actor,
        action="programs.document_version",
        children=children,
    )
    search_index.index_record("document", version)
    return version
