"""Joint monitoring: the dashboard, the spending-pace rule, period reports every partner's
coordinator signs, the program's thresholds, alerts and each person's notifications.

The app has no `filters.py`: it owns no FilterSet. Its API lists filter by program with
`programs.filters.ProgramChildFilterSet` (settings, period reports) and notifications by
kind alone (`filterset_fields`); its pages show one program and period, read by
`selectors.parse_period`. Its own reads and the figures it gathers from finance,
contracts, risks and governance live in `selectors.py`, `pace.py` and `alerts.py`.
"""
