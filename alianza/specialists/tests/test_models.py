import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from alianza.specialists.dates import months_between
from alianza.specialists.tests.factories import (
    HeadcountRecordFactory,
    PositionFactory,
    ServiceContractFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_contract_ending_before_it_starts_names_the_contract():
    contract = ServiceContractFactory(reference="SC-9")
    contract.start_date, contract.end_date = D(2019, 6, 1), D(2019, 5, 31)
    with pytest.raises(ValidationError) as error:
        contract.clean()
    assert "SC-9" in error.value.message_dict["end_date"][0]


def test_a_contract_counts_its_months_inside_a_period():
    contract = ServiceContractFactory(start_date=D(2019, 6, 16), end_date=D(2020, 3, 31))
    assert contract.months_in(D(2019, 1, 1), D(2019, 12, 31)) == Decimal(6) + Decimal(15) / 30
    assert contract.months_in(D(2021, 1, 1), D(2021, 12, 31)) == 0


def test_months_between_whole_and_partial_months():
    assert months_between(D(2019, 1, 1), D(2019, 12, 31)) == 12
    assert months_between(D(2019, 2, 1), D(2019, 2, 14)) == Decimal(14) / 28


def test_a_headcount_record_needs_a_figure():
    record = HeadcountRecordFactory.build(
        program=PositionFactory().program, year=2015, headcount=None
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "2015" in error.value.message_dict["headcount"][0]


def test_a_position_needs_its_function():
    position = PositionFactory.build(
        program=PositionFactory().program, code="X-1", function_en="", function_es=""
    )
    position.host_institution = PositionFactory().host_institution
    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert "X-1" in error.value.message_dict["function_es"][0]
