"""Campaigns, workshops and news.

Listing logic lives in the querysets and in `blog.events`; registrations and
their capacity rules live in `blog.registration`. One module per page family;
every public name is importable from `blog.models`."""

from .campaigns import (
    CampaignPage,
    CampaignPageManager,
    CampaignPageQuerySet,
    campaigns_of_business,
)
from .common import EventMixin, EventStatus
from .news import NewsIndexPage, NewsPage, NewsTag
from .registrations import Registration, RegistrationQuerySet
from .workshops import (
    TargetGroup,
    WorkshopDate,
    WorkshopPage,
    WorkshopPageManager,
    WorkshopPageQuerySet,
    workshops_in_language,
    workshops_urls,
)

# isort: split
# Last: the event listing (blog.events) reads the page types above.
from .events import EventIndexPage

__all__ = [
    "CampaignPage",
    "CampaignPageManager",
    "CampaignPageQuerySet",
    "EventIndexPage",
    "EventMixin",
    "EventStatus",
    "NewsIndexPage",
    "NewsPage",
    "NewsTag",
    "Registration",
    "RegistrationQuerySet",
    "TargetGroup",
    "WorkshopDate",
    "WorkshopPage",
    "WorkshopPageManager",
    "WorkshopPageQuerySet",
    "campaigns_of_business",
    "workshops_in_language",
    "workshops_urls",
]
