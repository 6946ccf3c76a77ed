"""The search index, below every app it indexes (see docs/architecture.md, "Search").

It holds the index's entries and the search itself, no domain record: its writes are
`index.py` (called by the services of each indexed kind, in their transaction, not
`services.py` with a permission: an entry is derived from a record the caller has just
written), its reads `selectors.py`. It has no querysets, permissions, filters, forms,
views, urls or api of its own: who sees a result is each kind's `visible_to(user)`, and the
search page, its form and `/api/v1/search/` live in the knowledge app, which may name the
programs and initiatives the filters offer.
"""
