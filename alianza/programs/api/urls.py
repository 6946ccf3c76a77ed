from rest_framework.routers import DefaultRouter

from alianza.programs.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("programs", views.ProgramViewSet, basename="program")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("phases", views.PhaseViewSet, basename="phase")
router.register("components", views.ComponentViewSet, basename="component")
router.register("document-versions", views.DocumentVersionViewSet, basename="documentversion")
router.register("general-revisions", views.GeneralRevisionViewSet, basename="generalrevision")
router.register("funding-sources", views.FundingSourceViewSet, basename="fundingsource")

urlpatterns = router.urls
