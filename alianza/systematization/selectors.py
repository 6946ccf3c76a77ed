def initiative_panel(initiative, user):
    return None
