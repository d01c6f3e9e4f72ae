import datetime
from decimal import Decimal

import factory
import wagtail_factories

from django.utils import timezone

from blog.models import (
    CampaignPage,
    EventIndexPage,
    NewsIndexPage,
    NewsPage,
    TargetGroup,
    WorkshopDate,
    WorkshopPage,
)


def at(days, hour=10, minute=0):
    """An aware datetime `days` from today at hour:minute, Europe/Berlin."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class TargetGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Zielgruppe {n}")
    slug = factory.Sequence(lambda n: f"zielgruppe-{n}")

    class Meta:
        model = TargetGroup
        django_get_or_create = ("slug",)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Termine"
    slug = "termine"

    class Meta:
        model = EventIndexPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Neuigkeiten"
    slug = "neuigkeiten"

    class Meta:
        model = NewsIndexPage


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Aktion {n}")
    slug = factory.Sequence(lambda n: f"aktion-{n}")
    teaser = "Gemeinsam einkaufen im Quartier"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))
    locations = "Wanheimer Straße"

    class Meta:
        model = CampaignPage


class WorkshopPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    teaser = "Digitale Grundlagen"
    venue_name = "Stadtteilbüro Hochfeld"
    venue_street = "Wanheimer Straße"
    venue_house_number = "100"
    venue_postcode = "47053"
    venue_city = "Duisburg"
    venue_latitude = Decimal("51.418900")
    venue_longitude = Decimal("6.759800")
    capacity = 5

    class Meta:
        model = WorkshopPage
        skip_postgeneration_save = True

    @factory.post_generation
    def dates(self, create, extracted, **kwargs):
        """dates=[(start, end), ...]; default: one session in ten days."""
        if not create:
            return
        for start, end in extracted if extracted is not None else [(at(10, 10), at(10, 12))]:
            WorkshopDate.objects.create(page=self, start=start, end=end)


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Neuigkeit {n}")
    slug = factory.Sequence(lambda n: f"neuigkeit-{n}")
    teaser = "Kurz gesagt"
    author = "Koordinationsteam"

    class Meta:
        model = NewsPage
