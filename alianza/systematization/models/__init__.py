"""The systematization of a program: good-practice criteria and their assessment,
evidence from informants, lessons and good practices, recommendations and their follow-up.

Every record belongs to a program, directly or through a systematization period.
"""

from alianza.systematization.models.assessments import (
    Assessment,
    AssessmentItem,
    ConsolidatedResult,
    ConsolidatedValue,
)
from alianza.systematization.models.criteria import CriteriaSet, Criterion, SystematizationPeriod
from alianza.systematization.models.informants import (
    AnalysisCategory,
    AnalysisScope,
    CaseType,
    Excerpt,
    Informant,
    Interview,
    Nomination,
    Question,
)
from alianza.systematization.models.learning import (
    ActionUpdate,
    KeyAction,
    Lesson,
    ManagementResponse,
    Recommendation,
    SuccessFactor,
)
from alianza.systematization.models.report import ReportNumber

__all__ = [
    "ActionUpdate",
    "AnalysisCategory",
    "AnalysisScope",
    "Assessment",
    "AssessmentItem",
    "CaseType",
    "ConsolidatedResult",
    "ConsolidatedValue",
    "CriteriaSet",
    "Criterion",
    "Excerpt",
    "Informant",
    "Interview",
    "KeyAction",
    "Lesson",
    "ManagementResponse",
    "Nomination",
    "Question",
    "Recommendation",
    "ReportNumber",
    "SuccessFactor",
    "SystematizationPeriod",
]
