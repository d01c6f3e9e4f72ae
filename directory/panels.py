"""BusinessPage's editing screen: the panels, grouped for owners in plain
German (Einfache Sprache) with one short help sentence per group, and the
position panel (plain latitude/longitude inputs plus a small Leaflet map with a
draggable pin, no GDAL; dragging the pin or typing coordinates marks the
position as set by hand, location_source = manual).

The coordination team sees the same groups plus its technical fields (field
permissions: an owner's form does not contain them at all)."""

from django import forms
from django.conf import settings
from django.forms import Media
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    Panel,
    PanelGroup,
)
from wagtail.models import Page

from .compare import OpeningHoursPanel, RichTextPanel
from .owner_actions import owner_actions

# Position, web address, search texts, status and "featured" are the
# coordination team's to set.
MANAGE_LISTING = "directory.manage_listing"


class LocationPanel(PanelGroup):
    """`field_permission`: who may see and set the position; for everyone else
    the fields are not in the form at all, so their saves leave it as it is
    (the geocoder still places a changed address)."""

    def __init__(self, children=(), *args, field_permission=None, **kwargs):
        if not children:
            children = [
                FieldRowPanel(
                    [
                        FieldPanel("latitude", permission=field_permission),
                        FieldPanel("longitude", permission=field_permission),
                    ]
                ),
                FieldPanel("location_source", permission=field_permission),
            ]
        self.field_permission = field_permission
        super().__init__(children, *args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "field_permission": self.field_permission}

    class BoundPanel(PanelGroup.BoundPanel):
        template_name = "components/map/editor_panel.html"

        @property
        def media(self):
            return super().media + Media(
                js=["leaflet/leaflet.js", "js/map-base.js", "js/map-editor.js"],
                css={"all": ["leaflet/leaflet.css", "css/map.css"]},
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            form = self.form
            centre = settings.LEAFLET_CONFIG.get("DEFAULT_CENTER", (51.47, 6.76))
            context.update(
                {
                    "latitude_id": form["latitude"].id_for_label,
                    "longitude_id": form["longitude"].id_for_label,
                    "source_id": form["location_source"].id_for_label
                    if "location_source" in form.fields
                    else "",
                    "default_centre": centre,
                    "MAP_TILE_URL": settings.MAP_TILE_URL,
                    "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
                }
            )
            return context


class GalleryChooserPanel(MultipleChooserPanel):
    """Wagtail's multiple chooser (tick several pictures, add them in one go),
    with a button that names what it adds in the owner's language."""

    class BoundPanel(MultipleChooserPanel.BoundPanel):
        template_name = "admin/directory/gallery_chooser_panel.html"


def _upload_several_help():
    return format_html(
        '{} <a href="{}">{}</a>',
        _(
            "Zeigen Sie Ihr Geschäft: ein Logo und bis zu 8 Fotos. Mit „Fotos hinzufügen“ "
            "wählen Sie mehrere Bilder auf einmal aus."
        ),
        reverse_lazy("wagtailimages:add_multiple"),
        _("Mehrere neue Bilder auf einmal hochladen"),
    )


class OwnerActionsPanel(Panel):
    """Buttons above the form (temporarily closed, window sticker): visible, not
    behind the header's "…" menu. Only on a saved profile."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/panels/owner_actions.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["actions"] = owner_actions(self.instance)
            return context


BUSINESS_CONTENT_PANELS = [
    OwnerActionsPanel(heading=_("Schnell erledigt")),
    *Page.content_panels,
    MultiFieldPanel(
        [
            FieldPanel("tagline"),
            FieldPanel("category"),
            RichTextPanel("description"),
            FieldPanel("tags"),
            FieldPanel("cuisines", widget=forms.CheckboxSelectMultiple),
        ],
        heading=_("Ihr Geschäft"),
        help_text=_("Was bieten Sie an? Schreiben Sie kurz und einfach."),
    ),
    MultiFieldPanel(
        [OpeningHoursPanel("opening_hours")],
        heading=_("Wann haben Sie geöffnet?"),
        help_text=_(
            "Tragen Sie für jeden Tag ein, wann Sie geöffnet haben. Urlaub und besondere "
            "Tage tragen Sie unten ein."
        ),
    ),
    MultiFieldPanel(
        [
            FieldPanel("district"),
            FieldRowPanel([FieldPanel("street"), FieldPanel("house_number")]),
            FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
            LocationPanel(field_permission=MANAGE_LISTING),
            FieldPanel("phone"),
            FieldPanel("email"),
            FieldPanel("website"),
            FieldPanel("online_shop_url"),
            FieldPanel("delivery"),
            InlinePanel("social_links", label=_("Soziale Netzwerke")),
        ],
        heading=_("So erreicht man Sie"),
        help_text=_("Ihre Adresse, Ihr Telefon und Ihre Seiten im Internet."),
    ),
    MultiFieldPanel(
        [
            FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            FieldPanel("payment_methods", widget=forms.CheckboxSelectMultiple),
            FieldPanel("wheelchair"),
        ],
        heading=_("Sprachen, Bezahlen, Zugang"),
        help_text=_(
            "Welche Sprachen sprechen Sie? Wie kann man bezahlen? Kommt man mit dem "
            "Rollstuhl hinein?"
        ),
    ),
    MultiFieldPanel(
        [
            FieldPanel("logo"),
            GalleryChooserPanel(
                "gallery_images",
                chooser_field_name="image",
                label=_("Foto"),
                max_num=8,
            ),
        ],
        heading=_("Bilder"),
        help_text=lazy(_upload_several_help, SafeString)(),
    ),
    MultiFieldPanel(
        [
            InlinePanel(
                "text_translations",
                label=_("Übersetzung"),
            ),
        ],
        heading=_("Übersetzungen"),
        help_text=_(
            "Ihre Texte in anderen Sprachen. Adresse, Öffnungszeiten und alle anderen "
            "Angaben gelten für jede Sprache."
        ),
    ),
    MultiFieldPanel(
        [
            InlinePanel("jobs", label=_("Stellen und Ausbildungsplätze")),
            FieldPanel("job_interest_to_business"),
        ],
        heading=_("Stellen"),
        help_text=_("Suchen Sie Mitarbeiterinnen, Mitarbeiter oder Auszubildende?"),
    ),
]

BUSINESS_PROMOTE_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("slug", permission=MANAGE_LISTING),
            FieldPanel("seo_title", permission=MANAGE_LISTING),
            FieldPanel("search_description", permission=MANAGE_LISTING),
            FieldPanel("social_image", permission=MANAGE_LISTING),
        ],
        heading=_("Adresse im Web und Suchmaschinen"),
    ),
]

BUSINESS_SETTINGS_PANELS = [
    *Page.settings_panels,
    MultiFieldPanel(
        [
            FieldPanel("status", permission=MANAGE_LISTING),
            FieldPanel("reopens_on", permission=MANAGE_LISTING),
            FieldPanel("last_checked", permission=MANAGE_LISTING),
            FieldPanel("featured", permission=MANAGE_LISTING),
            FieldPanel("external_id", permission=MANAGE_LISTING),
        ],
        heading=_("Pflege durch das Koordinationsteam"),
    ),
]
