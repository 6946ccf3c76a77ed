"""Which addresses from data may become links.

Imported and typed data (IATI document links, evidence links, reference lists...) can hold
any string, `javascript:` and `data:` included. Only web and mail addresses are rendered as
links (`{% safe_link %}` in alianza/core/templatetags/alianza.py); anything else is shown
as text, and the IATI data-quality checks flag it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# Browsers drop leading and trailing C0 controls and spaces, and tabs and newlines anywhere,
# before they read the scheme ("java\tscript:" runs as javascript:): so does this check.
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def _as_browser_reads(url) -> str:
    return _TAB_OR_NEWLINE.sub("", str(url or "")).strip(_C0_AND_SPACE)


def link_scheme(url) -> str:
    """The scheme a browser would read from `url` ('' for a relative or empty address)."""
    try:
        return urlsplit(_as_browser_reads(url)).scheme.lower()
    except ValueError:
        return ""


def is_safe_link(url) -> bool:
    """True for an http, https or mailto address with something after the scheme."""
    cleaned = _as_browser_reads(url)
    scheme = link_scheme(cleaned)
    return scheme in LINK_SCHEMES and len(cleaned) > len(scheme) + 1
