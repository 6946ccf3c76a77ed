import factory

from alianza.accounts.choices import InstitutionKind, Role
from alianza.accounts.models import Institution, Membership, User


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"institution_{n}")
    acronym_en = factory.Sequence(lambda n: f"INST{n}")
    name_en = factory.Sequence(lambda n: f"Institution {n}")
    name_es = factory.Sequence(lambda n: f"Institución {n}")
    kind = InstitutionKind.GOVERNMENT
    country = "MX"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Role.VIEWER
    area = ""


def member(
    username: str, institution: Institution, role: str = Role.VIEWER, area: str = ""
) -> User:
    """A user acting for `institution` with `role`."""
    user = UserFactory(username=username)
    MembershipFactory(user=user, institution=institution, role=role, area=area)
    return User.objects.get(pk=user.pk)
