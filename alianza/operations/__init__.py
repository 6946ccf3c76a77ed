"""Operations: backup and restore of every table (JSON Lines with exact types) and the
uploaded files.

Not a domain app: no model, no page, no API, hence no `models`, `querysets`, `permissions`,
`filters`, `forms`, `views`, `urls` or `api`; it runs as management commands (`backup`,
`restore`) for the people who run the server.
"""
