from rest_framework.routers import DefaultRouter

from alianza.governance.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("board-meetings", views.MeetingViewSet, basename="boardmeeting")
router.register("action-items", views.ActionItemViewSet, basename="actionitem")
router.register("disputes", views.DisputeViewSet, basename="dispute")
router.register("focal-points", views.FocalPointViewSet, basename="focalpoint")

urlpatterns = router.urls
