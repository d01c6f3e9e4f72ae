"""The editor's position panel: plain latitude/longitude inputs plus a small
Leaflet map with a draggable pin (no GDAL). Dragging the pin or typing
coordinates marks the position as set by hand (location_source = manual)."""

from django.conf import settings
from django.forms import Media

from wagtail.admin.panels import FieldPanel, FieldRowPanel, PanelGroup


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
