"""The project's URLs plus one view that checks nothing, to show the matrix failing on it."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def leak(request):
    from alianza.initiatives.models import Initiative

    titles = Initiative.objects.filter(is_public=False).values_list("title_en", flat=True)
    return HttpResponse(", ".join(titles))


urlpatterns = [*project_urlpatterns, path("leak/", leak, name="leak")]
