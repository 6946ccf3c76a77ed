"""Fixtures of the systematization tests: the shared cast and PROCAP, each built once per
module inside a transaction rolled back at its end (the fast pattern of
alianza/initiatives/tests/test_permissions.py); each test runs in its own savepoint."""

from __future__ import annotations

import copy
import logging

import pytest
from django.db import transaction

import alianza.conftest as shared_fixtures
from alianza.programs.models import Program
from alianza.systematization.tests.factories import systematize


@pytest.fixture(scope="module")
def _cast_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        cast = shared_fixtures.build_cast()
        period = systematize(
            cast.program, threshold=2, codes=("need", "impact", "reach"), extra=("extra",)
        )
        yield cast, period
        transaction.set_rollback(True)


@pytest.fixture
def cast(_cast_once, db):
    return copy.deepcopy(_cast_once[0])


@pytest.fixture
def period(_cast_once, db):
    from alianza.systematization.models import SystematizationPeriod

    return SystematizationPeriod.objects.select_related("program", "criteria_set").get(
        pk=_cast_once[1].pk
    )


@pytest.fixture(scope="module")
def _procap_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield shared_fixtures.load_procap()
        transaction.set_rollback(True)


@pytest.fixture
def procap(_procap_once, db):
    return Program.objects.get(pk=_procap_once.pk)


@pytest.fixture(autouse=True)
def _quiet(caplog):
    """403s, 404s and WeasyPrint's progress are expected: keep them out of the log."""
    caplog.set_level(logging.ERROR, logger="django.request")
    caplog.set_level(logging.WARNING, logger="weasyprint")
