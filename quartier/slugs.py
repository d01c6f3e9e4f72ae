"""The slug policy for new pages: readable ASCII, in every script.

"WhatsApp Business für Einsteiger" → "whatsapp-business-fuer-einsteiger",
"Fırın Anadolu" → "firin-anadolu", "Kuaför Yıldız" → "kuafoer-yildiz",
"Țară" → "tara", "Български" → "blgarski"… (AnyASCII, which Wagtail itself
depends on, transliterates every script). The umlauts ä ö ü and ß are spelled
out (ae, oe, ue, ss), as German writes them without umlauts, for every title:
a title in the German tree may be a Turkish name, and one rule is easier to
predict than a guess at the language. Emoji and other symbols are dropped.
A title with nothing left (only emoji, say) gets the page type's name, made
unique among its siblings with "-2", "-3" (Wagtail's rule).

Slugs already published keep working: the router and `url(page, language)`
accept any slug Wagtail accepts (WAGTAIL_ALLOW_UNICODE_SLUGS stays on)."""

import unicodedata

from anyascii import anyascii

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify

SLUG_MAX_LENGTH = 255

# What German writes for its umlauts; AnyASCII alone would drop the dots.
SPELLED_OUT = {
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "Ä": "Ae",
    "Ö": "Oe",
    "Ü": "Ue",
    "ß": "ss",
    "ẞ": "SS",
}
_SPELLED_OUT = str.maketrans(SPELLED_OUT)


def ascii_slug(text, fallback=""):
    """`text` as a readable ASCII slug (lower case letters, digits, hyphens),
    or `fallback` when nothing of it is left."""
    text = unicodedata.normalize("NFC", text or "").translate(_SPELLED_OUT)
    # AnyASCII spells emoji as ":pizza:": a slug keeps letters and digits only.
    text = "".join(char for char in text if unicodedata.category(char)[0] != "S")
    slug = slugify(anyascii(text))[:SLUG_MAX_LENGTH].strip("-")
    return slug or fallback


def page_type_slug(model):
    """The fallback slug of a page type: its German name ("workshop", "geschaeft"),
    whatever language the editor's admin speaks."""
    with translation.override(settings.LANGUAGE_CODE):
        return ascii_slug(str(model._meta.verbose_name), fallback="seite")
