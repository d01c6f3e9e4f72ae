"""Mixed directions in plain-text mails: a name or title whose direction may
differ from the sentence around it is wrapped in Unicode isolates (FSI … PDI,
the plain-text counterpart of <bdi>), so that "Salon Lale" inside Arabic text
or "سارة" inside Turkish text keeps its own order and moves no punctuation."""

import unicodedata

from django import template
from django.utils.translation import get_language_bidi

register = template.Library()

FIRST_STRONG_ISOLATE = "\N{FIRST STRONG ISOLATE}"
POP_DIRECTIONAL_ISOLATE = "\N{POP DIRECTIONAL ISOLATE}"


def has_right_to_left(text):
    return any(unicodedata.bidirectional(character) in ("R", "AL") for character in text)


@register.filter
def isolate(value):
    """`value` between FSI and PDI where directions can meet: in a
    right-to-left language, or when the value has right-to-left letters.
    Left-to-right text in a left-to-right mail stays as it is."""
    text = "" if value is None else str(value)
    if not text or not (get_language_bidi() or has_right_to_left(text)):
        return text
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
