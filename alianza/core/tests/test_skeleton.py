"""The shape every app shares, checked on the code itself so that a new app or view that
drifts from it fails here, naming the file: one skeleton per app (or a docstring saying why
a module is absent), one prologue per view, one refusal per service, short views."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The modules a domain app has (`name.py` or a `name/` package).
SKELETON = (
    "models",
    "querysets",
    "services",
    "permissions",
    "filters",
    "forms",
    "views",
    "urls",
    "api",
    "tests",
)
MAX_VIEW_LINES = 40


def apps() -> list[Path]:
    return sorted(p.parent for p in ROOT.glob("*/apps.py"))


def source_files(app: Path) -> list[Path]:
    return [p for p in app.rglob("*.py") if not {"tests", "migrations"} & set(p.parts)]


def view_modules() -> list[Path]:
    found = []
    for app in apps():
        for path in source_files(app):
            parts = path.relative_to(app).parts
            if "views" in parts or path.stem.endswith("views"):
                found.append(path)
    return found


def service_modules() -> list[Path]:
    found = []
    for app in apps():
        for path in source_files(app):
            parts = path.relative_to(app).parts
            if "services" in parts or path.stem in {"services", "spreadsheet_jobs", "export_jobs"}:
                found.append(path)
    return found


def label(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


@pytest.mark.parametrize("app", apps(), ids=lambda p: p.name)
def test_every_app_has_the_skeleton_or_says_why_not(app):
    missing = [
        name for name in SKELETON if not (app / f"{name}.py").exists() and not (app / name).is_dir()
    ]
    docstring = ast.get_docstring(ast.parse((app / "__init__.py").read_text())) or ""
    unexplained = [name for name in missing if name not in docstring]
    assert not unexplained, (
        f"{app.name} has no {', '.join(unexplained)}: add the module(s) or say in "
        f"alianza/{app.name}/__init__.py's docstring why the app needs none"
    )


def test_no_view_is_longer_than_forty_lines():
    long = []
    for path in view_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.body[0].lineno + 1
                if lines > MAX_VIEW_LINES:
                    long.append(f"{label(path)}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, "move the logic to a selector, form or service:\n" + "\n".join(long)


def test_pages_refuse_through_the_one_prologue():
    """Pages raise (program_for, PermissionDenied); none builds its own refusal answer.
    (The API names its program in the query or body and answers DRF's errors.)"""
    copies = []
    for path in view_modules():
        if "api" in path.parts or path.stem == "api_views":
            continue
        text = path.read_text()
        for needle in ("deny(request)", "if program is None", "redirect_to_login("):
            if needle in text:
                copies.append(f"{label(path)}: {needle}")
    assert not copies, "use alianza.programs.permissions.program_for:\n" + "\n".join(copies)


def test_services_refuse_through_require():
    """Services refuse with programs.permissions.require; accounts sits below programs and
    is the one app that raises its own refusals."""
    copies = []
    for path in service_modules():
        if path.parts[-2] == "accounts":
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if "raise PermissionDenied" in line:
                copies.append(f"{label(path)}:{number}")
    assert not copies, "use alianza.programs.permissions.require:\n" + "\n".join(copies)


def test_the_checks_see_the_code_base():
    """The walks above find what they guard (a broken glob would make them pass vacuously)."""
    names = {app.name for app in apps()}
    assert {"initiatives", "systematization", "registry", "iati"} <= names
    assert len(view_modules()) > 20
    assert any("systematization" in str(p) for p in service_modules())
