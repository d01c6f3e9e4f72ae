"""Open positions at businesses, part of the business profile."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from quartier.clock import local_today
from quartier.i18n import default_content_language

from .taxonomy import Language, wheelchair_accessible, wheelchair_field


class GermanLevel(models.TextChoices):
    """German needed at work, from none to the CEFR levels. Ordered: a person
    with B1 can take every position that needs B1 or less."""

    NONE = "", _("keine Deutschkenntnisse nötig")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"

    @classmethod
    def up_to(cls, level):
        """The levels at or below `level` ("" included)."""
        values = list(cls.values)
        return values[: values.index(level) + 1]


class BusinessJobQuerySet(models.QuerySet):
    """Open positions and their filters. Every method is a filter on one
    query; `for_listing` adds what a listing row shows in two more."""

    def open(self, today=None):
        """Not filled and still valid today (site's zone)."""
        today = today or local_today()
        return self.filter(filled=False).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )

    def of_live_businesses(self):
        """Positions of live, public, active businesses in the source-language
        tree: aliases in the other trees carry copies of each position, which
        would list it six times; the position's URL uses the source's id."""
        business_page = self.model._meta.get_field("page").related_model
        businesses = (
            business_page.objects.live()
            .public()
            .listed()
            .filter(locale__language_code=default_content_language())
        )
        return self.filter(page__in=businesses.values("pk"))

    def published(self, today=None):
        """What the jobs board, its feed, API and sitemap show."""
        return self.of_live_businesses().open(today)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_district(self, district):
        return self.filter(page__district=district)

    def speaking(self, language):
        return self.filter(languages=language)

    def german_at_most(self, level):
        return self.filter(german_level__in=GermanLevel.up_to(level))

    def wheelchair_accessible(self):
        return wheelchair_accessible(self)

    def newest_first(self):
        return self.order_by("-posted_at", "-pk")

    def for_listing(self):
        return self.select_related(
            "page", "page__district", "page__category", "page__logo"
        ).prefetch_related("languages")


class BusinessJob(ClusterableModel, Orderable):
    """An open position at a business: part of the business profile, so
    owners edit it on their editing screen under the same moderation."""

    class Kind(models.TextChoices):
        JOB = "job", _("Stelle")
        APPRENTICESHIP = "apprenticeship", _("Ausbildungsplatz")
        INTERNSHIP = "internship", _("Praktikum")
        MINIJOB = "minijob", _("Minijob")
        TRIAL_WORK = "trial_work", _("Probearbeit")

    page = ParentalKey("directory.BusinessPage", on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(_("Bezeichnung"), max_length=120)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.JOB)
    description = models.TextField(_("Kurzbeschreibung"), blank=True)
    contact = models.CharField(_("Ansprechperson oder Kontakt"), max_length=200, blank=True)
    valid_until = models.DateField(
        _("Gültig bis"),
        null=True,
        help_text=_("Danach verschwindet die Stelle von selbst von der Website."),
    )
    languages = ParentalManyToManyField(
        Language,
        verbose_name=_("Sprachen bei der Arbeit"),
        blank=True,
        related_name="jobs",
    )
    german_level = models.CharField(
        _("Nötige Deutschkenntnisse"),
        max_length=2,
        choices=GermanLevel.choices,
        blank=True,
        default=GermanLevel.NONE,
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("Stunden pro Woche"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    start_date = models.DateField(
        _("Beginn"), null=True, blank=True, help_text=_("Leer lassen: ab sofort.")
    )
    wheelchair = wheelchair_field(_("Rollstuhlzugang am Arbeitsplatz"))
    filled = models.BooleanField(
        _("Besetzt"),
        default=False,
        help_text=_("Ankreuzen, wenn die Stelle vergeben ist: Sie verschwindet dann."),
    )
    posted_at = models.DateTimeField(_("Veröffentlicht am"), default=timezone.now, editable=False)
    filled_at = models.DateTimeField(_("Besetzt am"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("Angelegt am"), null=True, editable=False, db_index=True)

    objects = BusinessJobQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("contact"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("hours_per_week"), FieldPanel("german_level")]),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("wheelchair"),
        FieldPanel("filled"),
    ]

    def cache_dependent_urls(self):
        """The positions' pages belong to the jobs board (jobs app, also_drop)."""
        return set()

    class Meta(Orderable.Meta):
        verbose_name = _("Stelle")
        verbose_name_plural = _("Stellen")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # When the position was first stored and first marked filled, for the
        # programme's report and the newsletter. They belong to the stored row:
        # a revision being published carries none or stale ones.
        stored = None
        if self.pk is not None:
            stored = (
                BusinessJob.objects.filter(pk=self.pk)
                .values("created_at", "filled", "filled_at")
                .first()
            )
        now = timezone.now()
        if stored is not None and stored["created_at"] is not None:
            self.created_at = stored["created_at"]
        elif self.created_at is None:
            self.created_at = now
        if not self.filled:
            self.filled_at = None
        elif stored is not None and stored["filled"] and stored["filled_at"] is not None:
            self.filled_at = stored["filled_at"]
        elif stored is not None or self.filled_at is None:
            self.filled_at = now
        super().save(*args, **kwargs)

    def is_open(self, today=None):
        today = today or local_today()
        return not self.filled and (self.valid_until is None or self.valid_until >= today)
