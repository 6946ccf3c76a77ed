"""API plumbing shared by every app: deny by default, pagination, error shape."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, renderers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination


class DenyByDefault(permissions.BasePermission):
    """The default permission: a view that does not declare its own rules serves no one."""

    def has_permission(self, request, view) -> bool:
        return False


class ReadOnlyForAll(permissions.BasePermission):
    """Safe methods for everyone; visibility is left to the queryset."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages style a few elements with style="" attributes and the code samples
    with a <style> block. On those pages only, the Content-Security-Policy allows inline
    styles; scripts stay 'self'."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def validation_error_detail(exc: DjangoValidationError) -> dict | list:
    """Turn a Django ValidationError into DRF's {field: [messages]} shape."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """Service-layer errors (Django's) become the API's 400 and 403 answers."""
    # Imported here: rest_framework.views reads these settings at import time.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(detail=validation_error_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = PermissionDenied(detail=str(exc) or None)
    return drf_exception_handler(exc, context)


class SignedInWrites(permissions.BasePermission):
    """Anyone may read what the queryset shows them; writing needs a signed-in user, and
    whether that user may make this change, the service decides."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


class ServiceWritesMixin:
    """For ModelViewSets whose writes go through services: the serializer validates the
    input's shape, the viewset's `create_record(data)`, `update_record(instance, data)` and
    `delete_record(instance)` call the service (define those its `http_method_names` allow),
    and the response shows the saved record through the same serializer."""

    def perform_create(self, serializer):
        serializer.instance = self.create_record(dict(serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = self.update_record(
            serializer.instance, dict(serializer.validated_data)
        )

    def perform_destroy(self, instance):
        self.delete_record(instance)
