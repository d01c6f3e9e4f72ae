"""Replace Wagtail's welcome page with our home page, as `wagtail start` does,
so that a fresh database serves a working site even without demo content."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("quartier.HomePage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, url_path="/home/", content_type__app_label="wagtailcore").delete()
    locale, _ = Locale.objects.get_or_create(language_code="de")
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="quartier")
    root = Page.objects.get(depth=1)
    numchild = Page.objects.filter(depth=2).count()
    homepage = HomePage.objects.create(
        title="Willkommen im Quartier",
        draft_title="Willkommen im Quartier",
        slug="home",
        content_type=content_type,
        path=f"{root.path}{numchild + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
    )
    root.numchild = numchild + 1
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True)


def remove_homepage(apps, schema_editor):
    apps.get_model("quartier.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quartier", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
