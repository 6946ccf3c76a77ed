from django.urls import path

from alianza.knowledge import views

app_name = "knowledge"

PRODUCTS = "programs/<str:code>/products/"

urlpatterns = [
    path(PRODUCTS, views.product_list, name="product_list"),
    path(PRODUCTS + "new/", views.product_edit, name="product_create"),
    path(PRODUCTS + "use/", views.use_report, name="use_report"),
    path(PRODUCTS + "groups/", views.audiences, name="audiences"),
    path(PRODUCTS + "<int:number>/", views.product_detail, name="product_detail"),
    path(PRODUCTS + "<int:number>/edit/", views.product_edit, name="product_update"),
    path(PRODUCTS + "<int:number>/reuse/", views.product_reuse, name="product_reuse"),
    path(PRODUCTS + "<int:number>/files/<int:pk>/", views.file_download, name="file_download"),
    path("search/", views.search_page, name="search"),
]
