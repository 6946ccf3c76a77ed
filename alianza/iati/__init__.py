"""IATI interoperability: import IATI 2.03 files into the registry, export the registry and
programs as IATI files, and check data quality against the official schema and codelists.

The app keeps the house skeleton with two deliberate gaps: it has no `filters.py` (its lists
take no filter set: the activities an export holds are chosen by the registry's filters,
`registry.selectors.activities_filtered`) and no `forms.py` (its one form, the upload, lives
beside its view). IATI codelists are `alianza.codelists`, below this app and the registry.
"""
