"""Reusable reads of the specialists' records: positions, people and their contracts belong
to a program; the partners read them (`visible_to`), and a specialist also reads their own
record, contracts, notices and questions."""

from __future__ import annotations

from django.db.models import Q

from alianza.programs.querysets import ProgramChildQuerySet


def _own(user, lookup: str) -> Q:
    """The rows that concern `user` as a specialist (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(**{lookup: user.pk})


class PositionQuerySet(ProgramChildQuerySet):
    def visible_to(self, user) -> PositionQuerySet:
        return self.internal_visible_to(user)


class SpecialistQuerySet(ProgramChildQuerySet):
    def visible_to(self, user) -> SpecialistQuerySet:
        """The program's partners see its specialists; a specialist sees themself."""
        from alianza.programs.models import Program

        return self.filter(
            Q(program__in=Program.objects.with_internal_access(user)) | _own(user, "user_id")
        )


class ServiceContractQuerySet(ProgramChildQuerySet):
    def visible_to(self, user) -> ServiceContractQuerySet:
        from alianza.programs.models import Program

        return self.filter(
            Q(program__in=Program.objects.with_internal_access(user))
            | _own(user, "specialist__user_id")
        )

    def active_on(self, day) -> ServiceContractQuerySet:
        return self.filter(start_date__lte=day, end_date__gte=day)


class HeadcountRecordQuerySet(ProgramChildQuerySet):
    def visible_to(self, user) -> HeadcountRecordQuerySet:
        return self.internal_visible_to(user)


class NoticeQuerySet(ProgramChildQuerySet):
    def visible_to(self, user) -> NoticeQuerySet:
        """The partners, and the program's specialists who have an account."""
        from alianza.programs.models import Program

        return self.filter(
            Q(program__in=Program.objects.with_internal_access(user))
            | _own(user, "program__specialists__user_id")
        ).distinct()


class NoticeReceiptQuerySet(ProgramChildQuerySet):
    program_lookup = "notice__program"


class QuestionQuerySet(ProgramChildQuerySet):
    pass


class PersonalDataReadQuerySet(ProgramChildQuerySet):
    program_lookup = "specialist__program"


class PersonalDataQuerySet(ProgramChildQuerySet):
    """Never listed as such: `selectors.personal_data_for` reads one row, asks who may,
    and logs the read."""

    program_lookup = "specialist__program"
