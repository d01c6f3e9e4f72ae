import io

import pytest

from django.core.management import call_command

from blog.events import upcoming_events
from blog.models import CampaignPage, NewsPage, WorkshopPage

from ..clock import berlin


@pytest.mark.django_db
def test_demo_content_is_complete_and_idempotent(client, demo_content, clock_at):
    clock_at(berlin(2026, 11, 20, 10))  # the instant the shared demo content was loaded at
    originals = {"locale__language_code": "de"}
    campaigns = CampaignPage.objects.filter(**originals)
    workshops = WorkshopPage.objects.filter(**originals)
    news = NewsPage.objects.filter(**originals)
    assert campaigns.count() >= 3
    assert workshops.count() >= 4
    assert news.count() >= 3
    assert all(campaign.participating_businesses.exists() for campaign in campaigns)
    assert workshops.upcoming().count() >= 1
    assert workshops.past().count() >= 1
    assert all(workshop.is_on_map for workshop in workshops)
    assert all(workshop.languages.exists() for workshop in workshops)

    results = news.get(slug="bilanz-des-programms")
    text = str(results.body)
    for fact in (
        "Seit Januar 2023",
        "827 Menschen",
        "670 von ihnen waren arbeitslos",
        "735 haben eine Einwanderungsgeschichte",
        "171 Menschen haben eine Arbeit gefunden",
        "32 Menschen haben eine Ausbildung begonnen",
        "222 Menschen",
    ):
        assert fact in text

    counts = (campaigns.count(), workshops.count(), news.count())
    call_command("load_demo_data", "--no-users", stdout=io.StringIO())
    assert (campaigns.count(), workshops.count(), news.count()) == counts

    home = client.get("/")
    assert "Nächste Termine" in home.text
    assert upcoming_events(limit=3)
    for page in (*campaigns, *workshops, *news):
        assert client.get(page.url).status_code == 200, page.url
    assert client.get("/termine/").status_code == 200
    assert client.get("/neuigkeiten/").status_code == 200
    assert client.get("/api/events.ics").status_code == 200
