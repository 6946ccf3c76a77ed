"""Accounts: users, institutions, memberships (one institution and one role per user) and
API tokens.

No `permissions.py`: account pages answer to the signed-in user about their own account
only (their tokens are looked up with `user=request.user`); the services refuse everything
else (`accounts.services`), and the program rules that read memberships live in
`alianza.programs.permissions`, above this app. No `filters.py` and no `querysets.py`: no
page or endpoint lists people or institutions with filters, and no read is shared.
"""
