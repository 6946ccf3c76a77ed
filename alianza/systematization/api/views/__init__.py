"""The systematization under /api/v1/, one module per part of the `models` package: the
program's setup (criteria sets, periods, success factors, case types, informants, lessons
and recommendations: `setup`), assessments, consolidated results and the matrix, interviews
and their coded excerpts, lessons, recommendations, management responses, key actions and
each figure's data. Writes go through the same services as the pages."""

from alianza.systematization.api.views.assessments import (
    AssessmentViewSet,
    ConsolidatedResultViewSet,
    CriteriaMatrixView,
)
from alianza.systematization.api.views.figures import (
    FigureViewSet,
)
from alianza.systematization.api.views.informants import (
    ExcerptViewSet,
    InterviewViewSet,
)
from alianza.systematization.api.views.learning import (
    KeyActionViewSet,
    ManagementResponseViewSet,
)
from alianza.systematization.api.views.setup import (
    CaseTypeViewSet,
    CriteriaSetViewSet,
    InformantViewSet,
    LessonViewSet,
    PeriodViewSet,
    RecommendationViewSet,
    SuccessFactorViewSet,
)

__all__ = [
    "AssessmentViewSet",
    "CaseTypeViewSet",
    "ConsolidatedResultViewSet",
    "CriteriaMatrixView",
    "CriteriaSetViewSet",
    "ExcerptViewSet",
    "FigureViewSet",
    "InformantViewSet",
    "InterviewViewSet",
    "KeyActionViewSet",
    "LessonViewSet",
    "ManagementResponseViewSet",
    "PeriodViewSet",
    "RecommendationViewSet",
    "SuccessFactorViewSet",
]
