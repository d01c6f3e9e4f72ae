"""News items and their index with RSS and Atom feeds."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from quartier.blocks import BodyStreamBlock
from quartier.fragments import lazy
from quartier.i18n import localized_list, source_page
from quartier.models import BasePage, optional_image

from ..feeds import NewsAtomFeed, NewsRssFeed


class NewsTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsIndexPage(RoutablePageMixin, BasePage):
    template = "pages/news_index_page.html"
    cache_subpaths = ("", "feed/rss/", "feed/atom/")
    introduction = models.TextField(_("Einleitung"), blank=True)

    parent_page_types = ["quartier.HomePage"]
    subpage_types = ["blog.NewsPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    def news(self):
        """Each news item once: the German originals (see `localized_list`)."""
        return (
            NewsPage.objects.child_of(source_page(self))
            .live()
            .public()
            .select_related("image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )

    @path("")
    def index_view(self, request):
        tag = request.GET.get("tag", "").strip()[:100]

        def news_page():
            news = self.news()
            if tag:
                news = news.filter(tags__slug=tag).distinct()
            found = Paginator(news, 10).get_page(request.GET.get("page"))
            found.object_list = localized_list(found.object_list)
            return found

        return self.render(
            request,
            context_overrides={
                # Lazy: a cached main content (quartier/fragments.py) does not query.
                "news": lazy(news_page),
                "current_tag": tag,
                # The chip names the tag, never its slug.
                "current_tag_object": lazy(lambda: Tag.objects.filter(slug=tag).first()),
                "rss_url": self.url + self.reverse_subpage("feed_rss"),
                "atom_url": self.url + self.reverse_subpage("feed_atom"),
            },
        )

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        return NewsAtomFeed(self)(request)

    class Meta:
        verbose_name = _("Neuigkeiten-Übersicht")
        verbose_name_plural = _("Neuigkeiten-Übersichten")


class NewsPage(BasePage):
    template = "pages/news_page.html"

    date = models.DateField(_("Datum"), default=timezone.localdate)
    author = models.CharField(_("Autorin oder Autor"), max_length=120, blank=True)
    teaser = models.TextField(_("Kurztext"), max_length=400, blank=True)
    image = optional_image()
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))
    tags = ClusterTaggableManager(through=NewsTag, blank=True, verbose_name=_("Stichwörter"))

    parent_page_types = ["blog.NewsIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")


# --- Campaigns -----------------------------------------------------------------
