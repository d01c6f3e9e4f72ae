"""StreamField blocks shared by every app."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Überschrift"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[("h2", "H2"), ("h3", "H3")],
        default="h2",
    )

    class Meta:
        template = "components/streamfield/heading_block.html"
        icon = "title"
        label = _("Überschrift")
        preview_value = {"text": "Digitale Sprechstunde in Hochfeld", "level": "h2"}


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Seite"), required=False)
    url = blocks.URLBlock(label=_("oder externe Adresse"), required=False)

    class Meta:
        template = "components/streamfield/call_to_action_block.html"
        icon = "link"
        label = _("Handlungsaufforderung")
        preview_value = {"text": "Jetzt anmelden", "url": "https://example.org/"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Zitat"))
    attribution = blocks.CharBlock(label=_("Quelle"), required=False, max_length=120)

    class Meta:
        template = "components/streamfield/quote_block.html"
        icon = "openquote"
        label = _("Zitat")
        preview_value = {
            "quote": "Seit dem Kurs kann ich Termine online vergeben.",
            "attribution": "Inhaberin eines Friseursalons",
        }


class FigureBlock(blocks.StructBlock):
    # ImageBlock asks the editor for an alt text (or an explicit "decorative").
    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=250)

    class Meta:
        template = "components/streamfield/figure_block.html"
        icon = "image"
        label = _("Bild")


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"),
        features=["bold", "italic", "link", "ol", "ul"],
        template="components/streamfield/paragraph_block.html",
        icon="pilcrow",
        preview_value="<p>Gemeinsam stärker im Quartier.</p>",
    )
    figure = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
