"""Writes to a program's systematization, one module per part of its `models` package.

Pages, the API and the PROCAP loader call these. Each checks the actor's permission,
validates everything before keeping anything (errors keyed by field, naming the record),
writes in one transaction and records the change in the audit trail. Upserts write only
what differs, so that loading reference data twice changes nothing.
"""

from alianza.systematization.services.assessments import (
    agreement,
    assessment_delete,
    assessment_save,
    consolidated_result_create,
    consolidated_result_update,
    consolidated_value_settle,
)
from alianza.systematization.services.criteria import (
    criteria_set_upsert,
    period_upsert,
)
from alianza.systematization.services.informants import (
    analysis_scope_upsert,
    case_type_upsert,
    excerpt_delete,
    excerpt_save,
    informant_upsert,
    interview_create,
    interview_upsert,
    nomination_upsert,
)
from alianza.systematization.services.learning import (
    key_action_create,
    key_action_follow_up,
    key_action_update,
    lesson_upsert,
    management_response_set,
    recommendation_upsert,
    success_factor_upsert,
)
from alianza.systematization.services.report import (
    report_number_delete,
    report_number_upsert,
)

__all__ = [
    "agreement",
    "analysis_scope_upsert",
    "assessment_delete",
    "assessment_save",
    "case_type_upsert",
    "consolidated_result_create",
    "consolidated_result_update",
    "consolidated_value_settle",
    "criteria_set_upsert",
    "excerpt_delete",
    "excerpt_save",
    "informant_upsert",
    "interview_create",
    "interview_upsert",
    "key_action_create",
    "key_action_follow_up",
    "key_action_update",
    "lesson_upsert",
    "management_response_set",
    "nomination_upsert",
    "period_upsert",
    "recommendation_upsert",
    "report_number_delete",
    "report_number_upsert",
    "success_factor_upsert",
]
