"""The systematization in the API: read shapes, and the input the services take; one
module per part of the `models` package."""

from alianza.systematization.api.serializers.assessments import (
    AssessmentInputSerializer,
    AssessmentSerializer,
    ConsolidatedResultSerializer,
    ConsolidateInputSerializer,
    ItemInputSerializer,
    MatrixQuerySerializer,
    MentionInputSerializer,
    SettleInputSerializer,
    matrix_data,
)
from alianza.systematization.api.serializers.criteria import (
    CriteriaSetSerializer,
    PeriodSerializer,
)
from alianza.systematization.api.serializers.informants import (
    ExcerptInputSerializer,
    ExcerptSerializer,
    InterviewSerializer,
    question_ref,
)
from alianza.systematization.api.serializers.learning import (
    FollowUpInputSerializer,
    KeyActionInputSerializer,
    KeyActionSerializer,
    LessonSerializer,
    ManagementResponseSerializer,
    RecommendationSerializer,
    ResponseInputSerializer,
)

__all__ = [
    "AssessmentInputSerializer",
    "AssessmentSerializer",
    "ConsolidateInputSerializer",
    "ConsolidatedResultSerializer",
    "CriteriaSetSerializer",
    "ExcerptInputSerializer",
    "ExcerptSerializer",
    "FollowUpInputSerializer",
    "InterviewSerializer",
    "ItemInputSerializer",
    "KeyActionInputSerializer",
    "KeyActionSerializer",
    "LessonSerializer",
    "ManagementResponseSerializer",
    "MatrixQuerySerializer",
    "matrix_data",
    "MentionInputSerializer",
    "PeriodSerializer",
    "RecommendationSerializer",
    "ResponseInputSerializer",
    "SettleInputSerializer",
    "question_ref",
]
