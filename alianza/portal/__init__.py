"""The public face of a program: pages without login, in Spanish and English, its open
data and its annual activity report.

The portal sits at the top of the import graph, beside `reference` and `operations`: it
reads every app through its selectors and querysets and writes nothing, so it has no
models, no services, no permissions (it reads as an anonymous visitor: the apps' own
`visible_to` decide), no filters and no forms of its own, and no migration (the app's
skeleton without them).

Everything a public page, an open-data file or the open-data API shows is read as an
anonymous visitor reads it (`selectors.VISITOR`), whoever asks: a partner member signed
in sees on the portal exactly what the public sees, so that nothing internal or targeted
ever appears there. The language is in the URL (`/public/es/...`, `/public/en/...`), so
that each page has one canonical address per language for search engines and link
previews.

The annual activity report (`annual.py`) is the partners' publication for wide
dissemination: its totals (money spent by component, counts) are computed from all of a
program's records, but the records it names (initiatives, products) are the public ones.
"""
