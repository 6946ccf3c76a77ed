"""Any program, any number of partners: the words and the code hold nothing that is true of
PROCAP alone. Templates and code outside the reference data never test a program's code
(a program's own numbering, wording and data are records), and no label, message or
translation speaks of "both" partners or "the other" partner, since a program may have
three or more."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from alianza.core.tests.test_templates_csp import templates

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"

#: A test of a program's code: `code == "PROCAP"`, `program.code != 'PROCAP'`,
#: `{% if program.code == "PROCAP" %}`, `code in ("PROCAP", ...)`.
CODE_TEST = re.compile(r"""code\s*(?:==|!=|\bin\b)\s*\(?\s*["'][A-Z][A-Z0-9_-]+["']""")
#: The reference data set names its program: its loaders may.
REFERENCE = BASE_DIR / "alianza" / "reference"

TWO_PARTNER_WORDS = re.compile(
    r"\bboth (?:partners|coordinators|institutions|parties)\b"
    r"|\bthe other (?:partner|party|institution|coordinator)\b"
    r"|\beither partner\b"
    r"|\bambos socios\b|\bambas partes\b|\bambas instituciones\b|\bla otra parte\b"
    r"|\bel otro socio\b|\bla otra instituci[oó]n\b|\bcualquiera de los dos\b"
    r"|\blos dos socios\b",
    re.I,
)


def _code_files() -> list[Path]:
    files = [
        p
        for p in (BASE_DIR / "alianza").rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and REFERENCE not in p.parents
    ]
    return sorted(files) + templates()


def test_no_template_or_service_tests_a_programs_code():
    problems = []
    for path in _code_files():
        text = path.read_text()
        for match in CODE_TEST.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"{path.relative_to(BASE_DIR)}:{line}: {match.group(0)}")
    assert problems == []


def test_the_code_check_finds_what_it_looks_for():
    for sample in (
        '{% if program.code == "PROCAP" %}',
        "if program.code != 'PROCAP':",
        'code in ("PROCAP", "OTHER")',
    ):
        assert CODE_TEST.search(sample), sample
    assert not CODE_TEST.search("Program.objects.get(code=code)")


def _catalogue_entries() -> list[str]:
    return [
        entry
        for entry in CATALOGUE.read_text(encoding="utf-8").split("\n\n")
        if not entry.lstrip().startswith("#~")
    ]


def _joined(entry: str) -> str:
    """The msgid and msgstr of one entry, their lines joined."""
    return " ".join(re.findall(r'"(.*)"', entry))


def test_no_label_or_translation_counts_two_partners():
    problems = [
        _joined(entry)[:120]
        for entry in _catalogue_entries()
        if TWO_PARTNER_WORDS.search(_joined(entry))
    ]
    for path in templates():
        text = path.read_text()
        for match in TWO_PARTNER_WORDS.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"{path.relative_to(BASE_DIR)}:{line}: {match.group(0)}")
    assert problems == []


def test_the_wording_check_finds_what_it_looks_for():
    for sample in (
        "accepted by both partners",
        "the other partner agrees",
        "aceptado por ambos socios",
        "después, el otro socio",
        "Either partner opens",
    ):
        assert TWO_PARTNER_WORDS.search(sample), sample
    assert not TWO_PARTNER_WORDS.search("give both or neither")
    assert not TWO_PARTNER_WORDS.search("accepted by all partners")
