"""Who may do what with the specialists' records.

- Positions, specialists' names, contracts' periods and positions, headcount and cost
  aggregates: the program's partners (`can_view_internal`).
- Positions, specialists and contracts are registered by the partners' human-resources
  focal points and coordinators (`can_manage_staff`); headcount figures and notices too.
- Personal data (identity document, date of birth, salary, contact, health insurance):
  only the human-resources focal points of the institution that holds the person's
  contract, and the person themself (`can_read_personal_data`). Not coordinators, not
  administrators as such: an administrator who must read them becomes a human-resources
  focal point, which the audit trail records.
- The channel: specialists read the notices and ask questions; the human-resources focal
  points and coordinators publish notices and answer (`can_manage_staff`); a question is
  read by its asker and by them.

A human-resources focal point is a membership with the focal point role and the human
resources area (`accounts.choices.FocalArea.HUMAN_RESOURCES`), like the other focal areas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alianza.accounts.choices import FocalArea, Role
from alianza.programs.permissions import can_manage_program, is_partner_member

if TYPE_CHECKING:
    from alianza.programs.models import Program
    from alianza.specialists.models import Question, Specialist


def is_hr_focal_point(user: Any, program: Program) -> bool:
    """A human-resources focal point of one of the program's partners."""
    if not (user.is_authenticated and is_partner_member(user, program)):
        return False
    membership = user.active_membership
    return bool(
        membership
        and membership.role == Role.FOCAL_POINT
        and membership.area == FocalArea.HUMAN_RESOURCES
    )


def can_manage_staff(user: Any, program: Program) -> bool:
    """Register positions, specialists, contracts and headcount figures; publish notices and
    answer questions: the partners' human-resources focal points and coordinators."""
    return can_manage_program(user, program) or is_hr_focal_point(user, program)


def is_the_specialist(user: Any, specialist: Specialist) -> bool:
    return bool(user.is_authenticated and specialist.user_id and specialist.user_id == user.pk)


def holder_ids(specialist: Specialist) -> set[int]:
    """The institutions that hold (or held) one of the person's contracts."""
    cached = getattr(specialist, "_holder_ids", None)
    if cached is None:
        # From the prefetched contracts when the list prefetched them (no query per row).
        cached = {c.holder_id for c in specialist.contracts.all()}
        setattr(specialist, "_holder_ids", cached)  # noqa: B010 - a per-request cache
    return cached


def can_read_personal_data(user: Any, specialist: Specialist) -> bool:
    """The person themself, or a human-resources focal point of an institution that holds
    one of their contracts (a person with no contract yet: of any partner)."""
    if is_the_specialist(user, specialist):
        return True
    if not is_hr_focal_point(user, specialist.program):
        return False
    holders = holder_ids(specialist)
    return not holders or user.active_membership.institution_id in holders


def can_edit_personal_data(user: Any, specialist: Specialist) -> bool:
    """The human-resources focal points who may read them (a person asks them to correct
    their data)."""
    return not is_the_specialist(user, specialist) and can_read_personal_data(user, specialist)


def can_read_contract_cost(user: Any, specialist: Specialist) -> bool:
    """The monthly cost of a person's contract is personal (their salary)."""
    return can_read_personal_data(user, specialist)


def can_read_question(user: Any, question: Question) -> bool:
    return is_the_specialist(user, question.specialist) or can_manage_staff(user, question.program)
