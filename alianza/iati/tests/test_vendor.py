# ruff: noqa: E501
"""The vendored IATI files are the official ones, unchanged (checksums of MANIFEST.csv)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from alianza import codelists
from alianza.iati.tests.conftest import DATA

VENDOR = Path(__file__).resolve().parent.parent / "vendor"
CODELISTS = Path(codelists.__file__).resolve().parent / "vendor"


def _rows(folder: Path):
    with (folder / "MANIFEST.csv").open() as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "folder", [VENDOR, CODELISTS, DATA], ids=["vendor", "codelists", "test-data"]
)
def test_vendored_files_match_their_manifest_checksums(folder):
    rows = _rows(folder)
    assert rows
    for row in rows:
        content = (folder / row["file"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == row["sha256"], row["file"]


def test_codelist_keeps_the_first_of_a_repeated_code():
    assert codelists.codelist("PolicyMarker")["11"].name_en == "Disability"


def test_codelist_labels_have_alianzas_spanish_names():
    assert codelists.label("ActivityStatus", "2", "es") == "En ejecución"
    assert codelists.label("ActivityStatus", "2", "en") == "Implementation"
    assert (
        codelists.label("Sector", "15110", "es")
        == "Public sector policy and administrative management"
    )
