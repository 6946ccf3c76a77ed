"""The unread-notifications count in the navigation bar (one query, only when shown)."""

from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        from alianza.monitoring.models import Notification

        return Notification.objects.filter(user=user).unread().count()

    return {"unread_notifications": SimpleLazyObject(unread)}
