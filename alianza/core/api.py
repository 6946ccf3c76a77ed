"""API plumbing shared by every app: deny by default, pagination, error shape."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from csp.constants import UNSAFE_INLINE
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, renderers, serializers
from rest_framework.exceptions import APIException, ParseError, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser

from alianza.core import concurrency

#: Keys of a form-encoded body that belong to the request, not to the record: the CSRF token
#: of the browsable API's forms.
_REQUEST_KEYS = frozenset({"csrfmiddlewaretoken"})


class StrictInput:
    """A body that names a field the serializer does not take is refused with a 400 naming
    it, never silently dropped: a field the record does not have ("Unknown field."), or one
    it only shows ("This field is read-only."). Nested serializers check their own keys.
    Where the answer comes from another serializer than the input's, the view names the
    answer's fields in the context's `shown_fields`: those are read-only too.

    A serializer that takes keys it cannot list as fields (the classification schemes of an
    initiative's program, say) names them in `accepted_keys(data)`."""

    def accepted_keys(self, data: Mapping) -> set[str]:
        return set()

    def refused_keys(self, data: Mapping) -> dict[str, list]:
        fields = self.fields  # type: ignore[attr-defined]
        writable = {
            name
            for name, field in fields.items()
            if not field.read_only and not isinstance(field, serializers.HiddenField)
        }
        extra = set(data) - writable - _REQUEST_KEYS
        if extra:
            extra -= self.accepted_keys(data)
        shown = set(fields)
        if self.parent is None:  # type: ignore[attr-defined]
            shown |= set(self.context.get("shown_fields", ()))  # type: ignore[attr-defined]
        refused = {}
        for key in sorted(extra, key=str):
            message = _("This field is read-only.") if key in shown else _("Unknown field.")
            refused[key] = [message]
        return refused

    def to_internal_value(self, data):
        refused = self.refused_keys(data) if isinstance(data, Mapping) else {}
        try:
            value = super().to_internal_value(data)  # type: ignore[misc]
        except ValidationError as exc:
            if refused and isinstance(exc.detail, dict):
                raise ValidationError({**exc.detail, **refused})
            raise
        if refused:
            raise ValidationError(refused)
        return value


class Serializer(StrictInput, serializers.Serializer):
    """The API's serializers: DRF's, refusing fields they do not take (`StrictInput`)."""


@extend_schema_field(
    {"type": "string", "anyOf": [{"format": "uri"}, {"maxLength": 0}], "maxLength": 200}
)
class OptionalURLField(serializers.URLField):
    """A web address that may be left empty: "" or a URL (as the schema says)."""


def _nullable_path(model, source: str) -> bool:
    """Whether following `source` ("institution", "institution.code") from `model` may
    meet a null."""
    for part in source.split("."):
        try:
            field = model._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return False
        if getattr(field, "null", False):
            return True
        model = field.related_model
        if model is None:
            return False
    return False


class ModelSerializer(StrictInput, serializers.ModelSerializer):
    """The API's model serializers: DRF's, refusing fields they do not take (`StrictInput`),
    and saying what their answers really hold: a shown field whose record may be missing
    is nullable, a shown choice the model leaves blank may be "", and a web address the
    model leaves blank may be "" (`OptionalURLField`)."""

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if field_class is serializers.URLField and model_field.blank:
            field_class = OptionalURLField
        return field_class, field_kwargs

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            if not field.read_only or isinstance(field, serializers.ManyRelatedField):
                continue
            source = field.source or name
            if source == "*":
                continue
            if not field.allow_null and _nullable_path(model, source):
                field.allow_null = True
            if isinstance(field, serializers.ChoiceField) and not field.allow_blank:
                with contextlib.suppress(FieldDoesNotExist):
                    field.allow_blank = model._meta.get_field(source).blank
        return fields


def input_context(view) -> dict:
    """The context of a view's input serializer when its answer is the view's own
    serializer: the answer's fields are read-only in the input (`StrictInput`)."""
    return {
        **view.get_serializer_context(),
        "shown_fields": frozenset(view.get_serializer().fields),
    }


class NoInput(Serializer):
    """The body of an action that takes none: empty (or absent); any field is refused."""


def refuse_body(request) -> None:
    """For an action documented with `request=None`: a body naming fields is a 400."""
    NoInput(data=request.data).is_valid(raise_exception=True)


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
    """Turn a service's ValidationError into DRF's {field: [messages]} shape: the same
    convention as forms (`alianza.core.forms.service_error_fields`), each message on the
    field the service names, messages about the whole record in `non_field_errors`."""
    from alianza.core.forms import service_error_fields

    return {
        ("non_field_errors" if field is None else field): messages
        for field, messages in service_error_fields(exc).items()
    }


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


class PreconditionFailed(APIException):
    """412: the client's If-Match names a version of the record that is no longer stored."""

    status_code = 412
    default_code = "precondition_failed"
    default_detail = _("The record was changed by someone else after you read it.")

    def __init__(self, stale: concurrency.StaleVersion):
        self.version = stale.version
        super().__init__(
            detail={
                "detail": concurrency.stale_message(stale),
                "changed_fields": stale.fields,
                "changed_by": stale.actors,
            }
        )


class VersionedMixin:
    """Optimistic locking for a viewset: a detail (read or written) answers the record's
    version as its `ETag`; PUT, PATCH and DELETE with `If-Match` proceed only if it names
    the stored version, and answer 412 Precondition Failed otherwise. Writes run in one
    transaction that holds the record's row lock from the check to the service's save.
    Without `If-Match` a write proceeds; the update service's own row lock keeps it from
    overwriting another writer's change."""

    _versioned_object = None
    _etag_actions = ("retrieve", "update", "partial_update")

    def dispatch(self, request, *args, **kwargs):
        if request.method not in permissions.SAFE_METHODS:
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS:
            try:
                concurrency.check_if_match(obj, self.request.headers.get("If-Match"))
            except concurrency.StaleVersion as stale:
                raise PreconditionFailed(stale)
        self._versioned_object = obj
        return obj

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, PreconditionFailed) and exc.version:
            response["ETag"] = concurrency.etag(exc.version)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = self._versioned_object
        if (
            obj is not None
            and getattr(self, "action", None) in self._etag_actions
            and 200 <= response.status_code < 300
        ):
            version = concurrency.current_version(obj)
            if version is not None:
                response["ETag"] = concurrency.etag(version)
        return response


class ServiceWritesMixin(VersionedMixin):
    """For ModelViewSets whose writes go through services: the serializer validates the
    input's shape, the viewset's `create_record(data)`, `update_record(instance, data)` and
    `delete_record(instance)` call the service (define those its `http_method_names` allow),
    and the response shows the saved record through the same serializer. Details carry an
    ETag and writes honour If-Match (see `VersionedMixin`)."""

    def perform_create(self, serializer):
        serializer.instance = self.create_record(dict(serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = self.update_record(
            serializer.instance, dict(serializer.validated_data)
        )

    def perform_destroy(self, instance):
        self.delete_record(instance)


def not_in_program(model, field: str, value) -> str:
    """The one answer for a natural key that is unknown or another program's: the two must
    read the same, so that no one learns other programs' codes by trying them."""
    return _("No %(record)s with %(field)s “%(value)s” in this program.") % {
        "record": model._meta.verbose_name,
        "field": model._meta.get_field(field).verbose_name,
        "value": str(value)[:80],
    }


class CodeField(serializers.SlugRelatedField):
    """A record named by a natural key (code, number, reference) among those the request may
    use. An unknown key, a key out of scope, a malformed key and a key that matches several
    records all fail with the same message (never a 500)."""

    default_error_messages = {
        "not_found": _("No {record} with {field} “{value}”."),
    }

    def _refuse(self, data):
        model = self.get_queryset().model
        self.fail(
            "not_found",
            record=model._meta.verbose_name,
            field=model._meta.get_field(self.slug_field).verbose_name,
            value=str(data)[:80],
        )

    def to_internal_value(self, data):
        queryset = self.get_queryset()
        if isinstance(data, bool) or not isinstance(data, str | int):
            self._refuse(data)
        try:
            found = list(queryset.filter(**{self.slug_field: data})[:2])
        except (TypeError, ValueError, OverflowError, DataError):
            found = []
        if len(found) != 1:
            self._refuse(data)
        return found[0]


class ProgramScopedField(CodeField):
    """A record of the program being written, named by its natural key: the parent
    serializer's `program_for(initial_data)` says which program (None: no record matches)."""

    def __init__(self, model, slug_field, **kwargs):
        self.model = model
        super().__init__(slug_field=slug_field, queryset=model.objects.none(), **kwargs)

    def _refuse(self, data):
        raise serializers.ValidationError(not_in_program(self.model, self.slug_field, data))

    def get_queryset(self):
        program = self.parent.program_for(getattr(self.parent, "initial_data", {}))
        if program is None:
            return self.model.objects.none()
        return self.model.objects.filter(**{self.program_path(): program})

    def program_path(self) -> str:
        return "program"


class InputWritesMixin(VersionedMixin):
    """For viewsets whose writes take a shape other than what they answer: the input
    serializer (`input_serializer_class`, in the schema through `input_schema`) checks the
    body, `create_record(data)`, `update_record(instance, data)` and `delete_record(instance)`
    call the services, and the answer is the saved record read again through the viewset's
    own queryset and serializer. PUT and PATCH alike change only the fields they send."""

    input_serializer_class: type[serializers.Serializer] | None = None

    def _input(self, request, *, partial: bool) -> dict:
        assert self.input_serializer_class is not None
        data = self.input_serializer_class(
            data=request.data, partial=partial, context=input_context(self)
        )
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def _answer(self, obj, status_code: int):
        from rest_framework.response import Response

        fresh = self.get_queryset().filter(pk=obj.pk).first() or obj
        self._versioned_object = fresh
        return Response(self.get_serializer(fresh).data, status=status_code)

    def create(self, request, *args, **kwargs):
        obj = self.create_record(self._input(request, partial=False))
        return self._answer(obj, 201)

    def _change(self, request):
        instance = self.get_object()
        obj = self.update_record(instance, self._input(request, partial=True))
        return self._answer(obj, 200)

    def update(self, request, *args, **kwargs):
        return self._change(request)

    def partial_update(self, request, *args, **kwargs):
        return self._change(request)

    def create_record(self, data: dict):
        raise NotImplementedError

    def update_record(self, instance, data: dict):
        raise NotImplementedError


class InputDeletesMixin:
    """DELETE for an `InputWritesMixin` viewset: `delete_record(instance)` calls the
    service (204; a refusal is the service's 400 or 403)."""

    def destroy(self, request, *args, **kwargs):
        from rest_framework.response import Response

        self.delete_record(self.get_object())
        return Response(status=204)

    def delete_record(self, instance) -> None:
        raise NotImplementedError


def input_schema(input_serializer, *, delete: bool = True):
    """The OpenAPI description of an `InputWritesMixin` viewset's writes: the request body
    is the input serializer (all fields optional on PUT and PATCH), the answer the record."""
    from drf_spectacular.utils import extend_schema, extend_schema_view

    writes = {
        "create": extend_schema(request=input_serializer),
        "update": extend_schema(request=input_serializer),
        "partial_update": extend_schema(request=input_serializer),
    }
    if delete:
        writes["destroy"] = extend_schema()
    return extend_schema_view(**writes)


class AllowWhatTheUserMay:
    """A record's answer lists in `Allow` only the methods this user may use on it (PUT and
    PATCH when they may change it, DELETE when they may delete it), so that clients offer
    no action the service would refuse. The services decide; this only tells."""

    def may_change(self, obj) -> bool:
        raise NotImplementedError

    def may_delete(self, obj) -> bool:
        raise NotImplementedError

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "action", None) == "retrieve" and response.status_code == 200:
            obj = self.get_object()
            user = request.user
            methods = ["GET", "HEAD", "OPTIONS"]
            if user.is_authenticated and self.may_change(obj):
                methods += ["PUT", "PATCH"]
            if user.is_authenticated and self.may_delete(obj):
                methods.append("DELETE")
            response["Allow"] = ", ".join(methods)
        return response


class ObjectJSONParser(JSONParser):
    """JSON bodies of the API are objects (a record's fields by name): any other JSON value
    (`false`, a list, a number) is refused with a 400 before a serializer or a service
    sees it."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object (the fields by name)."))
        return data
