"""The risk plan for the specialists a program pays for: scenarios defined by the budget
left for them in a year (the current budget, a cut, the program ending on a date), the
positions each scenario keeps (proposed by priority, then cost; adjusted and saved by the
coordinators with a note), the essential functions left uncovered and the cost gap, and
the link with the joint risk register.

`management/commands/` is empty: scenarios are the coordinators' own, not reference data.
"""
