"""RSS and Atom feeds of a news index."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from quartier.i18n import localized_list


class NewsRssFeed(Feed):
    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return self.index_page.title

    def author_name(self):
        # Atom wants an author for the feed when not every entry names one.
        site = self.index_page.get_site()
        return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.introduction or self.index_page.title

    def items(self):
        return localized_list(self.index_page.news()[:20])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        # Atom requires <updated> in every entry.
        return item.last_published_at or item.first_published_at or self._start_of(item.date)

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_guid(self, item):
        """A tag: URI (RFC 4151), so a valid Atom id (an IRI) that stays the
        same when the title, slug or date of the news changes."""
        first = item.first_published_at
        day = timezone.localdate(first) if first else item.date
        return f"tag:{self._hostname()},{day.isoformat()}:news-{item.pk}"

    item_guid_is_permalink = False

    def _hostname(self):
        if not hasattr(self, "_site_hostname"):
            site = self.index_page.get_site()
            self._site_hostname = (site.hostname if site else "") or "quartier.invalid"
        return self._site_hostname

    @staticmethod
    def _start_of(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
