"""Label every change a request makes with its source and a request id.

The request id is ours: a fresh UUID per request, sent back in `X-Request-ID`. A client's
own `X-Request-ID` is kept apart (ChangeRecord.client_request_id) and only when it is a
plain token (letters, digits and hyphens, at most 64); anything else is dropped.
"""

from __future__ import annotations

import re
import uuid

from alianza.audit.context import audit_context

CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


def client_request_id(value: str) -> str:
    return value if CLIENT_REQUEST_ID.fullmatch(value) else ""


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex
        client_id = client_request_id(request.headers.get("X-Request-ID", ""))
        path = request.path
        if path.startswith("/api/"):
            source = "api"
        elif path.startswith("/admin/"):
            source = "admin"
        else:
            source = "web"
        request.request_id = request_id
        request.client_request_id = client_id
        with audit_context(source=source, request_id=request_id, client_request_id=client_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
