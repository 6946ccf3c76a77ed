"""Fixtures of the systematization tests: the shared cast with a systematization period, built
once per module (`built_once`); PROCAP comes from alianza/conftest.py, also once per module."""

from __future__ import annotations

import copy
import logging

import pytest

from alianza.conftest import build_cast, built_once
from alianza.systematization.tests.factories import systematize


@built_once
def _cast_once():
    cast = build_cast()
    cast.log_in_once()
    period = systematize(
        cast.program, threshold=2, codes=("need", "impact", "reach"), extra=("extra",)
    )
    return cast, period


@pytest.fixture
def cast(_cast_once, db):
    return copy.deepcopy(_cast_once[0])


@pytest.fixture
def period(_cast_once, db):
    from alianza.systematization.models import SystematizationPeriod

    return SystematizationPeriod.objects.select_related("program", "criteria_set").get(
        pk=_cast_once[1].pk
    )


@pytest.fixture(autouse=True)
def _quiet(caplog):
    """403s, 404s and WeasyPrint's progress are expected: keep them out of the log."""
    caplog.set_level(logging.ERROR, logger="django.request")
    caplog.set_level(logging.WARNING, logger="weasyprint")
