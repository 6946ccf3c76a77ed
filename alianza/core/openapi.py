"""The API's documented errors: every operation of the OpenAPI schema lists the error
answers it may give, with the shape of their body, so that clients (and the contract test,
`core/tests/test_api_contract.py`) know them.

- 400: the input is refused; the body maps each field (or `non_field_errors`, `detail`) to
  its messages;
- 401/403: not signed in, or not allowed; 404: no such record (or one the client may not
  see: the two read the same); 405: a method the record does not serve to this client;
- writes: 409 (a conflicting state), 412 (a stale `If-Match`), 415 (an unsupported body);
- every operation: 406 (an `Accept` it cannot serve) and 429 (throttled, with `Retry-After`).

Request bodies say `additionalProperties: false`: the API refuses a field it does not take
(`alianza.core.api.StrictInput`), unless the serializer accepts keys it cannot list.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance

from alianza.core.api import OptionalURLField, StrictInput

#: A computed field that is a list of records (its shape described in the field's help).
OBJECT_LIST: dict[str, Any] = {
    "type": "array",
    "items": {"type": "object", "additionalProperties": {}},
}
#: A computed field that is a record or null.
NULLABLE_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": {}, "nullable": True}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with closed request bodies (see the module's docstring);
    a serializer's `hidden_from_some` fields are null in the answers of those who may not
    see them."""

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        if isinstance(field, OptionalURLField):  # "" or a URL: the format is in its anyOf
            schema.pop("format", None)

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        serializer = force_instance(serializer)
        if (
            direction == "request"
            and isinstance(serializer, StrictInput)
            and type(serializer).accepted_keys is StrictInput.accepted_keys
        ):
            schema["additionalProperties"] = False
        if direction == "response":
            for name in getattr(serializer, "hidden_from_some", ()):
                if name in schema.get("properties", {}):
                    schema["properties"][name]["nullable"] = True
        return schema


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "What went wrong: `detail`, or each refused field with its messages.",
    "additionalProperties": True,
}

DESCRIPTIONS = {
    "400": "The input is refused (each field named with its messages).",
    "401": "Not signed in.",
    "403": "Not allowed.",
    "404": "No such record, or not one the client may see.",
    "405": "Method not allowed on this record for this client.",
    "406": "The requested representation cannot be served.",
    "409": "The record is not in a state that allows this.",
    "412": "The record changed since the version named in If-Match.",
    "415": "Unsupported request body.",
    "429": "Too many requests (see Retry-After).",
}

WRITES = {"post", "put", "patch", "delete"}


def _codes(method: str) -> list[str]:
    codes = ["400", "401", "403", "404", "405", "406", "429"]
    if method in WRITES:
        codes += ["409", "412", "415"]
    return codes


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    """drf-spectacular postprocessing hook: add the error answers to every operation that
    does not document them itself."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    reference = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code in _codes(method):
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
