"""Deployments of a program's specialists and the duty of care owed to them: missions with
their destinations, dates, purpose and initiative, the people deployed with a checklist
each, and the approval that a site with vulnerable populations allows only once every
checklist is complete.

`management/commands/` is empty: the reference data load through `load_procap`.
"""
