import datetime

import factory

from alianza.knowledge.choices import DisseminationLevel, ProductKind
from alianza.knowledge.models import Audience, KnowledgeProduct, ProductReuse
from alianza.programs.tests.factories import ProgramFactory


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"group_{n}")
    name_en = factory.Sequence(lambda n: f"Group {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    """A product without files; tests upload files through the services."""

    class Meta:
        model = KnowledgeProduct
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = ProductKind.REPORT
    language = "es"
    title_es = factory.Sequence(lambda n: f"Producto {n}")
    title_en = factory.Sequence(lambda n: f"Product {n}")
    published_on = datetime.date(2018, 6, 1)
    dissemination = DisseminationLevel.PUBLIC

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)


class ProductReuseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductReuse

    product = factory.SubFactory(ProductFactory)
