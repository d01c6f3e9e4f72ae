import datetime

import factory
import wagtail_factories

from directory.models import BusinessJob
from jobs.models import JobsIndexPage
from quartier.clock import local_today


class JobsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Arbeit im Quartier"
    slug = "arbeit"
    introduction = "Offene Stellen bei den Geschäften nebenan."

    class Meta:
        model = JobsIndexPage


class BusinessJobFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Stelle {n}")
    kind = BusinessJob.Kind.JOB
    description = "Wir suchen Verstärkung."
    contact = "Bitte im Laden fragen."
    valid_until = factory.LazyFunction(lambda: local_today() + datetime.timedelta(days=30))

    class Meta:
        model = BusinessJob
        skip_postgeneration_save = True

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if extracted:
            self.languages = list(extracted)
            self.save()


def make_board(home_page):
    return JobsIndexPage.objects.filter(locale=home_page.locale).first() or JobsIndexPageFactory(
        parent=home_page
    )
