"""The production shape: DEBUG=0, `collectstatic` into the manifest storage, gunicorn with
WhiteNoise, the settings an operator sets (README "Deploying for real").

The suite otherwise runs with the test settings (plain static storage, finders); these tests
start real processes with the production settings, so that a page answering 500 under the
production storage (a vendored file naming a missing source map did that) fails `make test`.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from alianza.conftest import build_cast
from alianza.registry.tests.factories import make_activity

pytestmark = pytest.mark.production

BASE_DIR = Path(settings.BASE_DIR)
#: The policy every page is served with (config/settings.py CONTENT_SECURITY_POLICY).
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(header: str) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: sources}."""
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return dict(directives)


def production_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The variables README "Deploying for real" lists, with values for this machine."""
    # Nothing of the developer's or CI's own configuration leaks in: only the basics.
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "TMPDIR", "TZ") or key.startswith("LC_")
    }
    env.update(
        {
            "ALIANZA_TESTING": "0",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
            "SECURE_PROXY": "1",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
            "SECURE_HSTS_PRELOAD": "1",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "ALIANZA_VAR_DIR": str(tmp / "var"),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Import config.settings in a fresh process, as every command and worker does first."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import config.settings"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def database_url_for_other_processes(tmp: Path) -> str:
    """The test database, where a gunicorn process can read what this test wrote."""
    if connection.vendor == "sqlite":
        # The test database lives in memory: copy it, migrated and with the data, to a file.
        path = tmp / "production.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving config.wsgi on a loopback port, behind a pretend TLS proxy."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "2",
                "--timeout",
                "60",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(  # noqa: S310
            f"http://127.0.0.1:{self.port}{path}",
            headers={"X-Forwarded-Proto": "https", "Accept-Language": "es"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{self.log.read_text()}")
            try:
                if self.get("/healthz/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"gunicorn did not answer /healthz/ in {timeout} s:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def collected_static(tmp_path_factory) -> Path:
    """`collectstatic` with DEBUG=0 into the production storage (hashed, compressed).

    One test uses it, so that parallel workers run it once (it compresses 12 MB)."""
    tmp = tmp_path_factory.mktemp("production")
    result = manage(production_env(tmp), "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr[-4000:]
    assert (tmp / "static" / "staticfiles.json").exists()
    return tmp


def test_vendored_files_name_no_file_that_is_not_vendored():
    """A source-map comment naming a missing file makes collectstatic fail (make vendor
    strips them)."""
    vendor = BASE_DIR / "static" / "vendor"
    missing = []
    for path in vendor.rglob("*"):
        if path.suffix in (".js", ".css"):
            for name in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text()):
                if not (path.parent / name).exists():
                    missing.append(f"{path.relative_to(BASE_DIR)} -> {name}")
    assert missing == []


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_every_kind_of_page_under_the_production_settings(
    collected_static, tmp_path
):
    cast = build_cast()
    record = make_activity(cast.program, "XM-TEST-PROD")
    env = production_env(
        collected_static,
        DATABASE_URL=database_url_for_other_processes(tmp_path),
        JOB_MODE="thread",
    )
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    try:
        server.wait_until_up()
        pages = {
            "/": 200,
            "/accounts/login/": 200,
            "/programs/TEST/": 200,
            "/programs/TEST/initiatives/": 200,
            cast.public_initiative.get_absolute_url(): 200,
            cast.internal_initiative.get_absolute_url(): 404,
            "/registry/": 200,
            record.get_absolute_url(): 200,
            "/registry/map/": 200,
            "/api/v1/initiatives/?program=TEST": 200,
            "/api/v1/docs/": 200,
            "/admin/login/": 200,
            "/programs/NO-SUCH-PROGRAM/": 404,
            "/healthz/": 200,
        }
        answers = {path: server.get(path) for path in pages}
        wrong = {path: status for path, (status, _, _) in answers.items() if status != pages[path]}
        assert not wrong, f"{wrong}\n{server.log.read_text()[-4000:]}"

        status, headers, body = answers["/"]
        assert policy(headers["Content-Security-Policy"]) == CSP
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        api_headers = answers["/api/v1/initiatives/?program=TEST"][1]
        assert policy(api_headers["Content-Security-Policy"]) == CSP

        # Every static file a page names is served, by its hashed name, cached for ever.
        html = body.decode() + answers["/api/v1/docs/"][2].decode()
        names = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))
        assert any(re.search(r"bootstrap\.min\.[0-9a-f]{12}\.css$", n) for n in names), names
        for name in sorted(names):
            status, headers, _ = server.get(name)
            assert status == 200, name
            assert "immutable" in headers.get("Cache-Control", ""), name

        # Plain HTTP (no TLS at the proxy) is sent to HTTPS.
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}/")  # noqa: S310
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(request, timeout=30)
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"] == f"https://127.0.0.1:{server.port}/"
    finally:
        server.stop()
    assert b"Traceback" not in (tmp_path / "gunicorn.log").read_bytes()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_check_deploy_is_clean_with_the_documented_variables(tmp_path):
    result = manage(
        production_env(
            tmp_path,
            ALLOWED_HOSTS="alianza.example.org",
            CSRF_TRUSTED_ORIGINS="https://alianza.example.org",
        ),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("key", "problem"),
    # Fixed values: parallel workers (pytest-xdist) must collect the same test ids.
    [
        ("x", "got 1 characters, 1 different"),
        ("short-but-varied-Kx7pQ2mZ", "got 25 characters"),
        ("ab" * 40, "got 80 characters, 2 different"),
        ("django-insecure-" + "7Hq2-vLx9_Rk3TzW0bNf5YcJ8uMd1SgA6pEo4iKr2Ql", "too weak"),
    ],
)
def test_debug_off_refuses_a_weak_secret_key(tmp_path, key, problem):
    result = load_settings(production_env(tmp_path, SECRET_KEY=key))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak for DEBUG=0" in result.stderr
    assert problem in result.stderr
    if len(key) > 8:
        assert key not in result.stderr  # the message never repeats the secret


def test_debug_off_accepts_a_strong_secret_key(tmp_path):
    result = load_settings(production_env(tmp_path))
    assert result.returncode == 0, result.stderr


#: Read by config/settings.py but not an operator's setting (the test suite sets it).
INTERNAL_VARIABLES = {"ALIANZA_TESTING"}


def test_every_variable_the_settings_read_is_documented():
    source = (BASE_DIR / "config" / "settings.py").read_text()
    read = set(
        re.findall(
            r'(?:env_str|env_bool|env_int|env_list|env_rate|os\.environ\.get)\("([A-Z_]+)"', source
        )
    )
    example = set(re.findall(r"^([A-Z_]+)=", (BASE_DIR / ".env.example").read_text(), re.M))
    readme = (BASE_DIR / "README.md").read_text()
    deploying = readme[readme.index("## Deploying for real") :]
    deploying = deploying[: deploying.index("\n## ", 1)]
    documented = set(re.findall(r"`([A-Z][A-Z_]+)`", deploying))
    assert read - INTERNAL_VARIABLES - example == set(), ".env.example lacks these"
    assert read - INTERNAL_VARIABLES - documented == set(), "README's deploy section lacks these"
    assert example - read == set(), ".env.example names variables the settings do not read"
