"""What campaigns and workshops share."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import MapPage
from quartier.cache_invalidation import collect_urls, home_page_urls, live_pages_urls, page_urls
from quartier.i18n import default_locale


class EventStatus(models.TextChoices):
    """What search engines and calendars are told (schema.org eventStatus)."""

    SCHEDULED = "scheduled", _("Findet statt")
    POSTPONED = "postponed", _("Verschoben")
    CANCELLED = "cancelled", _("Abgesagt")


def event_status_field():
    return models.CharField(
        _("Status"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )


class EventMixin:
    """Shared by campaigns and workshops."""

    def cache_dependent_urls(self):
        """The event in every language, its index, the home page's upcoming
        events and the map page (workshop venues)."""
        parent = self.get_parent()
        maps = MapPage.objects.filter(alias_of__isnull=True)
        return collect_urls(
            page_urls(self), page_urls(parent), home_page_urls(), live_pages_urls(maps)
        )

    def canonical(self):
        """The page in the default language. Aliases and translations of an
        event share its registrations, capacity and calendar UIDs."""
        if self.locale_id == default_locale().pk:
            return self
        original = (
            type(self)
            .objects.filter(translation_key=self.translation_key, locale=default_locale())
            .first()
        )
        return original or self
