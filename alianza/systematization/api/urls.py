from django.urls import path
from rest_framework.routers import DefaultRouter

from alianza.systematization.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("criteria-sets", views.CriteriaSetViewSet, basename="criteriaset")
router.register("systematization-periods", views.PeriodViewSet, basename="systematizationperiod")
router.register("success-factors", views.SuccessFactorViewSet, basename="successfactor")
router.register("case-types", views.CaseTypeViewSet, basename="casetype")
router.register("informants", views.InformantViewSet, basename="informant")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register(
    "consolidated-results", views.ConsolidatedResultViewSet, basename="consolidatedresult"
)
router.register("interviews", views.InterviewViewSet, basename="interview")
router.register("excerpts", views.ExcerptViewSet, basename="excerpt")
router.register("lessons", views.LessonViewSet, basename="lesson")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register(
    "management-responses", views.ManagementResponseViewSet, basename="managementresponse"
)
router.register("key-actions", views.KeyActionViewSet, basename="keyaction")
router.register("figures", views.FigureViewSet, basename="figure")

urlpatterns = [
    path("criteria-matrix/", views.CriteriaMatrixView.as_view(), name="criteria-matrix"),
    *router.urls,
]
