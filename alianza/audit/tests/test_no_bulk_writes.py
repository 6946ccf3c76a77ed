"""No write path may skip the audit trail: the code never calls bulk writes.

The runtime guard (alianza.audit.guard) stops them on audited models; this test
keeps them out of the code base altogether, outside migrations and tests.
"""

import re
from pathlib import Path

import alianza

FORBIDDEN = re.compile(
    r"\.(update|bulk_create|bulk_update|update_or_create|_raw_delete)\(|\.objects\.[a-z_]*\(?.*\)?\.delete\("
)
ROOT = Path(alianza.__file__).resolve().parent


def _python_sources():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


def test_no_bulk_writes_outside_migrations_and_tests():
    offenders = []
    for path in _python_sources():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            code = line.split("#", 1)[0]
            if not FORBIDDEN.search(code):
                continue
            # dict.update(), a hash's update() and the guard that defines these names are
            # not writes.
            if (
                re.search(
                    r"\b(data|values|merged|context|params|kwargs|attrs|value|digest)\.update\(",
                    code,
                )
                or path.name == "guard.py"
            ):
                continue
            offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
