"""Admin form mixins shared by the apps' page models."""

from django import forms
from django.db import models

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from .slugs import SPELLED_OUT


def choosable_images(user):
    """The images this account's image chooser offers: those in collections
    where it holds the "choose" permission (the coordination team: all)."""
    policy = policy_registry.get_by_type(get_image_model())
    return policy.instances_user_has_any_permission_for(user, ["choose"])


def restrict_image_fields(form, images):
    """Limits every image field of `form` to `images` and to the image it
    holds already, so that another account's earlier choice survives an edit."""
    image_model = get_image_model()
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model is image_model:
            current = getattr(form.instance, f"{name}_id", None)
            field.queryset = field.queryset.filter(pk__in=images.values("pk")) | (
                field.queryset.filter(pk=current)
            )


class CollectionRestrictedImagesPageForm(WagtailAdminPageForm):
    """A page form whose image fields, in child forms too, accept only images
    the editing account may choose: the chooser's limits, held on the server
    whatever ids the form posts."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        images = choosable_images(for_user)
        restrict_image_fields(self, images)
        for formset in self.formsets.values():
            for child in formset.forms:
                restrict_image_fields(child, images)


class AsciiSlugInput(SlugInput):
    """The admin's automatic slug in ASCII, as quartier.slugs makes it on the
    server: the umlauts spelled out first ("für" → "fuer"), then Wagtail's own
    transliteration (ı → i, ș → s, Cyrillic, Arabic), Unicode off."""

    def __init__(self, attrs=None, **kwargs):
        attrs = {"data-w-slug-allow-unicode-value": False, **(attrs or {})}
        formatters = list(SPELLED_OUT.items())
        super().__init__(attrs=attrs, formatters=formatters, **kwargs)


def register_slug_widget():
    """Every slug field of the admin (pages and snippets) gets AsciiSlugInput;
    Wagtail registers its SlugInput when wagtail.admin.forms.models is
    imported, which this module has done, so this registration wins."""
    register_form_field_override(models.SlugField, override={"widget": AsciiSlugInput})
