"""IATI codelists as data, read from the vendored official files (alianza/codelists/vendor,
with their licence and MANIFEST.csv), with Alianza's own Spanish names for the lists the
interface shows (alianza/codelists/names_es.toml). The files can be wrong (PolicyMarker
carries code 11 twice): the first entry of a code wins.

A plain package, not an app (no models, no templates), below every app that names IATI
codes: the registry labels its activities' codes with it and the IATI app checks imports
against it, so neither has to import the other for them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.utils.translation import get_language
from lxml import etree

CODELIST_DIR = Path(__file__).resolve().parent / "vendor"
SPANISH_NAMES = Path(__file__).resolve().parent / "names_es.toml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Code:
    code: str
    name_en: str
    status: str  # active, withdrawn


@cache
def codelist(name: str) -> dict[str, Code]:
    """{code: Code} of the named codelist ({} if Alianza does not ship it)."""
    path = CODELIST_DIR / f"{name}.xml"
    if not path.exists():
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    items: dict[str, Code] = {}
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        if not code or code in items:
            continue
        name_en = ""
        for narrative in item.findall("name/narrative"):
            if narrative.get(XML_LANG) in (None, "en"):
                name_en = (narrative.text or "").strip()
                break
        items[code] = Code(code, name_en, item.get("status", "active"))
    return items


@lru_cache(maxsize=1)
def _spanish() -> dict[str, dict[str, str]]:
    if not SPANISH_NAMES.exists():
        return {}
    with SPANISH_NAMES.open("rb") as handle:
        return {k: {str(c): n for c, n in v.items()} for k, v in tomllib.load(handle).items()}


def label(name: str, code: str, lang: str | None = None) -> str:
    """The code's name in the reader's language (Spanish where Alianza has one)."""
    if not code:
        return ""
    lang = (lang or get_language() or "es")[:2]
    if lang == "es":
        spanish = _spanish().get(name, {}).get(code)
        if spanish:
            return spanish
    item = codelist(name).get(code)
    return item.name_en if item and item.name_en else code


def is_known(name: str, code: str) -> bool:
    """Whether the code is in the named codelist (a country list also holds withdrawn codes,
    which are known; a region's code or a typing error is not)."""
    return bool(code) and code in codelist(name)


def choices(name: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, "code – label") pairs of the named codelist, for a form's choices."""
    return [(code, f"{code} – {label(name, code, lang)}") for code in codelist(name)]
