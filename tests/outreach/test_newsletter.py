"""Newsletter: double opt-in, confirmation, the weekly digest per language and
district, one-click unsubscribe and the expiry of unconfirmed opt-ins."""

import datetime
import io
import re

import pytest

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from directory.models import BusinessJob, BusinessPage
from outreach.digest import send_digest
from outreach.models import DigestRun, Subscription
from outreach.subscriptions import unsubscribe_token
from quartier.translation_sync import create_translation

from ..blog.factories import (
    CampaignPageFactory,
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    WorkshopPageFactory,
)
from ..directory.factories import BusinessPageFactory, DistrictFactory, make_directory
from ..jobs.factories import BusinessJobFactory
from .factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts():
    hochfeld = DistrictFactory(name="Hochfeld", slug="hochfeld", postcodes="47053, 47057")
    marxloh = DistrictFactory(name="Marxloh", slug="marxloh", postcodes="47169")
    return hochfeld, marxloh


def links(message):
    return re.findall(r"http://testserver\S+", message.body)


def subscribe(client, prefix="", **data):
    form = {"email": "ayse@quartier.example", "language": "tr", "workshops": "on", **data}
    return client.post(f"{prefix}/newsletter/", form)


# --- Opt-in ---------------------------------------------------------------------


def test_subscribing_stores_an_unconfirmed_opt_in_and_mails_the_link_in_its_language(
    client, home_page, districts
):
    response = subscribe(client, prefix="/tr", districts=[districts[1].pk])

    assert response.status_code == 302
    assert response["Location"] == "/tr/newsletter/gesendet/"
    subscription = Subscription.objects.get()
    assert subscription.email == "ayse@quartier.example"
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    with translation.override("tr"):
        expected = translation.gettext("%(platform_name)s: Bitte bestätigen Sie Ihr Newsletter-Abo")
    assert mail.outbox[0].subject == expected % {"platform_name": "Quartier"}
    assert mail.outbox[0].to == ["ayse@quartier.example"]
    [link] = links(mail.outbox[0])
    assert link.startswith("http://testserver/tr/newsletter/bestaetigen/")


def test_opening_the_link_does_not_confirm_the_button_does_and_only_once(
    client, home_page, districts
):
    subscribe(client, districts=[districts[1].pk], jobs="on")
    [link] = links(mail.outbox[0])

    assert client.get(link).status_code == 200
    assert Subscription.objects.get().confirmed_at is None

    response = client.post(link)
    assert (response.status_code, response["Location"]) == (302, "/tr/newsletter/bestaetigt/")
    assert client.get(response["Location"]).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None
    assert subscription.language == "tr"
    assert subscription.topics() == {"workshops", "jobs"}
    assert list(subscription.districts.all()) == [districts[1]]

    assert client.post(link).status_code == 404  # single use


def test_a_confirmation_link_expires_after_the_set_days(client, home_page, settings, time_machine):
    settings.NEWSLETTER_CONFIRM_DAYS = 7
    subscribe(client)
    [link] = links(mail.outbox[0])
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7, minutes=1))

    assert client.post(link).status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_a_new_request_does_not_change_a_confirmed_subscription_until_confirmed(
    client, home_page, districts
):
    SubscriptionFactory(email="ayse@quartier.example", language="de", jobs=False, news=False)

    response = subscribe(client, prefix="/ar", language="ar", news="on", workshops="")

    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.language, subscription.topics()) == ("de", {"workshops", "campaigns"})
    [link] = links(mail.outbox[0])
    client.post(link)
    subscription.refresh_from_db()
    assert (subscription.language, subscription.topics()) == ("ar", {"news"})


def test_a_forged_or_tampered_link_is_refused(client, home_page):
    subscribe(client)
    [link] = links(mail.outbox[0])

    assert client.post(link[:-3] + "abc/").status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_form_needs_a_topic_and_a_valid_address(client, home_page):
    response = subscribe(client, email="not-an-address", workshops="")

    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["email", "workshops"]
    assert Subscription.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_answers_like_a_success_and_stores_nothing(client, home_page):
    response = subscribe(client, website="http://spam.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("outreach_subscribe_sent")
    assert Subscription.objects.count() == 0
    assert mail.outbox == []


def test_too_many_attempts_from_one_address_are_refused(client, home_page):
    for number in range(5):
        assert subscribe(client, email=f"p{number}@quartier.example").status_code == 302
    refused = subscribe(client, email="p6@quartier.example")
    assert refused.status_code == 429
    assert "Zu viele Versuche in kurzer Zeit" in refused.text
    assert Subscription.objects.count() == 5


def test_the_subscription_page_renders_in_every_language(client, home_page):
    for prefix in ("", "/en", "/tr", "/ar", "/bg", "/ro"):
        response = client.get(f"{prefix}/newsletter/")
        assert response.status_code == 200
        assert 'name="email"' in response.content.decode()


# --- Unsubscribe and expiry -------------------------------------------------------


def test_one_click_unsubscribe_deletes_all_data(client, home_page):
    subscription = SubscriptionFactory()
    with translation.override("de"):  # whatever an earlier test left active
        url = reverse("outreach_unsubscribe", kwargs={"token": unsubscribe_token(subscription)})

    assert client.get(url).status_code == 200
    assert Subscription.objects.count() == 1  # a GET (mail scanner) changes nothing

    # RFC 8058: the mail program POSTs without a CSRF token.
    csrf_client = client_class_with_csrf_checks()
    response = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert (response.status_code, response["Location"]) == (302, "/newsletter/abgemeldet/")
    assert client.get(response["Location"]).status_code == 200
    assert Subscription.objects.count() == 0
    again = client.post(url)  # still "unsubscribed"
    assert (again.status_code, again["Location"]) == (302, "/newsletter/abgemeldet/")


def client_class_with_csrf_checks():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_a_forged_unsubscribe_link_is_refused(client, home_page):
    subscription = SubscriptionFactory()
    token = unsubscribe_token(subscription)
    with translation.override("de"):
        url = reverse("outreach_unsubscribe", kwargs={"token": token[:-2] + "xx"})

    assert client.post(url).status_code == 404
    assert Subscription.objects.count() == 1


def test_unconfirmed_opt_ins_are_deleted_when_they_expire(home_page, settings):
    settings.NEWSLETTER_CONFIRM_DAYS = 7
    now = timezone.now()
    SubscriptionFactory(
        email="old@quartier.example", confirmed_at=None, created_at=now - datetime.timedelta(days=8)
    )
    SubscriptionFactory(
        email="fresh@quartier.example",
        confirmed_at=None,
        created_at=now - datetime.timedelta(days=6),
    )
    SubscriptionFactory(
        email="confirmed@quartier.example", created_at=now - datetime.timedelta(days=100)
    )

    result = send_digest(now=now)

    assert result.purged == 1
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "confirmed@quartier.example",
        "fresh@quartier.example",
    ]


# --- Digest -------------------------------------------------------------------------


@pytest.fixture
def content(home_page, districts):
    hochfeld, marxloh = districts
    events = EventIndexPageFactory(parent=home_page)
    news_index = NewsIndexPageFactory(parent=home_page)
    directory = make_directory(home_page)
    shop_h = BusinessPageFactory(parent=directory, title="Salon Hochfeld", district=hochfeld)
    shop_m = BusinessPageFactory(
        parent=directory, title="Bäckerei Marxloh", district=marxloh, postcode="47169"
    )
    return {
        "events": events,
        "news": news_index,
        "directory": directory,
        "hochfeld": hochfeld,
        "marxloh": marxloh,
        "shop_h": shop_h,
        "shop_m": shop_m,
    }


def published(page):
    """Published as an editor would: sets first_published_at, as factories do not."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_job(business, title):
    """A job added and published as in the editor (the form keeps existing jobs' ids)."""
    business = BusinessPage.objects.get(pk=business.pk)
    business.jobs.add(BusinessJob(page=business, title=title))
    business.save_revision().publish()
    return BusinessJob.objects.get(page=business, title=title)


def digest_for(email):
    [message] = [m for m in mail.outbox if m.to == [email]]
    return message


def test_digest_goes_to_confirmed_subscribers_by_district_and_topic(content):
    hochfeld_workshop = published(
        WorkshopPageFactory(parent=content["events"], title="Handy-Kurs Hochfeld")
    )
    marxloh_workshop = published(
        WorkshopPageFactory(
            parent=content["events"], title="Online-Banking Marxloh", venue_postcode="47169"
        )
    )
    campaign = published(CampaignPageFactory(parent=content["events"], title="Marxloh leuchtet"))
    campaign.participating_businesses.add(content["shop_m"])
    published(campaign)
    add_job(content["shop_h"], "Friseurin (m/w/d)")
    published(NewsPageFactory(parent=content["news"], title="Neuer Spielplatz"))

    everything = SubscriptionFactory(email="all@quartier.example")
    SubscriptionFactory(
        email="hochfeld@quartier.example", districts=[content["hochfeld"]], news=False
    )
    SubscriptionFactory(
        email="marxloh@quartier.example",
        districts=[content["marxloh"]],
        workshops=False,
        news=False,
        jobs=False,
    )
    SubscriptionFactory(email="unconfirmed@quartier.example", confirmed_at=None)
    SubscriptionFactory(
        email="jobs-marxloh@quartier.example",
        districts=[content["marxloh"]],
        workshops=False,
        campaigns=False,
        news=False,
    )

    result = send_digest()

    assert result.recipients == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "all@quartier.example",
        "hochfeld@quartier.example",
        "marxloh@quartier.example",
    ]
    body = digest_for("all@quartier.example").body
    for title in (
        "Handy-Kurs Hochfeld",
        "Online-Banking Marxloh",
        "Marxloh leuchtet",
        "Friseurin (m/w/d)",
        "Neuer Spielplatz",
    ):
        assert title in body
    body = digest_for("hochfeld@quartier.example").body
    assert "Handy-Kurs Hochfeld" in body and "Friseurin (m/w/d)" in body
    assert "Online-Banking Marxloh" not in body
    assert "Marxloh leuchtet" not in body
    assert "Neuer Spielplatz" not in body
    body = digest_for("marxloh@quartier.example").body
    assert "Marxloh leuchtet" in body
    assert "Handy-Kurs Hochfeld" not in body and "Online-Banking Marxloh" not in body
    assert hochfeld_workshop.get_full_url() in digest_for("hochfeld@quartier.example").body
    assert marxloh_workshop.get_full_url() in digest_for("all@quartier.example").body
    assert everything.topics() == {"workshops", "campaigns", "jobs", "news"}


def test_digest_is_in_the_subscribers_language_with_localized_links(content):
    workshop = published(WorkshopPageFactory(parent=content["events"], title="Handy-Kurs"))
    create_translation(workshop, "tr", title="Cep telefonu kursu")
    SubscriptionFactory(email="tr@quartier.example", language="tr")
    SubscriptionFactory(email="ar@quartier.example", language="ar")

    send_digest()

    body = digest_for("tr@quartier.example").body
    assert "Cep telefonu kursu" in body
    assert "http://localhost/tr/" in body
    with translation.override("tr"):
        assert translation.gettext("Neue Workshops") in body
    body = digest_for("ar@quartier.example").body
    assert "Handy-Kurs" in body  # no Arabic translation: the German title, Arabic link
    assert "/ar/" in body
    with translation.override("ar"):
        assert translation.gettext("Neue Workshops") in body


def test_every_digest_has_a_one_click_unsubscribe_header_and_no_tracking(client, content):
    published(WorkshopPageFactory(parent=content["events"]))
    subscription = SubscriptionFactory(email="a@quartier.example")

    send_digest()

    message = digest_for("a@quartier.example")
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    assert "<img" not in message.body and "?utm" not in message.body
    assert (message.content_subtype, message.attachments) == ("plain", [])
    response = client.post(unsubscribe.removeprefix("http://testserver"))
    assert (response.status_code, response["Location"]) == (302, "/newsletter/abgemeldet/")
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


def test_the_next_digest_has_only_what_is_new_and_nothing_when_nothing_is(content):
    published(WorkshopPageFactory(parent=content["events"], title="Erster Kurs"))
    add_job(content["shop_h"], "Azubi Friseur")
    SubscriptionFactory(email="a@quartier.example")
    send_digest()
    assert len(mail.outbox) == 1
    mail.outbox.clear()

    result = send_digest()
    assert (result.items, result.recipients, mail.outbox) == (0, 0, [])

    published(WorkshopPageFactory(parent=content["events"], title="Zweiter Kurs"))
    add_job(content["shop_h"], "Aushilfe")
    send_digest()
    body = digest_for("a@quartier.example").body
    assert "Zweiter Kurs" in body and "Aushilfe" in body
    assert "Erster Kurs" not in body and "Azubi Friseur" not in body
    assert DigestRun.objects.count() == 3


def test_positions_are_new_by_when_they_were_created_or_went_online(content):
    """Not by their id: a position entered while its business was a draft is
    announced when the business goes online; a filled one never is."""
    SubscriptionFactory(email="a@quartier.example")
    opening = BusinessPageFactory(
        parent=content["directory"], title="Neueröffnung", district=content["hochfeld"], live=False
    )
    BusinessJobFactory(page=opening, title="Azubi im neuen Laden")
    assert send_digest().items == 0  # the business is not online yet

    published(BusinessPage.objects.get(pk=opening.pk))
    add_job(content["shop_h"], "Aushilfe am Samstag")
    taken = add_job(content["shop_h"], "Schon vergeben")
    taken.filled = True
    taken.save()
    send_digest()
    body = digest_for("a@quartier.example").body
    assert "Azubi im neuen Laden" in body and "Aushilfe am Samstag" in body
    assert "Schon vergeben" not in body


def test_past_events_expired_jobs_and_unpublished_pages_stay_out(content):
    from ..blog.factories import at

    published(
        WorkshopPageFactory(parent=content["events"], title="Vorbei", dates=[(at(-3), at(-3, 12))])
    )
    published(
        CampaignPageFactory(
            parent=content["events"],
            title="Alte Aktion",
            start_date=timezone.localdate() - datetime.timedelta(days=9),
            end_date=timezone.localdate() - datetime.timedelta(days=1),
        )
    )
    draft = published(WorkshopPageFactory(parent=content["events"], title="Entwurf"))
    draft.unpublish()
    job = add_job(content["shop_h"], "Abgelaufen")
    job.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    job.save()
    SubscriptionFactory(email="a@quartier.example")

    result = send_digest()

    assert (result.items, mail.outbox) == (0, [])


def test_send_digest_dry_run_sends_and_records_nothing(content):
    published(WorkshopPageFactory(parent=content["events"]))
    SubscriptionFactory()
    SubscriptionFactory(confirmed_at=None)

    call_command("send_digest", "--dry-run", stdout=(out := io.StringIO()))

    assert out.getvalue().strip() == (
        "Dry run: 1 new item(s), 1 recipient(s), 0 failed, 0 expired opt-in(s) deleted."
    )
    assert mail.outbox == []
    assert DigestRun.objects.count() == 0


def test_digest_queries_do_not_grow_with_the_number_of_subscribers(content):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    published(WorkshopPageFactory(parent=content["events"]))
    published(NewsPageFactory(parent=content["news"]))
    add_job(content["shop_m"], "Verkäufer")

    def queries_for(count, language):
        for _ in range(count):
            SubscriptionFactory(language=language, districts=[content["marxloh"]])
        DigestRun.objects.all().delete()
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            send_digest()
        Subscription.objects.all().delete()
        return len(queries), len(mail.outbox)

    queries_for(1, "tr")  # warms the caches of sites and locales
    few, sent_few = queries_for(2, "tr")
    many, sent_many = queries_for(20, "tr")
    assert (sent_few, sent_many) == (2, 20)
    assert many == few


def test_a_repeated_request_within_minutes_mails_nothing_and_keeps_the_first_link(
    client, home_page
):
    subscribe(client)
    subscribe(client, email="AYSE@quartier.example", news="on")

    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1
    [link] = links(mail.outbox[0])
    assert client.post(link).status_code == 302
    assert Subscription.objects.get().topics() == {"workshops"}


def test_the_mail_interval_holds_across_processes_without_redis(client, home_page):
    """The second request reaches another worker, whose local-memory cache
    has never seen the first."""
    subscribe(client, email="sebnem.isik@quartier.example")
    cache.clear()
    subscribe(client, email="Sebnem.ISIK@quartier.example", news="on")

    assert len(mail.outbox) == 1
    [link] = links(mail.outbox[0])
    assert client.post(link).status_code == 302
    assert Subscription.objects.get().topics() == {"workshops"}


def test_a_new_request_restarts_the_days_of_an_unconfirmed_opt_in(
    client, home_page, settings, time_machine
):
    settings.NEWSLETTER_CONFIRM_DAYS = 7
    subscribe(client)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=6))
    subscribe(client)
    [_first, second] = [links(message)[0] for message in mail.outbox]
    time_machine.move_to(timezone.now() + datetime.timedelta(days=3))

    out = io.StringIO()
    call_command("purge_newsletter_optins", stdout=out)

    assert out.getvalue() == "0 unconfirmed opt-in(s) older than 7 day(s) deleted.\n"
    assert client.post(second).status_code == 302
    assert Subscription.objects.get().is_confirmed


def test_purge_command_deletes_expired_opt_ins(home_page, settings):
    settings.NEWSLETTER_CONFIRM_DAYS = 7
    SubscriptionFactory(
        confirmed_at=None, created_at=timezone.now() - datetime.timedelta(days=7, seconds=1)
    )
    out = io.StringIO()

    call_command("purge_newsletter_optins", stdout=out)

    assert out.getvalue() == "1 unconfirmed opt-in(s) older than 7 day(s) deleted.\n"
    assert Subscription.objects.count() == 0


def test_the_coordination_team_finds_and_deletes_a_subscription_but_adds_none(client, home_page):
    from ..directory.factories import UserFactory, coordinator

    subscription = SubscriptionFactory(email="anruf@quartier.example")
    client.force_login(coordinator())

    listing = client.get("/admin/snippets/outreach/subscription/", {"q": "anruf"})
    assert listing.status_code == 200
    assert "anruf@quartier.example" in listing.content.decode()
    denied = client.get("/admin/snippets/outreach/subscription/add/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    delete = f"/admin/snippets/outreach/subscription/delete/{subscription.pk}/"
    assert client.post(delete).status_code == 302
    assert Subscription.objects.count() == 0

    SubscriptionFactory(email="other@quartier.example")
    client.force_login(UserFactory(groups=["Redaktion"]))
    denied = client.get("/admin/snippets/outreach/subscription/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")


def test_one_failing_address_does_not_stop_the_others(content, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    published(WorkshopPageFactory(parent=content["events"]))
    SubscriptionFactory(email="broken@quartier.example")
    SubscriptionFactory(email="fine@quartier.example")
    send_messages = EmailBackend.send_messages

    def refuse_broken(self, messages):
        if messages[0].to == ["broken@quartier.example"]:
            raise ConnectionError("mailbox unavailable")
        return send_messages(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_broken)
    out, err = io.StringIO(), io.StringIO()

    call_command("send_digest", stdout=out, stderr=err)

    assert [message.to for message in mail.outbox] == [["fine@quartier.example"]]
    assert err.getvalue() == "1 digest(s) could not be sent; see the log.\n"
    assert out.getvalue() == (
        "1 new item(s), 1 recipient(s), 1 failed, 0 expired opt-in(s) deleted.\n"
    )
