"""Core: abstract bases, dates, forms, exports, jobs, uploads and API plumbing shared by
every app, and the project-wide pages (home, health check).

Not a domain app, so not the domain skeleton: it holds no concrete model, hence no
`querysets.py`, `permissions.py` or `filters.py`; `services.py` holds the helpers every
app's services share.
"""
