"""An index on Wagtail's `Page.url_path`: `HomePage.route` finds a page by its
URL path in one query; without the index that query reads the whole page table
(6 ms on PostgreSQL at 10,000 businesses, on every request that is not served
from the page cache). Wagtail's own model has no such index, so it is added here
by name (`IF NOT EXISTS`: SQLite and PostgreSQL)."""

from django.db import migrations

INDEX = "quartier_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("quartier", "0005_rate_limit_counter"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (url_path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
