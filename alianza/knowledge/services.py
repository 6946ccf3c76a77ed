"""Writes to the knowledge repository: products with their files, reuse links, named groups,
and the use log. Every write checks permission first, runs in one transaction, is audited
(the use log excepted: it is a counter, not a change) and keeps the search index current.

Files are checked (`knowledge/uploads.py`) before anything is written; a refused file is a
ValidationError on `files` naming it, and nothing is kept. Stored files are written through
the storage `KNOWLEDGE_FILE_STORAGE` names; if the transaction fails after a file was
stored, the file is removed again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update
from alianza.core.services import assign_fields
from alianza.core.uploads import UploadError
from alianza.knowledge.choices import DisseminationLevel, UseKind
from alianza.knowledge.models import (
    Audience,
    KnowledgeProduct,
    ProductFile,
    ProductReuse,
    ProductUse,
)
from alianza.knowledge.permissions import can_delete_product
from alianza.knowledge.uploads import CheckedFile, check_file
from alianza.programs.models import Program
from alianza.programs.permissions import can_edit_program_records, require
from alianza.search import index as search_index

PRODUCT_FIELDS = {
    "number",
    "kind",
    "language",
    "title_en",
    "title_es",
    "summary_en",
    "summary_es",
    "authors",
    "published_on",
    "date_precision",
    "initiative",
    "dissemination",
    "licence",
    "link",
    "translated_fields",
}
PRODUCT_MANY = {"institutions", "audiences"}
REUSE_FIELDS = {"initiative", "lesson", "policy_instrument", "note_en", "note_es", "used_on"}
AUDIENCE_FIELDS = {"code", "name_en", "name_es"}
REFUSED = gettext_lazy("You may not change the knowledge products of %(code)s.")
SEARCH_KIND = "product"


def _checked(files: Sequence[tuple[IO[bytes], str]]) -> list[tuple[IO[bytes], CheckedFile]]:
    """Every file checked before anything is written; all refusals at once, on `files`."""
    checked, errors = [], []
    for handle, name in files:
        try:
            checked.append((handle, check_file(handle, name)))
        except UploadError as exc:
            errors.append(str(exc))
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _store(
    product: KnowledgeProduct, checked: list[tuple[IO[bytes], CheckedFile]], stored: list[str]
) -> None:
    for handle, info in checked:
        handle.seek(0)
        row = ProductFile(
            product=product,
            name=info.name,
            media_type=info.media_type,
            size=info.size,
            sha256=info.sha256,
            text=info.text,
        )
        row.file.save(info.name, File(handle, name=info.name), save=False)
        stored.append(str(row.file.name))
        row.full_clean()
        row.save()


def _remove_stored(names: Iterable[str]) -> None:
    from alianza.knowledge.models import product_storage

    storage = product_storage()
    for name in names:
        with contextlib.suppress(OSError):  # gone already; nothing refers to it
            storage.delete(name)


def _check_many(product: KnowledgeProduct, many: Mapping[str, Any]) -> None:
    unknown = set(many) - PRODUCT_MANY
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    audiences = many.get("audiences")
    if audiences is not None:
        others = [a for a in audiences if a.program_id != product.program_id]
        if others:
            raise ValidationError(
                {
                    "audiences": _("%(record)s: a named group of another program.")
                    % {"record": product.label}
                }
            )
    wants_groups = (
        audiences
        if audiences is not None
        else (list(product.audiences.all()) if product.pk else [])
    )
    if product.dissemination == DisseminationLevel.TARGETED and not wants_groups:
        raise ValidationError(
            {
                "audiences": _("%(record)s is targeted: name the groups it is addressed to.")
                % {"record": product.label}
            }
        )


def _apply(product: KnowledgeProduct, data: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(data)
    many = {key: data.pop(key) for key in list(data) if key in PRODUCT_MANY}
    assign_fields(product, data, PRODUCT_FIELDS)
    if not product.number:
        product.number = (
            max(product.program.knowledge_products.values_list("number", flat=True), default=0) + 1
        )
    product.full_clean()
    _check_many(product, many)
    return many


def _set_many(product: KnowledgeProduct, many: Mapping[str, Any]) -> None:
    for key, values in many.items():
        getattr(product, key).set(values)


def _reindex(product: KnowledgeProduct) -> None:
    search_index.index_record(SEARCH_KIND, product)


def _guarded(work: Callable[[list[str]], KnowledgeProduct]) -> KnowledgeProduct:
    """Run `work(stored)` in a transaction; files it stored go again if it fails."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            return work(stored)
    except BaseException:
        _remove_stored(stored)
        raise


def product_create(
    *,
    program: Program,
    data: Mapping[str, Any],
    actor: User,
    files: Sequence[tuple[IO[bytes], str]] = (),
) -> KnowledgeProduct:
    """Add a product; `files` are (file, name) pairs, checked before anything is kept."""
    require(can_edit_program_records(actor, program), REFUSED % {"code": program.code})
    checked = _checked(files)

    def work(stored: list[str]) -> KnowledgeProduct:
        product = KnowledgeProduct(program=program)
        many = _apply(product, data)
        product.save()
        _set_many(product, many)
        _store(product, checked, stored)
        audit.record(actor=actor, action="knowledge.product.create", obj=product)
        _reindex(product)
        return product

    return _guarded(work)


def product_update(
    *,
    product: KnowledgeProduct,
    data: Mapping[str, Any],
    actor: User,
    files: Sequence[tuple[IO[bytes], str]] = (),
    remove_files: Iterable[int] = (),
) -> KnowledgeProduct:
    """Change a product; `files` are added, `remove_files` (ids of its files) removed."""
    require(
        can_edit_program_records(actor, product.program),
        REFUSED % {"code": product.program.code},
    )
    checked = _checked(files)
    removing = list(product.files.filter(pk__in=list(remove_files)))
    gone = [str(f.file.name) for f in removing]

    def work(stored: list[str]) -> KnowledgeProduct:
        lock_for_update(product)
        before = audit.snapshot(product)
        many = _apply(product, data)
        _set_many(product, many)
        for row in removing:
            row.delete()
        _store(product, checked, stored)
        if audit.snapshot(product) != before:
            product.save()
            audit.record(actor=actor, action="knowledge.product.update", obj=product, before=before)
        _reindex(product)
        transaction.on_commit(lambda: _remove_stored(gone))
        return product

    return _guarded(work)


@transaction.atomic
def product_delete(*, product: KnowledgeProduct, actor: User) -> None:
    """Remove a product with its files; its last state stays in the audit trail."""
    require(
        can_delete_product(actor, product),
        _("Only a coordinator may delete a product of %(code)s.") % {"code": product.program.code},
    )
    names = [str(name) for name in product.files.values_list("file", flat=True)]
    pk = product.pk
    audit.delete_and_record(product, actor=actor, action="knowledge.product.delete")
    search_index.unindex(SEARCH_KIND, [pk])
    transaction.on_commit(lambda: _remove_stored(names))


def product_use_count(
    *, product: KnowledgeProduct, kind: str, user: Any, file: ProductFile | None = None
) -> ProductUse:
    """Count one view or download of a product the user may see, with their institution.
    A usage log, not a change: it is not audited and needs no permission beyond reading."""
    if kind not in UseKind.values:
        raise ValidationError({"kind": _("Unknown kind of use.")})
    membership = getattr(user, "active_membership", None) if user.is_authenticated else None
    return ProductUse.objects.create(
        product=product,
        kind=kind,
        file=file,
        institution_id=membership.institution_id if membership else None,
    )


@transaction.atomic
def product_reuse_create(
    *, product: KnowledgeProduct, data: Mapping[str, Any], actor: User
) -> ProductReuse:
    """Link a product to a later record that uses it."""
    require(
        can_edit_program_records(actor, product.program),
        REFUSED % {"code": product.program.code},
    )
    reuse = ProductReuse(product=product)
    assign_fields(reuse, data, REUSE_FIELDS)
    reuse.full_clean()
    reuse.save()
    audit.record(actor=actor, action="knowledge.product_reuse.create", obj=reuse)
    return reuse


@transaction.atomic
def product_reuse_delete(*, reuse: ProductReuse, actor: User) -> None:
    require(
        can_edit_program_records(actor, reuse.product.program),
        REFUSED % {"code": reuse.product.program.code},
    )
    audit.delete_and_record(reuse, actor=actor, action="knowledge.product_reuse.delete")


@transaction.atomic
def audience_create(*, program: Program, data: Mapping[str, Any], actor: User) -> Audience:
    """A named group targeted products can be addressed to (`institutions`, `users`)."""
    require(can_edit_program_records(actor, program), REFUSED % {"code": program.code})
    data = dict(data)
    institutions, users = data.pop("institutions", None), data.pop("users", None)
    audience = Audience(program=program)
    assign_fields(audience, data, AUDIENCE_FIELDS)
    audience.full_clean()
    audience.save()
    if institutions is not None:
        audience.institutions.set(institutions)
    if users is not None:
        audience.users.set(users)
    audit.record(actor=actor, action="knowledge.audience.create", obj=audience)
    return audience
