from rest_framework.routers import DefaultRouter

from alianza.iati.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("iati-imports", views.ImportJobViewSet, basename="iatiimport")
router.register("iati-exports", views.ExportViewSet, basename="iatiexport")
router.register("iati-export-jobs", views.ExportJobViewSet, basename="iatiexportjob")

urlpatterns = router.urls
