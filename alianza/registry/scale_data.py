"""A synthetic registry of any size, for benchmarks (`manage.py generate_scale_data`).

Every activity is clearly synthetic: its identifier starts with `XX-SYNTH-` (XX is no
country), it is reported by the organisation `XX-SYNTH` named "Synthetic data", tagged
`synthetic`, and kept in the installation's registry, under no program, never public. It
has participating organisations (out of a pool of synthetic ones), sectors (DAC 5-digit),
a recipient country, locations in the registry's country's ISO 3166-2 subdivisions, a
budget, transactions and a result with an indicator.

The activities are written through the IATI import's bulk path
(`services.activities_import`: `audit.covered_by`, one change record per activity, child
rows by COPY on PostgreSQL), a chunk per transaction. The content depends only on the seed
and the activity's number: generating again with the same seed finds every activity
unchanged (its fingerprint) and writes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from alianza.registry import content, geo

PREFIX = "XX-SYNTH"
REPORTER = PREFIX
ORGANISATION_POOL = 300
SYNTHETIC_TAG = {"vocabulary": "99", "vocabulary_uri": "", "code": "synthetic", "narratives": []}
SECTORS = ("11110", "12220", "15110", "15170", "23210", "31120", "41010", "43010")
COUNTRIES = ("GT", "HN", "SV", "CU", "CO", "PE", "BO", "HT")
TRANSACTION_TYPES = ("2", "3", "4")


def _text(es: str, en: str) -> list[dict]:
    return [{"lang": "es", "text": es}, {"lang": "en", "text": en}]


def identifier(seed: int, number: int) -> str:
    return f"{PREFIX}-{seed}-{number:07d}"


def _organisation(number: int) -> dict:
    return {
        "ref": f"{PREFIX}-ORG-{number:04d}",
        "type": "10",
        "name": _text(f"Organización sintética {number}", f"Synthetic organisation {number}"),
    }


def _result(rng: random.Random, year: int) -> dict:
    target = rng.randint(10, 500)
    return {
        "type": "1",
        "aggregation_status": "",
        "title": _text("Resultado sintético", "Synthetic result"),
        "description": [],
        "document_links": [],
        "references": [],
        "indicators": [
            {
                "measure": "1",
                "ascending": "1",
                "aggregation_status": "",
                "title": _text("Personas capacitadas", "People trained"),
                "description": [],
                "document_links": [],
                "references": [],
                "baselines": [],
                "periods": [
                    {
                        "period_start": f"{year}-01-01",
                        "period_end": f"{year}-12-31",
                        "targets": [_value(str(target))],
                        "actuals": [_value(str(rng.randint(0, target)))],
                    }
                ],
            }
        ],
    }


def _value(value: str) -> dict:
    return {"value": value, "locations": [], "dimensions": [], "comment": [], "document_links": []}


def activity(seed: int, number: int, transactions: int) -> dict:
    """The canonical content of synthetic activity `number` (the same for the same seed)."""
    rng = random.Random(f"{seed}-{number}")  # noqa: S311 (synthetic data, not security)
    year = 2010 + rng.randrange(15)
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 12, 31)
    places = geo.subdivisions()
    partner = _organisation(rng.randrange(ORGANISATION_POOL))
    country = rng.choice(COUNTRIES)
    amounts = [rng.randint(1_000, 500_000) for _ in range(transactions)]
    data = {
        "iati_identifier": identifier(seed, number),
        "default_language": "es",
        "default_currency": "USD",
        "hierarchy": "1",
        "reporting_org_ref": REPORTER,
        "reporting_org_type": "10",
        "reporting_org_name": _text("Datos sintéticos", "Synthetic data"),
        "title": _text(f"Actividad sintética {number}", f"Synthetic activity {number}"),
        "descriptions": [
            {
                "type": "1",
                "narratives": _text(
                    "Actividad generada para pruebas de escala; no es un registro real.",
                    "Generated for scale tests; not a real record.",
                ),
            }
        ],
        "status": rng.choice(("2", "3", "4")),
        "activity_dates": [
            {"type": "2", "iso_date": start.isoformat(), "narratives": []},
            {"type": "4", "iso_date": end.isoformat(), "narratives": []},
        ],
        "tags": [SYNTHETIC_TAG],
        "participating_orgs": [
            {**_organisation_row(REPORTER, "1"), "ssc_role": "provider"},
            {**partner, "role": "4", "ssc_role": "recipient", "executing_level": "federal"},
        ],
        "sectors": [{"vocabulary": "1", "code": rng.choice(SECTORS), "percentage": "100"}],
        "recipient_countries": [{"code": country, "percentage": "100"}],
        "locations": [
            {"ref": place.code, "details": {"name": _text(place.name_es, place.name_en)}}
            for place in rng.sample(places, min(2, len(places)))
        ],
        "budgets": [
            {
                "type": "1",
                "status": "1",
                "period_start": start.isoformat(),
                "period_end": end.isoformat(),
                "value": str(sum(amounts) or 1000),
                "currency": "USD",
                "value_date": start.isoformat(),
            }
        ],
        "transactions": [
            {
                "type": TRANSACTION_TYPES[k % len(TRANSACTION_TYPES)],
                "date": (start + datetime.timedelta(days=30 * k)).isoformat(),
                "value": str(amount),
                "currency": "USD",
                "value_date": (start + datetime.timedelta(days=30 * k)).isoformat(),
            }
            for k, amount in enumerate(amounts)
        ],
        "results": [_result(rng, year)],
        "collaboration_type": "1",
        "instrument": "project",
        "modality": rng.choice(("bilateral", "triangular")),
        "country_role": "provider",
    }
    return content.normalize(data)


def _organisation_row(ref: str, role: str) -> dict:
    name = _text("Datos sintéticos", "Synthetic data")
    return {"ref": ref, "role": role, "type": "10", "name": name}


@dataclass
class Tally:
    created: int = 0
    unchanged: int = 0
    updated: int = 0
    refused: list[str] = field(default_factory=list)


def chunks(seed: int, count: int, transactions: int, size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for number in range(1, count + 1):
        batch.append(activity(seed, number, transactions))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
