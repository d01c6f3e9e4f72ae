"""Arbeit im Quartier: the jobs board over the businesses' open positions
(directory.BusinessJob) and the residents' "Ich habe Interesse" requests.

The board serves itself: its listing, each position's page with the
interest form and its RSS feed are routes of JobsIndexPage. Listing logic
lives in BusinessJobQuerySet and jobs.filters; interest requests and their
emails in jobs.interest, their purge in jobs.retention."""

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from directory.models import BusinessJob, District, GermanLevel, Language
from quartier.cache_invalidation import page_urls
from quartier.forms import RateLimit
from quartier.fragments import lazy_context
from quartier.models import BasePage, SiteSettings
from quartier.personal_data import object_label

from .feeds import JobsRssFeed
from .filters import FILTER_PARAMS, GERMAN_LEVELS, parse_job_filters
from .forms import JobInterestForm
from .interest import record_interest, send_interest_emails
from .schema import job_posting_data, json_ld_script, logo_url

PAGE_SIZE = 20
LISTING_CONTEXT_KEYS = (
    "jobs",
    "page_obj",
    "filters",
    "filter_errors",
    "filter_options",
    "selected",
    "page_query",
)
# At most this many interest requests per address and window.
INTEREST_LIMIT = RateLimit(
    "job-interest",
    5,
    600,
    _("Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einige Minuten."),
)


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
        # Lazy: a cached main content (quartier/fragments.py) runs none of it.
        context = lazy_context(LISTING_CONTEXT_KEYS, lambda: self.listing_context(request))
        context["rss_url"] = self.feed_url()  # the <head> needs it, cached or not
        return self.render(request, context_overrides=context)

    def listing_context(self, request):
        """Filtered, sorted, paginated open positions, in a constant number of
        queries whatever the number of positions (count, rows, languages,
        districts, languages for the filter)."""
        filters = parse_job_filters(request.GET)
        jobs = filters.apply(BusinessJob.objects.published().for_listing())
        page_obj = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
        for job in page_obj.object_list:
            job.position_url = self.position_url(job, request)
            job.business_url = job.page.url
        params = {key: value for key, value in request.GET.items() if key != "page"}
        return {
            "jobs": page_obj,
            "page_obj": page_obj,
            "filters": filters,
            "filter_errors": list(filters.errors.values()),
            "filter_options": {
                "kinds": BusinessJob.Kind.choices,
                "districts": list(District.objects.all()),
                "languages": list(Language.objects.all()),
                "german_levels": [("none", GermanLevel.NONE.label)]
                + [(level, level) for level in GERMAN_LEVELS],
            },
            "selected": {key: request.GET.get(key, "") for key in (*FILTER_PARAMS, "sort")},
            "page_query": urlencode(params),
        }

    @path("<int:job_id>/", name="job_detail")
    def job_detail(self, request, job_id):
        job = BusinessJob.objects.published().for_listing().filter(pk=job_id).first()
        if job is None:
            raise Http404
        return self.serve_position(request, job)

    def serve_position(self, request, job):
        """A position's page; a POST is an "Ich habe Interesse" request."""
        url = self.position_url(job, request)
        form = JobInterestForm(request.POST or None)

        def record(data):
            interest = record_interest(
                job,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                languages=data["languages"],
                note=data["note"],
            )
            send_interest_emails(interest, job, request.build_absolute_uri(url))

        if request.method == "POST":
            return form.submit(
                request,
                INTEREST_LIMIT,
                act=record,
                show=lambda status: self.render_position(request, job, url, form, status),
                thanks=gettext("Danke! Die Jobcoaches melden sich bei Ihnen."),
                done_url=url + "#interest",
            )
        return self.render_position(request, job, url, form)

    def render_position(self, request, job, url, form, status=200):
        """The position's page with the interest `form`, empty or as sent."""
        context = self.get_context(request)
        privacy_page = SiteSettings.load(request_or_site=request).privacy_page
        business = job.page
        context.update(
            {
                "job": job,
                "business": business,
                "business_url": business.url,
                "interest_form": form,
                "privacy_page": privacy_page.localized.specific_deferred if privacy_page else None,
                "subpage_path": self.reverse_subpage("job_detail", args=[job.pk]),
                "json_ld": json_ld_script(
                    job_posting_data(
                        job,
                        url=request.build_absolute_uri(url),
                        business_url=business.get_full_url(request),
                        logo_url=logo_url(business, request),
                    )
                ),
                "position_full_url": request.build_absolute_uri(url),
            }
        )
        return TemplateResponse(request, self.detail_template, context, status=status)

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        return JobsRssFeed(self)(request)

    def get_sitemap_urls(self, request=None):
        """The board and every open position (filled or expired ones drop out)."""
        urls = super().get_sitemap_urls(request)
        if self.alias_of_id is not None or not urls:
            return urls
        base = self.get_full_url(request)
        # Each position under every language version of the board: one
        # hreflang set per position (x-default added by the sitemap).
        boards = [
            (board.locale.language_code, board.get_full_url(request))
            for board in self.get_translations(inclusive=True)
            .live()
            .public()
            .filter(alias_of__isnull=True)
            .select_related("locale")
        ]
        for job in BusinessJob.objects.published().only("pk", "posted_at").order_by("pk"):
            subpage = self.reverse_subpage("job_detail", args=[job.pk])
            urls.append(
                {
                    "location": base + subpage,
                    "lastmod": job.posted_at,
                    "alternates": [
                        {"lang_code": code, "location": url + subpage}
                        for code, url in boards
                        if url
                    ],
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
        # Choosers, confirmations and the audit log show and keep this label.
        return f"{object_label(self)} – {self.job_title}"

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
