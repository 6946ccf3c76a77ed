"""Reference data that ships with the product (PROCAP 2013-2019 from its systematization
report, loaded by `load_procap` through `reference.loaders`) and the demo accounts.

Not a domain app: it owns no record of its own, so no `models`, `querysets`, `services`,
`permissions`, `filters`, `forms`, `views`, `urls` or `api`; its loaders call the other
apps' services, and it runs as management commands."""
