"""What a user or a partner's system sees of a database, read independently of the backup's
own serialisation: every table's rows through the ORM, every API list answer, the IATI
export of a program and the uploaded files. A round-trip test compares the probe of the
original with the probe of a restored copy (in this process, or in a subprocess running
against another database: `manage.py shell -c "...probe import main; main(PATH, ...)"`)."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from alianza.iati import exporter
from alianza.operations.services import media_names
from alianza.operations.tables import tables

#: The IATI export writes the time it was made; both sides are made "at" this time.
GENERATED = "2026-01-02T03:04:05Z"


def canonical(value):
    """A value as text that differs whenever the values differ (type included)."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return f"datetime:{value.isoformat(timespec='microseconds')}"
    if isinstance(value, datetime.date):
        return f"date:{value.isoformat()}"
    if isinstance(value, datetime.time):
        return f"time:{value.isoformat(timespec='microseconds')}"
    if isinstance(value, Decimal):
        return f"decimal:{value:f}"
    if isinstance(value, bytes | memoryview):
        return f"bytes:{bytes(value).hex()}"
    if isinstance(value, datetime.timedelta | uuid.UUID):
        return f"{type(value).__name__}:{value}"
    if isinstance(value, dict | list):
        # JSON objects are unordered (PostgreSQL's jsonb sorts keys its own way).
        return f"json:{json.dumps(value, sort_keys=True)}"
    return value  # str, int, bool, float, None: JSON keeps them apart


def database_rows() -> dict[str, list[list]]:
    """Every table's rows in primary key order, every value canonical."""
    result = {}
    for table in tables():
        attnames = [f.attname for f in table.fields]
        rows = (
            table.model._base_manager.order_by(table.model._meta.pk.attname)
            .values_list(*attnames)
            .iterator(chunk_size=2000)
        )
        result[table.name] = [[canonical(v) for v in row] for row in rows]
    return result


def api_list_paths() -> list[str]:
    """Every /api/v1/ route without a parameter (the lists and their summaries), but the
    documentation pages (they describe the code, not the data)."""
    paths: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            text = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif (
                isinstance(pattern, URLPattern)
                and text.startswith("api/v1/")
                and text.endswith("/")
                and "<" not in text
                and not text.startswith(("api/v1/docs/", "api/v1/schema/", "api/v1/redoc/"))
            ):
                paths.add("/" + text.replace("\\.", "."))

    walk(get_resolver().url_patterns, "")
    return sorted(paths)


def api_answers(username: str, program: str) -> dict[str, dict]:
    """Every API list as `username` (and as an anonymous visitor) sees it, every page."""
    from rest_framework.test import APIClient

    from alianza.accounts.models import User

    answers = {}
    for who in ("anonymous", username):
        client = APIClient()
        if who != "anonymous":
            client.force_authenticate(User.objects.get(username=who))
        extra = [f"/api/v1/initiatives/?program={program}&ordering=-cost&year=2018"]
        for path in [*api_list_paths(), *extra]:
            url = f"{path}{'&' if '?' in path else '?'}page_size=500"
            pages = []
            while url:
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
                if response.streaming:
                    body = b"".join(response.streaming_content).decode()
                else:
                    body = response.content.decode()
                if response.get("Content-Type", "").startswith("application/json"):
                    # Compared as JSON: the order of an object's keys means nothing (and
                    # PostgreSQL's jsonb keeps its own).
                    body = json.loads(body)
                pages.append({"status": response.status_code, "body": body})
                ok = response.status_code == 200 and isinstance(body, dict)
                url = body.get("next") if ok else None
            answers[f"{who} {path}"] = pages
    return answers


def iati_export(program: str) -> str:
    from alianza.programs.models import Program

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "program.xml"
        exporter.export_program(Program.objects.get(code=program), target)
        return target.read_text(encoding="utf-8")


def media_files() -> dict[str, str]:
    files = {}
    for name in media_names(default_storage):
        with default_storage.open(name, "rb") as handle:
            files[name] = hashlib.sha256(handle.read()).hexdigest()
    return files


def new_ids() -> dict[str, int]:
    """Create an institution and a user: their ids must follow the restored ones."""
    from alianza.accounts.tests.factories import InstitutionFactory, UserFactory

    return {
        "accounts_institution": InstitutionFactory(code=f"new_{uuid.uuid4().hex[:8]}").pk,
        "accounts_user": UserFactory(username=f"new-{uuid.uuid4().hex[:8]}").pk,
    }


def collect(*, username: str, program: str) -> dict:
    """Everything above, read before anything is written (API reads write nothing)."""
    # Refusals (403 on an anonymous list, 400 without a required filter) are answers too.
    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with (
            translation.override("en"),
            mock.patch.object(exporter, "generated_datetime", return_value=GENERATED),
        ):
            return {
                "rows": database_rows(),
                "media": media_files(),
                "iati_export": iati_export(program),
                "api": api_answers(username, program),
            }
    finally:
        quiet.setLevel(level)


def main(output: str, username: str, program: str) -> None:
    """Entry point for a subprocess: write the probe (and the ids of new rows) as JSON."""
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client talk to this process's settings
    result = collect(username=username, program=program)
    result["new_ids"] = new_ids()
    Path(output).write_text(json.dumps(result), encoding="utf-8")


def first_difference(expected: dict, actual: dict) -> str | None:
    """A readable description of where two probes differ first, or None."""
    for key in sorted(set(expected) | set(actual)):
        if key not in expected or key not in actual:
            return f"{key}: only on one side"
        left, right = expected[key], actual[key]
        if left == right:
            continue
        if isinstance(left, list) and isinstance(right, list):
            if len(left) != len(right):
                return f"{key}: {len(left)} items, then {len(right)}"
            for index, (a, b) in enumerate(zip(left, right, strict=True)):
                if a != b:
                    return f"{key}[{index}]: {_where_text_differs(a, b)}"
        return f"{key}: {_where_text_differs(left, right)}"
    return None


def _where_text_differs(left, right) -> str:
    left, right = str(left), str(right)
    at = next(
        (i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b),
        min(len(left), len(right)),
    )
    start = max(0, at - 200)
    return f"\n  before ...{left[start : at + 200]}\n  after  ...{right[start : at + 200]}"
