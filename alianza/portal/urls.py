from django.urls import path, register_converter

from alianza.portal import views
from alianza.portal.selectors import LANGUAGES


class LanguageConverter:
    """A portal language in the URL: /public/es/..., /public/en/..."""

    regex = "|".join(LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FormatConverter:
    regex = "pdf|html"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "portal_lang")
register_converter(FormatConverter, "report_fmt")

app_name = "portal"

urlpatterns = [
    path("public/", views.index_redirect, name="index_redirect"),
    path("public/sitemap.xml", views.sitemap, name="sitemap"),
    path("public/<portal_lang:lang>/", views.index, name="index"),
    path("public/<portal_lang:lang>/<str:code>/", views.program, name="program"),
    path(
        "public/<portal_lang:lang>/<str:code>/initiatives/",
        views.initiatives,
        name="initiatives",
    ),
    path("public/<portal_lang:lang>/<str:code>/flagships/", views.flagships, name="flagships"),
    path("public/<portal_lang:lang>/<str:code>/products/", views.products, name="products"),
    path("public/<portal_lang:lang>/<str:code>/figures/", views.figures, name="figures"),
    path("public/<portal_lang:lang>/<str:code>/open-data/", views.open_data, name="open_data"),
    path(
        "public/<portal_lang:lang>/<str:code>/open-data/iati.xml",
        views.open_data_iati,
        name="open_data_iati",
    ),
    path(
        "public/<portal_lang:lang>/<str:code>/open-data/<slug:name>.csv",
        views.open_data_file,
        name="open_data_file",
    ),
    path("programs/<str:code>/annual-report/", views.annual_report, name="annual_report"),
    path(
        "programs/<str:code>/annual-report/<int:year>.<report_fmt:fmt>",
        views.annual_report_download,
        name="annual_report_download",
    ),
]
