import pytest
from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE
from alianza.registry.tests.factories import make_activity

@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

def test_pages(cast):
    a = make_activity(cast.program)
    c = cast.client("editor_a")
    for url in ["/registry/", f"/registry/activities/{a.pk}/", "/registry/map/", "/registry/map/?measure=amount", "/registry/network/", "/registry/network/data/", "/registry/map/data/", "/registry/vocabularies/ssc-modality/", "/registry/spreadsheets/", "/iati/imports/", "/iati/imports/new/", f"/iati/quality/activities/{a.pk}/", "/programs/TEST/registry/", "/programs/TEST/initiatives/1/", "/api/v1/activities/", f"/api/v1/activities/{a.pk}/", "/api/v1/activities/by-state/", "/api/v1/activities/network/", "/api/v1/organisations/", "/api/v1/iati-imports/", "/registry/spreadsheets/template/activities.xlsx", "/registry/spreadsheets/template/results.csv?lang=es", "/api/v1/initiatives/", "/api/v1/schema/"]:
        r = c.get(url)
        print(url, r.status_code, len(r.content))
        assert r.status_code in (200, 302), (url, r.content[:2000])
    with open(ACTIVITY_EXAMPLE, "rb") as f:
        r = c.post("/iati/imports/new/", {"program": cast.program.pk, "file": f})
    print(r.status_code, r.get("Location"))
    r = c.get(r["Location"]); print(r.content.decode()[:100]); assert b"created" in r.content
    r = c.get("/iati/export/activities.xml"); print(r.status_code, r.get("Content-Type")); print(b"".join(r.streaming_content)[:300] if r.status_code==200 else r.content[:3000])
    cast.partner_a.iati_identifier = "XM-TEST-A"; cast.partner_a.save()
    r = c.get("/iati/export/programs/TEST.xml"); print(r.status_code); print(b"".join(r.streaming_content)[:3000] if r.status_code==200 else r.content.decode()[-3000:])
