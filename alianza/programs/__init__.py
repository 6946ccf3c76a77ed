"""Programs: the program, its partners and structure (phases, components, funding sources,
project document versions with their results and products, general revisions).

`permissions.py` holds the rules every app's pages, API and services ask
(`program_for`, `require`, `can_*`). No `forms.py`: its pages only read; the partners
change a program's structure through the API and the admin, which both call
`programs.services`.
"""
