"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): a photo can be
saved with its file alone. The title is taken from the file name when left
empty; the alternative text is asked for, with an example, but does not block."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm


def title_from_file_name(name):
    """ "schaufenster_weihnachten-2026.jpg" → "schaufenster weihnachten 2026"."""
    stem = Path(name or "").stem
    return " ".join(stem.replace("_", " ").replace("-", " ").split())[:255] or "Foto"


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].required = False
            # Ours: Wagtail's Turkish catalogues disagree ("başla", "start", wins).
            self.fields["title"].label = _("Titel")
            self.fields["title"].help_text = _("Leer lassen: Der Dateiname wird übernommen.")
            # Wagtail's __init__ has bound the field already, with its label.
            self._bound_fields_cache.pop("title", None)

    def clean(self):
        cleaned = super().clean()
        if "title" in self.fields and not cleaned.get("title"):
            upload = cleaned.get("file") or self.instance.file
            cleaned["title"] = title_from_file_name(getattr(upload, "name", ""))
        return cleaned
