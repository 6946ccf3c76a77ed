import datetime

import factory

from alianza.governance.choices import DisputeSubject
from alianza.governance.models import ActionItem, BoardMeeting, Dispute
from alianza.programs.tests.factories import ProgramFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMeeting

    program = factory.SubFactory(ProgramFactory)
    held_on = datetime.date(2019, 2, 1)
    agenda_en = "1. Annual work plan"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    program = factory.SubFactory(ProgramFactory)
    description_en = "Send the revised work plan"
    due_on = datetime.date(2019, 3, 1)


class DisputeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispute

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    subject = DisputeSubject.INITIATIVE_IMPASSE
    title_en = "Impasse on the work plan"
    criteria_en = "No agreement after two board meetings"
    opened_on = datetime.date(2019, 5, 1)
