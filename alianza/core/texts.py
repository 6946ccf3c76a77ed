"""Messages kept for later: a record that says something to people (an import's summary,
an issue found in a file) keeps the English message and its values, and is shown in the
language of whoever reads it, not in the language of whoever wrote it.

    issue.message, issue.params = keep(gettext_noop("Line %(line)s: ..."), line=12)
    show(issue.message, issue.params)  # "Línea 12: ..." on a Spanish page

The English message is the catalogue's msgid: mark it with gettext_noop (or pass a
gettext_lazy string) so that makemessages finds it. A message the catalogue does not hold
(an error text from lxml, a record written before this module) is shown as it is.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext

#: One kept message: [English msgid, {name: value}], as stored in JSON.
Kept = list


def msgid(message: str | Promise) -> str:
    """The English text of a message (a lazy translation gives its msgid)."""
    if isinstance(message, Promise):
        with translation.override("en"):
            return str(message)
    return message


def keep(message: str | Promise, **params: Any) -> Kept:
    """A message and its values, ready to be stored (JSON) and shown later by show()."""
    return [msgid(message), {k: _plain(v) for k, v in params.items()}]


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Promise):
        return msgid(value)
    return str(value)


def show(message: str, params: dict | None = None) -> str:
    """The message in the active language, with its values."""
    if not message:
        return ""
    text = gettext(message)
    if not params:
        return text
    values = {k: _number(k, v) for k, v in params.items()}
    for template in (text, message):
        try:
            return template % values
        except (KeyError, ValueError, TypeError):
            continue
    return message


#: Values that are positions in a file, written without a thousands separator.
POSITIONS = {"line", "column", "number", "year"}


def _number(name: str, value: Any) -> Any:
    """A whole number with the reader's thousands separator (60,000,000 or 60.000.000)."""
    if isinstance(value, int) and not isinstance(value, bool) and name not in POSITIONS:
        return number_format(value, force_grouping=True)
    return value


def show_all(parts: list[Kept] | None) -> str:
    """Several kept messages, one sentence after the other."""
    return " ".join(show(m, p) for m, p in (parts or []) if m)
