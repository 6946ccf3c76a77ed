"""IATI interoperability: import IATI 2.03 files into the registry, export the registry and
programs as IATI files, and check data quality against the official schema and codelists.

The app keeps the house skeleton but for `filters.py`: its lists take no filter set (the
activities an export holds are chosen by the registry's filters,
`registry.selectors.activities_filtered`). IATI codelists are `alianza.codelists`, below this
app and the registry; the registry's own vocabularies are `alianza.registry.vocabularies`.
"""
