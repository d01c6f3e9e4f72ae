from decimal import Decimal

import factory
import pytest
import wagtail_factories

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from directory.models import BusinessPage, Category, DirectoryIndexPage, District, Language
from quartier import roles


class DistrictFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Stadtteil {n}")
    slug = factory.Sequence(lambda n: f"stadtteil-{n}")
    city = "Duisburg"
    centre_latitude = Decimal("51.420600")
    centre_longitude = Decimal("6.757800")

    class Meta:
        model = District
        django_get_or_create = ("slug",)


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")

    class Meta:
        model = Category
        django_get_or_create = ("slug",)


class LanguageFactory(factory.django.DjangoModelFactory):
    code = "tr"
    native_name = "Türkçe"
    german_name = "Türkisch"

    class Meta:
        model = Language
        django_get_or_create = ("code",)


class DirectoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Verzeichnis"
    slug = "verzeichnis"

    class Meta:
        model = DirectoryIndexPage


class BusinessPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Geschäft {n}")
    slug = factory.Sequence(lambda n: f"geschaeft-{n}")
    category = factory.SubFactory(CategoryFactory)
    district = factory.SubFactory(DistrictFactory)
    street = "Wanheimer Straße"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "47053"
    city = "Duisburg"
    latitude = Decimal("51.420000")
    longitude = Decimal("6.758000")
    opening_hours = "Mo-Fr 09:00-18:00; Sa 10:00-14:00"

    class Meta:
        model = BusinessPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.Sequence(lambda n: f"person{n}@quartier.example")
    password = factory.django.Password("a-safe-test-password")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


def make_directory(home_page):
    """The directory index under the home page (puts it under moderation)."""
    existing = DirectoryIndexPage.objects.first()
    return existing or DirectoryIndexPageFactory(parent=home_page)


def coordinator():
    return UserFactory(groups=[roles.COORDINATION_GROUP])


def shopkeeper(page):
    from directory.owners import grant_ownership

    user = UserFactory()
    grant_ownership(user, page)
    return user


@pytest.fixture
def german():
    """Messages are compared in German, whatever an earlier test activated."""
    with translation.override("de"):
        yield
