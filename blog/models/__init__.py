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
from .events import EventIndexPage, EventMixin, optional_image
from .news import NewsIndexPage, NewsPage, NewsTag
from .registrations import Registration
from .workshops import (
    VENUE_FIELDS,
    TargetGroup,
    WorkshopDate,
    WorkshopPage,
    WorkshopPageManager,
    WorkshopPageQuerySet,
    workshops_in_language,
    workshops_urls,
)

__all__ = [
    "VENUE_FIELDS",
    "CampaignPage",
    "CampaignPageManager",
    "CampaignPageQuerySet",
    "EventIndexPage",
    "EventMixin",
    "NewsIndexPage",
    "NewsPage",
    "NewsTag",
    "Registration",
    "TargetGroup",
    "WorkshopDate",
    "WorkshopPage",
    "WorkshopPageManager",
    "WorkshopPageQuerySet",
    "campaigns_of_business",
    "optional_image",
    "workshops_in_language",
    "workshops_urls",
]
