"""Operations: backup and restore of every table (JSON Lines with exact types) and the
uploaded files.

Not a domain app: no model, no page, no API, hence no `querysets.py`, `permissions.py`,
`filters.py` or views; it runs as management commands (`backup`, `restore`) for the
people who run the server.
"""
