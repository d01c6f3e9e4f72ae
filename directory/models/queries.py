"""What listings ask of business pages: listed, filtered, open now, near a
point, with their texts in the visitor's language."""

import math

from django.db import models
from django.utils import timezone

from wagtail.models import PageManager

from quartier.clock import local_today
from quartier.i18n import active_content_language, default_content_language
from quartier.restrictions import PublicPageQuerySet

from ..hours import open_at_filter, refresh_opening_states
from .jobs import BusinessJob
from .profile import BusinessPageTranslation
from .taxonomy import wheelchair_accessible


class BusinessPageQuerySet(PublicPageQuerySet):
    def listed(self, today=None):
        """Active businesses, the ones that appear in listings and on the map; a
        temporary closure ends by itself on its reopening date."""
        return self.filter(
            models.Q(status=self.model.Status.ACTIVE)
            | models.Q(
                status=self.model.Status.TEMPORARILY_CLOSED,
                reopens_on__lte=today or local_today(),
            )
        )

    def in_district(self, district):
        return self.filter(district=district)

    def in_category(self, category):
        return self.filter(category=category)

    def speaking(self, language):
        return self.filter(languages=language)

    def wheelchair_accessible(self):
        return wheelchair_accessible(self)

    def in_campaign(self, campaign_slug):
        """Participants of the campaign; its translations share the slug and
        copy the participants, so only the German original counts (one join)."""
        return self.filter(
            campaigns__slug=campaign_slug,
            campaigns__locale__language_code=default_content_language(),
        )

    def geocoded(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def hiring(self, today=None):
        """Businesses with at least one open position (not filled, still valid)."""
        return self.filter(
            models.Exists(BusinessJob.objects.open(today).filter(page=models.OuterRef("pk")))
        )

    def open_at(self, when=None, refresh=True):
        """Businesses open at `when` (default: now): a filter on the stored
        opening state (directory/hours/state.py); the rows whose stored state
        does not cover `when` are recomputed first, once per distinct text.
        `refresh=False` when this request has already done so at `when`."""
        when = when or timezone.now()
        if refresh:
            refresh_opening_states(self.model.objects.all(), when)
        return self.filter(open_at_filter(when))

    def open_texts(self, when=None):
        """The distinct opening-hours texts of these businesses that are open at
        `when` (the search index filters on them)."""
        texts = self.open_at(when).order_by().values_list("opening_hours", flat=True)
        return list(texts.distinct())

    def annotate_distance(self, latitude, longitude):
        """Adds `distance_sq`, a squared equirectangular distance in degrees that
        orders correctly at city scale and works on SQLite and PostgreSQL."""
        scale = math.cos(math.radians(latitude))
        delta_lat = models.F("latitude") - latitude
        delta_lng = (models.F("longitude") - longitude) * scale
        return self.geocoded().annotate(
            distance_sq=models.ExpressionWrapper(
                delta_lat * delta_lat + delta_lng * delta_lng, output_field=models.FloatField()
            )
        )

    def for_listing(self):
        return (
            self.select_related("category", "district", "logo")
            .prefetch_related("languages")
            .with_text_translations()
        )

    def with_text_translations(self):
        """Prefetches the texts in the visitor's language (one query), none
        for German: the page's own fields are the German texts."""
        language = active_content_language()
        if language in (None, default_content_language()):
            return self
        return self.prefetch_related(
            models.Prefetch(
                "text_translations",
                queryset=BusinessPageTranslation.objects.filter(language=language),
            )
        )

    def home_page_selection(self):
        """The businesses on a home page, best first: featured, then the newest."""
        # Never-published rows last on every database (PostgreSQL sorts NULLs
        # first in a descending order, SQLite last).
        return (
            self.live()
            .public()
            .listed()
            .order_by("-featured", models.F("last_published_at").desc(nulls_last=True))
        )


BusinessPageManager = PageManager.from_queryset(BusinessPageQuerySet)
