"""Programs: the program, its partners and structure (phases, components, funding sources,
project document versions with their results and products, general revisions).

`permissions.py` holds the rules every app's pages, API and services ask
(`program_for`, `require`, `can_*`).
"""
