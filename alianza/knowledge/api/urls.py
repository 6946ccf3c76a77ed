from django.urls import path
from rest_framework.routers import DefaultRouter

from alianza.knowledge.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("products", views.ProductViewSet, basename="product")

urlpatterns = [
    *router.urls,
    path("search/", views.SearchView.as_view(), name="search"),
]
