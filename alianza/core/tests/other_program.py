"""A second program beside the conftest's cast: its own partner and coordinator, and records
whose codes and numbers repeat the first program's (so lookups by code must be scoped)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution, User
from alianza.accounts.tests.factories import InstitutionFactory, member
from alianza.contracts.tests.factories import ContractFactory
from alianza.initiatives.models import Initiative
from alianza.initiatives.tests.factories import InitiativeFactory, SchemeFactory, TermFactory
from alianza.programs.models import Program
from alianza.programs.tests.factories import (
    ComponentFactory,
    FundingSourceFactory,
    GeneralRevisionFactory,
    PartnershipFactory,
    PhaseFactory,
    ProgramFactory,
)


@dataclass
class OtherProgram:
    program: Program
    partner: Institution
    coordinator: User
    public_initiative: Initiative
    internal_initiative: Initiative


def build_other_program(*, is_public: bool = False) -> OtherProgram:
    partner = InstitutionFactory(code="other_partner", acronym_en="OTP")
    program = ProgramFactory(code="OTHER", is_public=is_public)
    PartnershipFactory(program=program, institution=partner)
    phase = PhaseFactory(program=program, number=1)
    ComponentFactory(program=program, number=1)
    ComponentFactory(program=program, number=7)  # a number the first program lacks
    # The same code as the first program's source, and one only this program has.
    FundingSourceFactory(program=program, code="agency_a_contribution", institution=partner)
    FundingSourceFactory(program=program, code="other_only", institution=partner)
    GeneralRevisionFactory(program=program, number=1)
    scheme = SchemeFactory(program=program, code="incidence_level", name_en="Incidence")
    TermFactory(scheme=scheme, code="systemic", name_en="Systemic")
    public = InitiativeFactory(
        program=program, number=1, title_en="Other public", is_public=True, phase=phase
    )
    internal = InitiativeFactory(
        program=program, number=2, title_en="Other internal", is_public=False, phase=phase
    )
    InitiativeFactory(program=program, number=9, title_en="Only here", phase=phase)
    ContractFactory(program=program, reference="OT-001", start_date=datetime.date(2019, 1, 1))
    return OtherProgram(
        program=program,
        partner=partner,
        coordinator=member("coordinator_other", partner, Role.COORDINATOR),
        public_initiative=public,
        internal_initiative=internal,
    )
