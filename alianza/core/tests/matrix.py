"""The machinery of the access matrix: walk the URL configuration, build one concrete URL
per pattern from the matrix world's records, request it as each role, classify the answer.

What each answer should be is declared in `access.py`, not here."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

#: Methods a DRF route action maps to, besides GET.
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name, e.g. "initiatives:initiative_list"
    route: str  # the pattern, with its prefixes
    pattern: URLPattern
    prefix: tuple  # the resolvers' patterns leading to it

    @property
    def callback(self):
        return self.pattern.callback

    @property
    def kwargs(self) -> list[str]:
        return list(self.pattern.pattern.regex.groupindex)

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    def write_methods(self) -> list[str]:
        """The write methods to try: a DRF route's own; a page gets a POST."""
        actions = getattr(self.callback, "actions", None)
        if actions is not None:
            return [m for m in WRITE_METHODS if m in actions]
        cls = getattr(self.callback, "cls", None)
        if cls is not None and hasattr(cls, "http_method_names"):
            return [m for m in WRITE_METHODS if m in cls.http_method_names and hasattr(cls, m)]
        if self.is_admin:
            return []
        return ["post"]


def walk(resolver=None, prefix: str = "", namespace: str = "", parents: tuple = ()):
    """Every named URL pattern, once (DRF's `.json` format-suffix twins are left out)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry, prefix + str(entry.pattern), ns, (*parents, entry))
            continue
        if "format" in entry.pattern.regex.groupindex:
            continue
        name = entry.name or f"<unnamed {prefix}{entry.pattern}>"
        full = f"{namespace}:{name}" if namespace else name
        yield Route(full, prefix + str(entry.pattern), entry, parents)


def routes(resolver=None) -> dict[str, Route]:
    found: dict[str, Route] = {}
    for route in walk(resolver):
        found.setdefault(route.name, route)
    return found


def build_url(route: Route, kwargs: dict) -> str:
    """The concrete path for `route` with `kwargs`, through the same resolvers."""
    path = ""
    for parent in route.prefix:
        path += _fill(parent.pattern, {})
    return "/" + path + _fill(route.pattern.pattern, kwargs)


def _fill(pattern, kwargs: dict) -> str:
    text = str(pattern)
    if hasattr(pattern, "_route"):  # path(): <conv:name>
        return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), text)
    text = text.lstrip("^").rstrip("$")  # re_path(): (?P<name>...)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), text)
    return text.replace("\\", "")


def classify(response) -> str:
    """One word per kind of answer: ok, login, redirect, 400, 403, 404, 405 (or the code)."""
    code = response.status_code
    if 200 <= code < 300:
        return "ok"
    if code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if location.startswith(settings.LOGIN_URL) or "/login/" in location:
            return "login"
        return "redirect"
    return str(code)


def request(client: Client, method: str, url: str, *, api: bool, body: bool = False):
    """One request, rolled back whatever it wrote (a logout's new session cookie too)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        elif api:
            response = getattr(client, method)(url, json.dumps({}), content_type="application/json")
        else:
            response = getattr(client, method)(url, {})
        transaction.set_rollback(True)
    client.cookies = cookies
    if not body:
        return classify(response)
    content = b"" if response.streaming else response.content
    return classify(response), content.decode("utf-8", "replace")


def assert_access(client: Client, url: str, expected: str, *, method: str = "get", data=None):
    """Request `url` and check the kind of answer (`classify`): `expected` is one word, or
    several joined by `|` ("404|403"). A dict `data` goes as a form, or as JSON to the API
    ("/api/..."); the response is returned for what else the test checks."""
    if method == "get":
        response = client.get(url, data)
    elif url.startswith("/api/"):
        response = getattr(client, method)(
            url, json.dumps(data or {}), content_type="application/json"
        )
    else:
        response = getattr(client, method)(url, data or {})
    return assert_answer(response, expected, f"{method.upper()} {url}")


def assert_answer(response, expected: str, what: str = "the answer"):
    """`response` is of the kind `expected` names (one word of `classify`, or `a|b`)."""
    got = classify(response)
    assert got in expected.split("|"), f"{what}: {got}, expected {expected}"
    return response


def expected_answer(
    role: str,
    allowed,
    *,
    ok: str = "ok",
    anonymous: str = "login",
    partner: str = "403",
    other: str = "403",
) -> str:
    """What `role` of the shared cast should get: `ok` when in `allowed`; else `anonymous`
    (a page sends to log in, the API says "401|403"), `partner` for a partner member who may
    not, `other` for a non-partner (403, or 404 where the record is internal)."""
    from alianza.conftest import PARTNER_ROLES

    if role in allowed:
        return ok
    if role == "anonymous":
        return anonymous
    return partner if role in PARTNER_ROLES else other


def page_numbers(response) -> list[int]:
    """Initiative numbers in a list page's table, in order (the page must answer 200)."""
    assert response.status_code == 200, response.status_code
    return [int(n) for n in re.findall(r'<tr data-number="(\d+)"', response.content.decode())]
