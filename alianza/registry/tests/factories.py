"""Registry records for tests, written through the registry's services (so that their
content, fingerprint and derived fields are what an import would store)."""

from __future__ import annotations

from alianza.accounts.services import system_user
from alianza.registry import services
from alianza.registry.text import narratives


def activity_data(identifier: str = "XM-TEST-1", **overrides) -> dict:
    data = {
        "iati_identifier": identifier,
        "default_language": "es",
        "default_currency": "USD",
        "reporting_org_ref": "MX-TEST-ORG",
        "reporting_org_type": "10",
        "reporting_org_name": narratives(es="Agencia de prueba", en="Test agency"),
        "title": narratives(es="Cooperación técnica", en="Technical cooperation"),
        "descriptions": [{"type": "1", "narratives": narratives(es="Descripción", en="About")}],
        "participating_orgs": [
            {
                "ref": "MX-TEST-ORG",
                "role": "1",
                "type": "10",
                "name": narratives(es="Agencia de prueba"),
                "ssc_role": "provider",
            },
            {
                "ref": "GT-TEST-ORG",
                "role": "4",
                "type": "10",
                "name": narratives(es="Socio de Guatemala"),
                "ssc_role": "recipient",
                "executing_level": "federal",
            },
        ],
        "status": "2",
        "activity_dates": [
            {"type": "2", "iso_date": "2018-01-01", "narratives": []},
            {"type": "3", "iso_date": "2019-12-31", "narratives": []},
        ],
        "recipient_countries": [{"code": "GT", "percentage": "100"}],
        "locations": [{"ref": "MX-INEGI-07", "details": {"name": narratives(es="Chiapas")}}],
        "sectors": [{"vocabulary": "1", "code": "15110", "percentage": "100"}],
        "collaboration_type": "1",
        "instrument": "project",
        "modality": "bilateral",
        "country_role": "provider",
        "transactions": [
            {
                "type": "3",
                "date": "2018-06-01",
                "value": "1000.50",
                "currency": "USD",
                "value_date": "2018-06-01",
            }
        ],
    }
    data.update(overrides)
    return data


def make_activity(program, identifier: str = "XM-TEST-1", *, is_public: bool = True, **overrides):
    return services.activity_create(
        program=program,
        data=activity_data(identifier, **overrides),
        actor=system_user(),
        is_public=is_public,
    )
