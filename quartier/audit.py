"""Wagtail's audit log keeps each object's label (its `str()`) for good: for
objects holding personal data, the labels must go when the data goes."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import translation

from wagtail.models import ModelLogEntry


def forget_logged_labels(model, pks):
    """Replaces the label and data of the log entries of `model` objects
    `pks` and of those deleted since by "<verbose name> #<id>". Returns how
    many entries changed."""
    content_type = ContentType.objects.get_for_model(model)
    existing = [str(pk) for pk in model.objects.values_list("pk", flat=True)]
    kept = set(existing) - {str(pk) for pk in pks}
    entries = ModelLogEntry.objects.filter(content_type=content_type).exclude(object_id__in=kept)
    with translation.override(settings.LANGUAGE_CODE):
        prefix = f"{model._meta.verbose_name} #"
    return entries.update(label=Concat(Value(prefix), F("object_id")), data={})
