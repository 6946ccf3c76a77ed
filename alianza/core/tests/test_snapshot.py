"""The test harness's snapshot (core/tests/snapshot.py): rows built once per test process are
written again exactly as the build left them, and built again where they would not be the same."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import InstitutionFactory
from alianza.conftest import _load_procap_through_the_services
from alianza.core.tests.snapshot import Snapshot

pytestmark = pytest.mark.django_db


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, content types by natural key (ids may differ)."""
    types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        if model is ContentType or not model._meta.managed or model._meta.proxy:
            continue
        fields = model._meta.local_concrete_fields
        rows = models.QuerySet(model).order_by("pk").values_list(*(f.attname for f in fields))
        content_type_at = [
            i for i, f in enumerate(fields) if f.is_relation and f.related_model is ContentType
        ]
        dump[model._meta.label] = [
            tuple(types.get(v) if i in content_type_at else v for i, v in enumerate(row))
            for row in rows
        ]
    return dump


def in_a_rolled_back_transaction(function):
    with transaction.atomic():
        result = function()
        transaction.set_rollback(True)
    return result


def test_procap_copied_is_procap_as_the_services_load_it():
    procap = Snapshot(_load_procap_through_the_services)

    def load_and_dump():
        program = procap()
        return program.pk, everything()

    loaded = in_a_rolled_back_transaction(load_and_dump)
    copied = in_a_rolled_back_transaction(load_and_dump)
    assert sum(len(rows) for rows in loaded[1].values()) > 1000
    assert copied == loaded


class Counted:
    def __init__(self):
        self.builds = 0

    def __call__(self) -> Institution:
        self.builds += 1
        return InstitutionFactory(code="snap", acronym_en="SNP")


def test_later_calls_copy_the_rows_instead_of_building_them():
    build = Counted()
    snapshot = Snapshot(build)
    first = in_a_rolled_back_transaction(lambda: (snapshot().pk, everything()))
    second = in_a_rolled_back_transaction(lambda: (snapshot().pk, everything()))
    assert build.builds == 1
    assert second == first


def test_rows_that_would_collide_are_built_again_and_nothing_half_written_stays():
    build = Counted()
    snapshot = Snapshot(build)
    taken = in_a_rolled_back_transaction(lambda: snapshot().pk)
    InstitutionFactory(pk=taken, code="squatter")  # the copy would repeat an id
    rebuilt = snapshot()
    assert build.builds == 2
    assert rebuilt.pk != taken
    assert sorted(Institution.objects.values_list("code", flat=True)) == ["snap", "squatter"]


def test_a_build_that_changes_rows_already_there_is_not_kept():
    there = InstitutionFactory(code="there", acronym_en="OLD")

    def build() -> Institution:
        there.acronym_en = "NEW"
        there.save()
        return InstitutionFactory(code="new")

    snapshot = Snapshot(build)
    in_a_rolled_back_transaction(snapshot)
    in_a_rolled_back_transaction(snapshot)
    assert snapshot._tables is None


def test_a_copy_moves_the_id_sequences_past_its_rows_so_new_rows_do_not_collide():
    """A restore (or any flush) can set a table's id sequence back below the copied rows'
    ids; the copy moves it past them, so the next record a test creates gets a free id."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite gives the next id after the largest one: no sequence to fall behind")
    built = Snapshot(lambda: InstitutionFactory(code="snap"))

    def copy_after_the_sequence_fell_back():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('accounts_institution', 'id'), 1, false)"
            )
        copied = built()
        fresh = InstitutionFactory(code="after")
        return copied.pk, fresh.pk

    in_a_rolled_back_transaction(lambda: built())
    copied, fresh = in_a_rolled_back_transaction(copy_after_the_sequence_fell_back)
    assert fresh > copied
