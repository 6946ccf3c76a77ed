"""Initiatives: the program's inventory, the classification schemes each program
configures, and the shared legal and policy framework.

No `permissions.py`: an initiative is a program record, so who may read or change it is
decided by the program's rules (`alianza.programs.permissions`: `can_view_program`,
`can_edit_program_records`, `can_manage_program`) and `Initiative.objects.visible_to`.
"""
