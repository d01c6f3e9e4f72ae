import datetime

import pytest

from django.template import Context, Template
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase

from blog.models import CampaignPage, EventIndexPage, NewsIndexPage, NewsPage, WorkshopPage
from directory.models import BusinessPage, DirectoryIndexPage
from quartier.models import HomePage, StandardPage

from ..clock import berlin
from ..directory.factories import BusinessPageFactory, DirectoryIndexPageFactory, LanguageFactory
from .factories import (
    CampaignPageFactory,
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    TargetGroupFactory,
    WorkshopPageFactory,
    at,
)


class TestPageTreeRules(WagtailPageTestCase):
    def test_index_pages_only_under_home(self):
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanNotCreateAt(StandardPage, EventIndexPage)
        self.assertCanNotCreateAt(DirectoryIndexPage, NewsIndexPage)

    def test_events_only_under_event_index(self):
        self.assertAllowedSubpageTypes(EventIndexPage, {CampaignPage, WorkshopPage})
        self.assertCanNotCreateAt(HomePage, CampaignPage)
        self.assertCanNotCreateAt(HomePage, WorkshopPage)
        self.assertCanNotCreateAt(NewsIndexPage, WorkshopPage)

    def test_news_only_under_news_index(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertCanNotCreateAt(EventIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_leaves_have_no_children(self):
        for model in (CampaignPage, WorkshopPage, NewsPage):
            self.assertAllowedSubpageTypes(model, set())
        self.assertCanNotCreateAt(BusinessPage, CampaignPage)


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.mark.clock
@pytest.mark.django_db
def test_upcoming_and_past_split_around_now(client, events, clock_at):
    # 00:45 in Berlin: the hour at which the running campaign used to sort at
    # today's midnight, after the workshop that began before it (issue #20).
    # tests/blog/test_clock.py runs the same at other instants.
    clock_at(berlin(2026, 11, 26, 0, 45))
    today = timezone.localdate()
    assert today == datetime.date(2026, 11, 26)
    CampaignPageFactory(
        parent=events,
        title="Laufende Aktion",
        start_date=today - datetime.timedelta(days=3),
        end_date=today,
    )
    CampaignPageFactory(
        parent=events,
        title="Vergangene Aktion",
        start_date=today - datetime.timedelta(days=9),
        end_date=today - datetime.timedelta(days=1),
    )
    # Ended one minute ago vs. ends in one minute.
    now = timezone.now()
    WorkshopPageFactory(
        parent=events,
        title="Gerade vorbei",
        dates=[(now - datetime.timedelta(hours=2), now - datetime.timedelta(minutes=1))],
    )
    WorkshopPageFactory(
        parent=events,
        title="Läuft noch",
        dates=[(now - datetime.timedelta(hours=2), now + datetime.timedelta(minutes=1))],
    )
    WorkshopPageFactory(parent=events, title="Nächste Woche", dates=[(at(7, 10), at(7, 12))])

    response = client.get(events.url)
    assert response.status_code == 200
    upcoming = [page.title for page in response.context["upcoming_events"]]
    past = [page.title for page in response.context["past_events"]]
    assert upcoming == ["Laufende Aktion", "Läuft noch", "Nächste Woche"]
    assert past == ["Gerade vorbei", "Vergangene Aktion"]
    text = response.text
    assert text.index("Nächste Woche") < text.index("Archiv: vergangene Termine")
    assert text.index("Archiv: vergangene Termine") < text.index("Gerade vorbei")


@pytest.mark.django_db
def test_filters_by_type_language_and_target_group(client, events):
    turkish = LanguageFactory(code="tr", native_name="Türkçe", german_name="Türkisch")
    arabic = LanguageFactory(code="ar", native_name="العربية", german_name="Arabisch")
    women = TargetGroupFactory(slug="frauen", name="Frauen")
    seniors = TargetGroupFactory(slug="senioren", name="Seniorinnen und Senioren")
    CampaignPageFactory(parent=events, title="Aktion A")
    WorkshopPageFactory(parent=events, title="Kurs TR", languages=[turkish], target_groups=[women])
    WorkshopPageFactory(parent=events, title="Kurs AR", languages=[arabic], target_groups=[seniors])

    def titles(query):
        response = client.get(events.url + query)
        assert response.status_code == 200
        return {page.title for page in response.context["upcoming_events"]}

    assert titles("") == {"Aktion A", "Kurs TR", "Kurs AR"}
    assert titles("?art=campaign") == {"Aktion A"}
    assert titles("?art=workshop") == {"Kurs TR", "Kurs AR"}
    assert titles("?sprache=tr") == {"Kurs TR"}
    assert titles("?zielgruppe=senioren") == {"Kurs AR"}
    assert titles("?sprache=tr&zielgruppe=senioren") == set()
    # Unknown values are ignored with a message, never a server error.
    response = client.get(events.url + "?sprache=xx&art=konzert")
    assert response.status_code == 200
    assert "Dieser Filter ist unbekannt" in response.text
    assert len(response.context["upcoming_events"]) == 3


@pytest.mark.django_db
def test_event_index_query_count_does_not_grow(client, events, django_assert_max_num_queries):
    language = LanguageFactory()
    group = TargetGroupFactory()
    for _number in range(2):
        CampaignPageFactory(parent=events)
        WorkshopPageFactory(parent=events, languages=[language], target_groups=[group])
    # One past workshop, so that the archive's queries are part of the baseline.
    WorkshopPageFactory(parent=events, languages=[language], dates=[(at(-3, 10), at(-3, 12))])
    client.get(events.url)  # warm caches (site root, settings)
    with django_assert_max_num_queries(30) as few:
        client.get(events.url)
    for number in range(8):
        CampaignPageFactory(parent=events)
        WorkshopPageFactory(
            parent=events,
            languages=[language],
            target_groups=[group],
            dates=[(at(-5 - number, 10), at(-5 - number, 12))],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(events.url)
    assert len(response.context["upcoming_events"]) == 12
    assert response.context["past_events"].paginator.count == 9


@pytest.mark.django_db
def test_home_page_shows_next_events_with_constant_queries(
    client, home_page, events, django_assert_max_num_queries
):
    CampaignPageFactory(parent=events, title="Aktion im Quartier")
    WorkshopPageFactory(parent=events, title="Handy-Kurs", dates=[(at(3, 10), at(3, 12))])
    WorkshopPageFactory(parent=events, title="Alter Kurs", dates=[(at(-3, 10), at(-3, 12))])
    client.get("/")
    with django_assert_max_num_queries(40) as few:
        response = client.get("/")
    assert "Nächste Termine" in response.text
    assert "Aktion im Quartier" in response.text
    assert "Handy-Kurs" in response.text
    assert "Alter Kurs" not in response.text
    for _number in range(5):
        WorkshopPageFactory(parent=events)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/")
    assert len(response.context["upcoming_events"]) == 3


@pytest.mark.django_db
def test_campaign_page_lists_participants_and_business_shows_campaign(client, home_page, events):
    directory = DirectoryIndexPageFactory(parent=home_page)
    baker = BusinessPageFactory(parent=directory, title="Bäckerei Sonne")
    other = BusinessPageFactory(parent=directory, title="Kiosk Mond")
    campaign = CampaignPageFactory(parent=events, title="Herbstwochen")
    campaign.participating_businesses.add(baker)
    campaign.save()
    ended = CampaignPageFactory(
        parent=events,
        title="Alte Aktion",
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() - datetime.timedelta(days=20),
    )
    ended.participating_businesses.add(baker)
    ended.save()

    response = client.get(campaign.url)
    assert response.status_code == 200
    assert "Bäckerei Sonne" in response.text
    assert "Kiosk Mond" not in response.text
    assert set(baker.campaigns.all()) == {campaign, ended}

    template = Template("{% load blog_tags %}{% business_campaigns page %}")
    html = template.render(Context({"page": baker}))
    assert "Herbstwochen" in html
    assert "Alte Aktion" not in html
    assert template.render(Context({"page": other})).strip() == ""


@pytest.mark.django_db
def test_campaign_end_before_start_is_refused(events):
    from django.core.exceptions import ValidationError

    campaign = CampaignPage(
        title="Falsch",
        slug="falsch",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "end_date" in error.value.message_dict


@pytest.mark.django_db
def test_workshop_page_renders_details_in_berlin_time(client, events):
    language = LanguageFactory(code="tr", native_name="Türkçe", german_name="Türkisch")
    group = TargetGroupFactory(name="Frauen", name_translations={"en": "Women"})
    workshop = WorkshopPageFactory(
        parent=events,
        title="Sicher online",
        languages=[language],
        target_groups=[group],
        dates=[(at(10, 18, 30), at(10, 20))],
    )
    response = client.get(workshop.url)
    assert response.status_code == 200
    assert "18:30" in response.text
    # The course language (the language switcher shows "Türkçe" too, never in a <dd>).
    assert '<dd><span lang="tr">Türkçe</span></dd>' in response.text
    assert "Frauen" in response.text
    assert "kostenlos" in response.text
    english = client.get("/en" + workshop.url)
    assert english.status_code == 200
    assert "Women" in english.text
    assert "<dt>Venue</dt>" in english.text
    # "Ort" is the workshop's venue here, not the town (msgctxt "venue").
    turkish = client.get("/tr" + workshop.url)
    assert turkish.status_code == 200
    assert "<dt>Yer</dt>" in turkish.text and "Şehir" not in turkish.text


@pytest.mark.django_db
def test_news_index_lists_news_and_filters_by_tag(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    old = NewsPageFactory(parent=index, title="Ältere Meldung", date=datetime.date(2025, 1, 1))
    new = NewsPageFactory(parent=index, title="Neue Meldung", date=datetime.date(2026, 5, 1))
    new.tags.add("Bilanz")
    new.save_revision().publish()
    response = client.get(index.url)
    assert response.status_code == 200
    text = response.text
    assert text.index("Neue Meldung") < text.index("Ältere Meldung")
    tagged = client.get(index.url + "?tag=bilanz")
    assert "Neue Meldung" in tagged.text
    assert "Ältere Meldung" not in tagged.text
    page = client.get(new.url)
    assert page.status_code == 200
    assert "Bilanz" in page.text
    assert client.get(old.url).status_code == 200


@pytest.mark.django_db
def test_news_feeds(client, home_page):
    import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output

    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="Meldung eins", teaser="Erste")
    NewsPageFactory(parent=index, title="Meldung zwei", teaser="Zweite")
    rss = client.get(index.url + "feed/rss/")
    assert rss.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(rss.content)  # noqa: S314
    titles = {item.findtext("title") for item in root.iter("item")}
    assert titles == {"Meldung eins", "Meldung zwei"}
    atom = client.get(index.url + "feed/atom/")
    assert atom.status_code == 200
    root = ET.fromstring(atom.content)  # noqa: S314
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2
