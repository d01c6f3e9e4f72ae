"""RSS feed of the jobs board: open positions, newest first."""

from django.contrib.syndication.views import Feed

from directory.models import BusinessJob

FEED_SIZE = 30


class JobsRssFeed(Feed):
    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.introduction or self.index_page.title

    def items(self):
        return BusinessJob.objects.published().for_listing().newest_first()[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} – {item.page.title}"

    def item_description(self, item):
        parts = [str(item.get_kind_display())]
        if item.page.district_id:
            parts.append(item.page.district.display_name)
        if item.description:
            parts.append(item.description)
        return " · ".join(parts)

    def item_link(self, item):
        return self.index_page.position_url(item)

    def item_pubdate(self, item):
        return item.posted_at

    def item_categories(self, item):
        return [str(item.get_kind_display())]

    def item_guid(self, item):
        return f"job-{item.pk}"

    item_guid_is_permalink = False
