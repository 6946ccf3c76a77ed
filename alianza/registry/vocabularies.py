"""Alianza's own vocabularies, published in IATI as `tag` elements of vocabulary 99
("reporting organisation") with a vocabulary-uri that names them.

- SSC conventions of the registry: `<base>/registry/vocabularies/ssc-instrument/`,
  `.../ssc-modality/`, `.../ssc-<country>-role/` (pages listing the codes; the role of the
  registry's country, named after it: `ssc-mexico-role`, `ssc-chile-role`);
- a program's classification schemes: the URL of the scheme's table
  (`<base>/programs/<CODE>/initiatives/by/<scheme>/`).

`<base>` is the ALIANZA_PUBLIC_URL setting. An import recognises the SSC vocabularies by
the end of the URI, so that a file exported from one Alianza imports into another.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import slugify

from alianza.registry import geo
from alianza.registry.choices import Instrument, Modality, SSCRole


def role_vocabulary(country: str | None = None) -> str:
    """The name of the vocabulary of the registry's country's role: `ssc-mexico-role`."""
    return f"ssc-{slugify(geo.country_name(country, 'en'))}-role"


def ssc_vocabularies() -> dict[str, tuple[str, type[models.TextChoices]]]:
    """name -> (Activity field, choices); the role's name follows the registry's country."""
    return {
        "ssc-instrument": ("instrument", Instrument),
        "ssc-modality": ("modality", Modality),
        role_vocabulary(): ("country_role", SSCRole),
    }


def base_url() -> str:
    return settings.ALIANZA_PUBLIC_URL.rstrip("/")


def ssc_uri(name: str) -> str:
    return f"{base_url()}/registry/vocabularies/{name}/"


def ssc_vocabulary(uri: str) -> str | None:
    """The SSC vocabulary a vocabulary-uri names, or None."""
    uri = (uri or "").rstrip("/")
    for name in ssc_vocabularies():
        if uri.endswith(f"/registry/vocabularies/{name}"):
            return name
    return None


def scheme_uri(program_code: str, scheme_code: str) -> str:
    return f"{base_url()}/programs/{program_code}/initiatives/by/{scheme_code}/"
