"""The specialists' world: the cast's program TEST with a position, a specialist with an
account and personal data, and their contract held by partner B; partner B's
human-resources focal point (`hr_b`) and the specialist (`specialist`) join the cast."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from alianza.accounts.choices import FocalArea, Role
from alianza.accounts.tests.factories import member
from alianza.conftest import Cast, build_cast, built_once
from alianza.specialists.models import PersonalData, Position, ServiceContract, Specialist
from alianza.specialists.tests.factories import (
    PersonalDataFactory,
    PositionFactory,
    ServiceContractFactory,
    SpecialistFactory,
)

D = datetime.date


@dataclass
class Staff:
    cast: Cast
    position: Position
    specialist: Specialist
    personal: PersonalData
    contract: ServiceContract

    @property
    def program(self):
        return self.cast.program


def build_staff() -> Staff:
    cast = build_cast()
    cast.users["hr_b"] = member("hr_b", cast.partner_b, Role.FOCAL_POINT, FocalArea.HUMAN_RESOURCES)
    cast.users["specialist"] = member("specialist", cast.partner_a, Role.VIEWER)
    position = PositionFactory(program=cast.program, code="P-001", host_institution=cast.partner_a)
    specialist = SpecialistFactory(
        program=cast.program, full_name="Ana Pérez", user=cast.users["specialist"]
    )
    personal = PersonalDataFactory(specialist=specialist, identity_document="PEAA850314MDF")
    contract = ServiceContractFactory(
        program=cast.program,
        reference="SC-0001",
        specialist=specialist,
        position=position,
        holder=cast.partner_b,
        start_date=D(2019, 1, 1),
        end_date=D(2019, 12, 31),
        monthly_cost=Decimal("3100.00"),
    )
    cast.log_in_once()
    return Staff(cast, position, specialist, personal, contract)


@built_once
def _staff_module() -> Staff:
    """The specialists' world, built once per module."""
    return build_staff()


@pytest.fixture
def staff(_staff_module, db) -> Staff:
    if _staff_module is None:
        return build_staff()
    return copy.deepcopy(_staff_module)
