"""Writes to the staffing scenarios: define a scenario, and save its plan (the positions
kept, adjusted from the proposal, with a note). Every write is audited; the saved plan is
part of the scenario's snapshot, so one change record shows the plan whole.

None of these is `durable`: pages and the API call them inside the transaction that checks
the record's version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update
from alianza.core.services import assign_fields
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.specialists.models import Position
from alianza.staffing_plans.models import Scenario, ScenarioChoice
from alianza.staffing_plans.permissions import can_plan_staffing

SCENARIO_FIELDS = {
    "code",
    "name_en",
    "name_es",
    "kind",
    "year",
    "component",
    "base_budget",
    "currency",
    "cut_percent",
    "ends_on",
    "risk",
}
REFUSED = gettext_lazy("Only the coordinators of %(code)s plan its staffing scenarios.")


@transaction.atomic
def scenario_create(*, program: Program, data: Mapping[str, Any], actor: User) -> Scenario:
    """Define a scenario: its year, budget and how it sets the budget (current, a cut, an
    end date)."""
    require(can_plan_staffing(actor, program), REFUSED % {"code": program.code})
    scenario = Scenario(program=program)
    assign_fields(scenario, data, SCENARIO_FIELDS)
    audit.save_and_record(scenario, actor=actor, action="staffing_plans.scenario.create")
    return scenario


@transaction.atomic
def scenario_update(*, scenario: Scenario, data: Mapping[str, Any], actor: User) -> Scenario:
    require(can_plan_staffing(actor, scenario.program), REFUSED % {"code": scenario.program.code})
    lock_for_update(scenario)
    before = audit.snapshot(scenario)
    assign_fields(scenario, data, SCENARIO_FIELDS)
    scenario.full_clean()
    if audit.snapshot(scenario) != before:
        scenario.save()
        audit.record(
            actor=actor, action="staffing_plans.scenario.update", obj=scenario, before=before
        )
    return scenario


@transaction.atomic
def scenario_plan_save(
    *, scenario: Scenario, kept: Iterable[Position], note: str, actor: User
) -> Scenario:
    """Save the scenario's plan: every position of the program is kept (those in `kept`)
    or dropped (the others), with a note saying why. Refused without a note, or naming a
    position of another program."""
    program = scenario.program
    require(can_plan_staffing(actor, program), REFUSED % {"code": program.code})
    lock_for_update(scenario)
    kept = list(kept)
    errors: dict[str, list[str]] = {}
    if not (note or "").strip():
        errors["note"] = [
            _("%(record)s: say in a note why the plan keeps what it keeps.")
            % {"record": scenario.label}
        ]
    foreign = [p for p in kept if p.program_id != program.pk]
    if foreign:
        errors["kept"] = [
            _("%(record)s: position %(position)s belongs to another program.")
            % {"record": scenario.label, "position": p.code}
            for p in foreign
        ]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(scenario)
    kept_ids = {p.pk for p in kept}
    current = {c.position_id: c for c in scenario.choices.all()}
    for position in Position.objects.filter(program=program):
        keep = position.pk in kept_ids
        choice = current.pop(position.pk, None)
        if choice is None:
            ScenarioChoice(scenario=scenario, position=position, keep=keep).save()
        elif choice.keep != keep:
            choice.keep = keep
            choice.save(update_fields=["keep"])
    for stale in current.values():
        stale.delete()
    scenario.plan_note = note.strip()
    scenario.plan_saved_by = actor
    scenario.plan_saved_at = timezone.now()
    audit.save_and_record(
        scenario, actor=actor, action="staffing_plans.scenario.plan", before=before
    )
    return scenario
