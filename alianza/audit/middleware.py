"""Label every change a request makes with its source and a request id."""

from __future__ import annotations

import re
import uuid

from alianza.audit.context import audit_context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        path = request.path
        if path.startswith("/api/"):
            source = "api"
        elif path.startswith("/admin/"):
            source = "admin"
        else:
            source = "web"
        request.request_id = request_id
        with audit_context(source=source, request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
