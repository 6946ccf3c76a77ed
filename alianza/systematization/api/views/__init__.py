"""The systematization under /api/v1/, one module per part of the `models` package:
criteria sets and periods, assessments, consolidated results and the matrix, interviews
and their coded excerpts, lessons, recommendations, management responses, key actions and
each figure's data. Writes go through the same services as the pages."""

from alianza.systematization.api.views.assessments import (
    AssessmentViewSet,
    ConsolidatedResultViewSet,
    CriteriaMatrixView,
)
from alianza.systematization.api.views.criteria import (
    CriteriaSetViewSet,
    PeriodViewSet,
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
    LessonViewSet,
    ManagementResponseViewSet,
    RecommendationViewSet,
)

__all__ = [
    "AssessmentViewSet",
    "ConsolidatedResultViewSet",
    "CriteriaMatrixView",
    "CriteriaSetViewSet",
    "ExcerptViewSet",
    "FigureViewSet",
    "InterviewViewSet",
    "KeyActionViewSet",
    "LessonViewSet",
    "ManagementResponseViewSet",
    "PeriodViewSet",
    "RecommendationViewSet",
]
