"""Mexico's 32 federal entities with their INEGI codes (Marco Geoestadístico), ISO 3166-2
codes and the ids the vendored @svg-maps/mexico geometry uses.

A registry location is placed in a state (and municipality) from its IATI `ref`:
`MX-INEGI-07` (state 07, Chiapas), `MX-INEGI-07089` (municipality 089 of Chiapas) or the
ISO 3166-2 subdivision code `MX-CHP`, the form most IATI publishers use. Municipality codes
are checked for form (five digits, the first two a state); the product does not ship
INEGI's catalogue of 2,469 municipalities.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class State:
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
STATE_CHOICES = [(s.inegi, s.name) for s in STATES]

_INEGI_REF = re.compile(r"^MX-INEGI-(\d{2})(\d{3})?$")


def place_from_ref(ref: str) -> tuple[str, str]:
    """(state INEGI code, municipality INEGI code) a location ref names, or ("", "")."""
    ref = (ref or "").strip().upper()
    match = _INEGI_REF.match(ref)
    if match and match.group(1) in BY_INEGI:
        state = match.group(1)
        return state, (state + match.group(2)) if match.group(2) else ""
    if ref in BY_ISO:
        return BY_ISO[ref].inegi, ""
    return "", ""


def ref_for_place(state: str, municipality: str = "") -> str:
    return f"MX-INEGI-{municipality or state}"


def valid_municipality(code: str) -> bool:
    return bool(re.fullmatch(r"\d{5}", code or "")) and code[:2] in BY_INEGI and code[2:] != "000"


@lru_cache(maxsize=1)
def mexico_geometry() -> dict:
    """The vendored @svg-maps/mexico geometry: {viewBox, locations: [{id, name, path}]}."""
    path = Path(settings.BASE_DIR) / "static" / "vendor" / "svg-maps-mexico" / "mexico.json"
    return json.loads(path.read_text(encoding="utf-8"))
