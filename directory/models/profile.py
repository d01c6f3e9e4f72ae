"""The parts of a business profile edited on the page itself: its texts in
more languages, its gallery and its social links."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from quartier.i18n import active_content_language, default_content_language

from ..compare import RichTextPanel


class BusinessTextsMixin:
    """A business's texts per visitor language (BusinessPageTranslation rows)
    and the sitemap entries they make."""

    def text_in(self, language=None):
        """This business's texts in `language` (default: the visitor's), or
        None for German or where they are not translated. Uses prefetched
        rows (BusinessPageQuerySet.with_text_translations) when present."""
        language = language or active_content_language()
        if language in (None, default_content_language()) or not self.pk:
            return None
        for row in self._text_rows():
            if row.language == language and (row.tagline or row.description):
                return row
        return None

    def _text_rows(self):
        """The translation rows, read once per instance (a page render asks
        for them several times) unless prefetched."""
        if "text_translations" in getattr(self, "_prefetched_objects_cache", {}):
            return self.text_translations.all()
        if not hasattr(self, "_text_rows_cache"):
            self._text_rows_cache = list(self.text_translations.all())
        return self._text_rows_cache

    @property
    def visitor_tagline(self):
        """The tagline in the visitor's language, else the German one."""
        text = self.text_in()
        return text.tagline if text and text.tagline else self.tagline

    @property
    def visitor_description(self):
        text = self.text_in()
        return text.description if text and text.description else self.description

    def text_language(self):
        """The language the visitor reads this business's texts in: theirs
        where translated, else German (quartier.i18n.content_language)."""
        return (
            active_content_language() if self.text_in() is not None else default_content_language()
        )

    def text_languages(self):
        """Languages this business's texts are translated into, besides German:
        its real language versions for hreflang and the sitemap (the sitemap
        loads them for many businesses at once into `_text_languages`)."""
        if hasattr(self, "_text_languages"):
            return self._text_languages
        return sorted({row.language for row in self._text_rows() if row.tagline or row.description})

    @classmethod
    def prepare_for_sitemap(cls, pages):
        """Each business's translated text languages in one query."""
        found = {page.pk: set() for page in pages}
        rows = BusinessPageTranslation.objects.filter(page_id__in=found).exclude(
            tagline="", description=""
        )
        for page_id, language in rows.values_list("page_id", "language"):
            found[page_id].add(language)
        for page in pages:
            page._text_languages = sorted(found[page.pk])

    def get_sitemap_urls(self, request=None):
        """The German URL, and one per language the texts are translated into
        (German text under another prefix is no language version)."""
        if self.status == self.Status.CLOSED:
            return []
        with translation.override(default_content_language()):
            urls = super().get_sitemap_urls(request)
        languages = self.text_languages()
        if not urls or not languages:
            return urls
        alternates = [{"lang_code": default_content_language(), "location": urls[0]["location"]}]
        for language in languages:
            with translation.override(language):
                alternates.append({"lang_code": language, "location": self.get_full_url(request)})
        return [{**urls[0], "alternates": alternates}] + [
            {**urls[0], "location": alternate["location"], "alternates": alternates}
            for alternate in alternates[1:]
        ]


def translation_languages():
    """settings.LANGUAGES without German: the languages a business's texts
    can be translated into."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class BusinessPageTranslation(Orderable):
    """A business's texts in one more language. Part of the business page, so
    an owner's translation is in the page's revision and goes through the same
    moderation as any other change; facts (address, hours, status, …) exist
    once, on the page."""

    page = ParentalKey(
        "directory.BusinessPage", on_delete=models.CASCADE, related_name="text_translations"
    )
    language = models.CharField(_("Sprache"), max_length=10, choices=translation_languages)
    tagline = models.CharField(_("Kurzbeschreibung"), max_length=160, blank=True)
    description = RichTextField(
        _("Beschreibung"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    panels = [FieldPanel("language"), FieldPanel("tagline"), RichTextPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("Übersetzung")
        verbose_name_plural = _("Übersetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="unique_business_text_language"
            )
        ]

    def __str__(self):
        return f"{self.page.title} ({self.language})"


class BusinessGalleryImage(Orderable):
    page = ParentalKey(
        "directory.BusinessPage", on_delete=models.CASCADE, related_name="gallery_images"
    )
    image = models.ForeignKey(
        "quartier.CustomImage", verbose_name=_("Bild"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class BusinessSocialLink(Orderable):
    class Platform(models.TextChoices):
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        TIKTOK = "tiktok", "TikTok"
        YOUTUBE = "youtube", "YouTube"
        WHATSAPP = "whatsapp", "WhatsApp"
        OTHER = "other", _("Andere")

    page = ParentalKey(
        "directory.BusinessPage", on_delete=models.CASCADE, related_name="social_links"
    )
    platform = models.CharField(_("Netzwerk"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("Adresse"))

    panels = [FieldPanel("platform"), FieldPanel("url")]
