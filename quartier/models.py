from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import (
    Page,
    PageManager,
    PagePermissionTester,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.search import index

from .blocks import BodyStreamBlock
from .cache_invalidation import EVERY_PAGE, collect_urls, page_urls
from .restrictions import PublicPageQuerySet, restricted_paths
from .routing import SourceTreeRoutingMixin
from .slugs import ascii_slug, page_type_slug
from .text import one_line


class CustomImage(AbstractImage):
    """Our own image model from the first migration, with an alternative text
    that the upload asks for (quartier.image_forms) without blocking it: a
    shopkeeper's photo is saved with its file alone."""

    alt_text = models.CharField(
        _("Was ist auf dem Bild zu sehen?"),
        max_length=250,
        blank=True,
        help_text=_(
            "Für Menschen, die das Bild nicht sehen können. Zum Beispiel: "
            "„Schaufenster mit Brautkleidern“ oder „Frisches Brot in der Auslage“."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "alt_text")

    @property
    def default_alt_text(self):
        return self.alt_text or ""

    def cache_dependent_urls(self):
        """What the pages that use this image show (Wagtail's reference index); a
        new upload is used nowhere yet and drops nothing."""
        parts = []
        for source, _references in ReferenceIndex.get_references_to(self).group_by_source_object():
            if isinstance(source, Page) and source.live:
                parts.append(source.specific.cache_dependent_urls())
            elif callable(getattr(source, "cache_dependent_urls", None)):
                parts.append(source.cache_dependent_urls())
        return collect_urls(*parts)

    class Meta(AbstractImage.Meta):
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")
        permissions = [("choose_image", "Can choose image")]


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


def optional_image(verbose_name=None):
    """A picture from the image library, or none; deleting the image empties it."""
    return models.ForeignKey(
        "quartier.CustomImage",
        verbose_name=verbose_name or _("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class SeoMixin(models.Model):
    """Fields every public page shares for search engines and social previews."""

    social_image = optional_image(_("Vorschaubild"))

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True


# Copying a page is the coordination team's and the editors' (migration 0010);
# Wagtail offers it to anyone who may edit the page, shopkeepers included.
COPY_PAGES_PERMISSION = "quartier.copy_pages"


class QuartierPagePermissionTester(PagePermissionTester):
    def can_copy(self):
        # A shopkeeper's copy of her profile would be a second, ownerless business.
        return super().can_copy() and self.user.has_perm(COPY_PAGES_PERMISSION)


class BasePage(SourceTreeRoutingMixin, SeoMixin, Page):
    """Base for all our page types; not creatable on its own."""

    is_creatable = False
    show_in_menus_default = True
    # Routes below the page that the page cache keeps (RoutablePageMixin).
    cache_subpaths = ("",)

    objects = PageManager.from_queryset(PublicPageQuerySet)()
    # Foreign keys that the page's template shows, fetched with it when routed.
    serve_related = ()

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return QuartierPagePermissionTester(user, self)

    def get_view_restrictions(self):
        """No query while the site has no private section (the common case)."""
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def cache_dependent_urls(self):
        """What shows this page (quartier/cache_invalidation.py): the page in every
        language and its parent, which lists it; every page for the home page's
        children (the main menu) and the legal pages (the footer)."""
        if self.depth == 3 or self.is_legal_page():
            return EVERY_PAGE
        parent = self.get_parent()
        return collect_urls(page_urls(self), page_urls(parent) if parent.depth >= 2 else ())

    def is_legal_page(self):
        site_settings = SiteSettings.load()
        chosen = [
            site_settings.imprint_page_id,
            site_settings.privacy_page_id,
            site_settings.accessibility_page_id,
        ]
        if self.pk in chosen:
            return True
        chosen_keys = Page.objects.filter(pk__in=[pk for pk in chosen if pk]).values_list(
            "translation_key", flat=True
        )
        return self.translation_key in set(chosen_keys)

    def full_clean(self, *args, **kwargs):
        # A title is one line: a line break would reach email subjects (where
        # it raises BadHeaderError) and calendar properties. Runs on every
        # save, admin form and import alike.
        self.title = one_line(self.title)
        if self.draft_title:
            self.draft_title = one_line(self.draft_title)
        if self.seo_title:
            self.seo_title = one_line(self.seo_title)
        if not self.slug and self.title:
            # A new page's slug in readable ASCII (quartier/slugs.py), unique
            # among its siblings as Wagtail makes it ("-2", "-3").
            self.slug = self._get_autogenerated_slug(
                ascii_slug(self.title, fallback=page_type_slug(type(self)))
            )
        super().full_clean(*args, **kwargs)


# What the home page shows from the apps above the core, in the order the apps
# are installed (the directory: districts, the map page and featured
# businesses; the blog: upcoming events). Each app adds its own in
# AppConfig.ready() with `show_on_home_page`: the core imports no app.
_HOME_PAGE_SECTIONS = []


def show_on_home_page(section):
    """`section(request)` returns context variables for the home page."""
    if section not in _HOME_PAGE_SECTIONS:
        _HOME_PAGE_SECTIONS.append(section)


class HomePage(BasePage):
    template = "pages/home_page.html"
    introduction = models.TextField(
        _("Einleitung"),
        blank=True,
        help_text=_("Ein bis zwei Sätze: Was finden Besucherinnen und Besucher hier?"),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "directory.DirectoryIndexPage",
        "directory.MapPage",
        "blog.EventIndexPage",
        "blog.NewsIndexPage",
        "jobs.JobsIndexPage",
        "quartier.StandardPage",
    ]
    max_count_per_parent = 1

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
    ]

    def cache_dependent_urls(self):
        return EVERY_PAGE  # the site's root: cached with the site (quartier.middleware)

    def remember_localized(self):
        """Keeps this home page's version in the active language on the instance,
        for quartier.middleware.CachedSiteMiddleware, which caches it."""
        self._localized_for = (translation.get_language(), super().localized.specific)

    @property
    def localized(self):
        remembered = getattr(self, "_localized_for", None)
        if remembered is not None and remembered[0] == translation.get_language():
            return remembered[1]
        return super().localized

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for section in _HOME_PAGE_SECTIONS:
            context.update(section(request))
        return context

    class Meta:
        verbose_name = _("Startseite")


class StandardPage(BasePage):
    """Plain editable page: Impressum, Datenschutz, Barrierefreiheit, about."""

    template = "pages/standard_page.html"
    introduction = models.TextField(_("Einleitung"), blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))

    parent_page_types = ["quartier.HomePage", "quartier.StandardPage"]
    subpage_types = ["quartier.StandardPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("Inhaltsseite")
        verbose_name_plural = _("Inhaltsseiten")


@register_setting(icon="site")
class SiteSettings(BaseGenericSetting):
    """Site-wide texts and links that the coordination team edits."""

    programme_name = models.CharField(
        _("Programmname"), max_length=120, default="Quartier", blank=True
    )
    tagline = models.CharField(_("Unterzeile"), max_length=200, blank=True)
    funding_note = RichTextField(
        _("Förderhinweis"), blank=True, features=["bold", "italic", "link"]
    )
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)
    contact_phone = models.CharField(_("Kontakt-Telefon"), max_length=40, blank=True)
    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Impressum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Datenschutz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Barrierefreiheit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("programme_name"), FieldPanel("tagline"), FieldPanel("funding_note")],
            heading=_("Programm"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("imprint_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Pflichtseiten im Fußbereich"),
        ),
    ]

    class Meta:
        verbose_name = _("Website-Einstellungen")
        # Site-wide: may copy pages (QuartierPagePermissionTester).
        permissions = [("copy_pages", "Can copy pages")]

    def cache_dependent_urls(self):
        return EVERY_PAGE  # the header and the footer


class RateLimitCounter(models.Model):
    """One client's (or address's) attempts in the current window of a rate
    limit (quartier/ratelimit.py), in the database that all processes share."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
