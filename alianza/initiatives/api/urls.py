from rest_framework.routers import DefaultRouter

from alianza.initiatives.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register(
    "classification-schemes", views.ClassificationSchemeViewSet, basename="classificationscheme"
)
router.register("policy-instruments", views.PolicyInstrumentViewSet, basename="policyinstrument")

urlpatterns = router.urls
