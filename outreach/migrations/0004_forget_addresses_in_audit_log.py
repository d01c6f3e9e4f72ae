"""Subscriptions were labelled with their address, and Wagtail's audit log
keeps labels for good (a deleted subscription's "wagtail.delete" entry named
it): every logged subscription is relabelled "Newsletter-Abo #<id>", as
Subscription.__str__ now reads."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat


def forget_addresses(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    content_type = ContentType.objects.filter(app_label="outreach", model="subscription").first()
    if content_type is None:
        return
    ModelLogEntry.objects.filter(content_type=content_type).update(
        label=Concat(Value("Newsletter-Abo #"), F("object_id")), data={}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_digest_by_creation_time"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget_addresses, migrations.RunPython.noop)]
