"""Arbeit im Quartier: the jobs board over the businesses' open positions
(directory.BusinessJob) and the residents' "Ich habe Interesse" requests.

Listing logic lives in BusinessJobQuerySet and jobs.filters; interest
requests, their emails and their purge in jobs.interest."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from directory.models import BusinessJob, District, Language
from quartier.cache_invalidation import page_urls
from quartier.fragments import lazy_context
from quartier.models import BasePage

PAGE_SIZE = 20


class JobsIndexPage(RoutablePageMixin, BasePage):
    """The jobs board: open positions of live businesses, each with its own
    URL (`<id>/`, the position's id in the source-language tree) and an RSS feed."""

    template = "pages/jobs_index_page.html"
    cache_subpaths = ("", "feed/rss/")
    detail_template = "pages/job_detail.html"
    introduction = models.TextField(_("Einleitung"), blank=True)

    parent_page_types = ["quartier.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    def feed_url(self):
        return self.url + self.reverse_subpage("feed_rss")

    def position_url(self, job, request=None):
        """The position's page on this board (in this board's language tree)."""
        return self.get_url(request) + self.reverse_subpage("job_detail", args=[job.pk])

    @path("")
    def index_view(self, request):
        from .views import LISTING_CONTEXT_KEYS, listing_context

        # Lazy: a cached main content (quartier/fragments.py) runs none of it.
        context = lazy_context(LISTING_CONTEXT_KEYS, lambda: listing_context(self, request))
        context["rss_url"] = self.feed_url()  # the <head> needs it, cached or not
        return self.render(request, context_overrides=context)

    @path("<int:job_id>/", name="job_detail")
    def job_detail(self, request, job_id):
        from .views import serve_job

        job = BusinessJob.objects.published().for_listing().filter(pk=job_id).first()
        if job is None:
            raise Http404
        return serve_job(self, request, job)

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        from .feeds import JobsRssFeed

        return JobsRssFeed(self)(request)

    def get_sitemap_urls(self, request=None):
        """The board and every open position (filled or expired ones drop out)."""
        urls = super().get_sitemap_urls(request)
        if self.alias_of_id is not None or not urls:
            return urls
        base = self.get_full_url(request)
        for job in BusinessJob.objects.published().only("pk", "posted_at").order_by("pk"):
            urls.append(
                {
                    "location": base + self.reverse_subpage("job_detail", args=[job.pk]),
                    "lastmod": job.posted_at,
                }
            )
        return urls

    class Meta:
        verbose_name = _("Stellenbörse")
        verbose_name_plural = _("Stellenbörsen")


class JobInterest(models.Model):
    """A resident's "Ich habe Interesse" for a position: personal data, seen
    only by the programme's job coaches and the coordination team, and
    anonymised after JOB_INTEREST_RETENTION_DAYS. Business, district and kind
    are copied so that the anonymised counts outlive the position."""

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        CONTACTED = "contacted", _("Kontakt aufgenommen")
        PLACED = "placed", _("vermittelt")
        CLOSED = "closed", _("abgeschlossen")

    job = models.ForeignKey(
        BusinessJob,
        verbose_name=_("Stelle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
    )
    business = models.ForeignKey(
        "directory.BusinessPage",
        verbose_name=_("Geschäft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job_interests",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("Stadtteil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job_interests",
    )
    job_title = models.CharField(_("Stelle"), max_length=120)
    job_kind = models.CharField(_("Art"), max_length=20, choices=BusinessJob.Kind.choices)
    name = models.CharField(_("Name"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    languages = models.ManyToManyField(
        Language, verbose_name=_("Sprachen"), blank=True, related_name="job_interests"
    )
    note = models.TextField(_("Anmerkung"), blank=True)
    language = models.CharField(
        _("Sprache der Oberfläche"), max_length=10, blank=True, editable=False
    )
    forwarded_to_business = models.BooleanField(
        _("An das Geschäft weitergeleitet"), default=False, editable=False
    )
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    coach_notes = models.TextField(_("Notiz der Jobcoaches"), blank=True)
    created_at = models.DateTimeField(_("Eingegangen am"), auto_now_add=True, db_index=True)
    consent_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("Anonymisiert am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Interesse an einer Stelle")
        verbose_name_plural = _("Interesse an Stellen")

    def __str__(self):
        return f"{self.name or _('anonymisiert')} – {self.job_title}"

    @property
    def contact(self):
        return self.email or self.phone


# --- What the page cache drops for the businesses' positions (JobsConfig.ready) ---


def jobs_board_urls(job_ids):
    """The jobs board (with its feed) and these positions' pages on it."""
    subpaths = ["", "feed/rss/", *(f"{pk}/" for pk in job_ids)]
    urls = set()
    for board in JobsIndexPage.objects.live().filter(alias_of__isnull=True):
        urls |= page_urls(board, subpaths=subpaths)
    return urls


def jobs_board_urls_of_business(business):
    job_ids = list(
        BusinessJob.objects.filter(page__translation_key=business.translation_key).values_list(
            "pk", flat=True
        )
    )
    return jobs_board_urls(job_ids) if job_ids else set()


def jobs_board_urls_of_job(job):
    return jobs_board_urls([job.pk])
