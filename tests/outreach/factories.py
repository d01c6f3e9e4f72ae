import factory

from django.utils import timezone

from outreach.models import Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"resident{n}@quartier.example")
    language = "de"
    workshops = True
    campaigns = True
    jobs = True
    news = True
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscription
        skip_postgeneration_save = True

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if create and extracted:
            self.districts.set(extracted)
