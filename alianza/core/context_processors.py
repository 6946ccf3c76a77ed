from django.conf import settings


def site(request):
    """Values every page needs: the languages for the switch, the product name."""
    return {
        "SITE_NAME": "Alianza",
        "LANGUAGES": settings.LANGUAGES,
    }
