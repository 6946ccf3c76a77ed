"""No write path may skip the audit trail: the code never calls bulk writes.

The runtime guard (alianza.audit.guard) stops them on audited models; this test
keeps them out of the code base altogether, outside migrations and tests, and out of the
one narrow exception: the body of an `audit.covered_by()` block (an aggregate written in
bulk under its change records, checked at run time) and of `covered_by` itself.
"""

import re
from pathlib import Path

import alianza

FORBIDDEN = re.compile(
    r"\.(update|bulk_create|bulk_update|update_or_create|_raw_delete)\(|\.objects\.[a-z_]*\(?.*\)?\.delete\("
)
ROOT = Path(alianza.__file__).resolve().parent
#: Modules whose bulk writes touch only records that are deliberately outside the trail, with
#: the reason. Background jobs' rows are a job's own log (status, heartbeat, per-row report),
#: claimed and ended with compare-and-set UPDATEs so that two workers never run one job.
NOT_AUDITED = {
    "core/jobs.py": "job bookkeeping: claim, heartbeat, finish, reap, file removal",
    "registry/spreadsheet_jobs.py": "a spreadsheet job's own rows and phase",
    "search/index.py": "the search index: derived rows, rebuilt from the records by reindex",
}


def _python_sources():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _covered_lines(lines: list[str]) -> set[int]:
    """Numbers of the lines inside a `with ...covered_by(...)` block or `def covered_by`."""
    covered, opened_at = set(), None
    for number, line in enumerate(lines, start=1):
        if opened_at is not None and line.strip() and _indent(line) <= opened_at:
            opened_at = None
        if opened_at is not None:
            covered.add(number)
        elif re.match(r"\s*(with .*\bcovered_by\(|def covered_by\()", line):
            opened_at = _indent(line)
    return covered


def test_no_bulk_writes_outside_migrations_and_tests():
    offenders = []
    for path in _python_sources():
        lines = path.read_text().splitlines()
        covered = _covered_lines(lines)
        for number, line in enumerate(lines, start=1):
            code = line.split("#", 1)[0]
            if not FORBIDDEN.search(code) or number in covered:
                continue
            # dict.update(), a hash's update() and the guard that defines these names are
            # not writes.
            if (
                re.search(
                    r"\b(data|values|merged|context|params|kwargs|attrs|value|digest)\.update\(",
                    code,
                )
                or path.name == "guard.py"
                or str(path.relative_to(ROOT)) in NOT_AUDITED
            ):
                continue
            offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_covered_block_rule_sees_only_the_block():
    lines = [
        "def f():",
        "    with audit.covered_by(actor=a) as cover:",
        "        Row.objects.bulk_create(rows)",
        "    Row.objects.bulk_create(rows)",
    ]
    assert _covered_lines(lines) == {3}
