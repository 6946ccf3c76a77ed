"""Every message the interface writes exists in Spanish and English.

The strings are extracted the way `makemessages` extracts them (templates and Python:
gettext, pgettext, gettext_noop...), into a copy of the catalogue, and each must have a
Spanish translation that is not fuzzy. Messages kept for later (alianza.core.texts) are
shown in the reader's language, whoever wrote them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from alianza.core.texts import keep, show, show_all

#: The folders makemessages reads (the project's locale is copied, never written).
SOURCES = ("alianza", "config", "templates")


def _entries(po: Path, *flags: str) -> list[str]:
    """The msgids of the catalogue's entries that msgattrib selects with these flags."""
    out = subprocess.run(  # noqa: S603 - gettext's msgattrib on a catalogue of ours
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(po)],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line[len("msgid ") :] for line in out.splitlines() if line.startswith("msgid ")][1:]


@pytest.fixture
def extracted(tmp_path, settings, monkeypatch) -> Path:
    """The catalogue brought up to date with the sources, in a temporary tree."""
    tree = tmp_path / "tree"
    (tree / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    for name in SOURCES:
        (tree / name).symlink_to(Path(settings.BASE_DIR) / name)
    po = tree / "locale" / "es" / "LC_MESSAGES" / "django.po"
    shutil.copy(Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po", po)
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(tree)
    call_command(
        "makemessages",
        locale=["es"],
        no_location=True,
        symlinks=True,
        ignore_patterns=["*/tests/*", "*/static/*", "*/vendor/*"],
        verbosity=0,
    )
    return po


def test_every_interface_string_has_a_spanish_translation(extracted):
    missing = _entries(extracted, "--untranslated") + _entries(extracted, "--only-fuzzy")
    assert not missing, (
        "Strings of the interface without a Spanish translation in "
        "locale/es/LC_MESSAGES/django.po (append them at the end, with their msgstr):\n"
        + "\n".join(missing)
    )


def test_the_catalogue_has_no_fuzzy_entry():
    po = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
    assert not _entries(po, "--only-fuzzy")


def test_a_kept_message_is_shown_in_the_readers_language():
    with translation.override("en"):
        kept = keep(gettext_lazy("Refused:"))
    assert kept == ["Refused:", {}]
    message, params = keep(
        gettext_noop(
            "The ZIP file holds %(count)s files; upload one IATI XML file (alone, "
            "or alone in a ZIP)."
        ),
        count=20000,
    )
    with translation.override("es"):
        assert show(message, params).startswith("El archivo ZIP contiene 20\xa0000 archivos")
        assert show_all([kept, ["not a catalogue entry: %(x)s", {"x": 1}]]) == (
            "Rechazado: not a catalogue entry: 1"
        )
    with translation.override("en"):
        assert show(message, params).startswith("The ZIP file holds 20,000 files")


def test_a_message_with_missing_values_is_shown_rather_than_failing():
    assert show("Line %(line)s: %(error)s", {"line": 3}) == "Line %(line)s: %(error)s"
    assert show("100% sure") == "100% sure"
