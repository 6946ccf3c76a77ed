"""Audit: the change records every service writes (`audit.services`), the request context
they carry, and the pages that read them.

No `permissions.py`: who reads a change is one rule, `ChangeRecord.objects.visible_to(user)`
(`querysets.py`): the partners of its program, through `audit.scope`, which the programs
app fills so that this app imports nothing above it; for a record of no program (an
account, a membership, an institution), administrators and the members of the institution
it concerns (`ChangeRecord.institution_id`, from the record's `audit_institution_id()`).
Nobody writes a change but the services. No `forms.py`: its pages only read, filtered by
`filters.py`.
"""
