"""The freshness loop: who gets "Stimmen Ihre Angaben noch?", the one-click
links (signature, expiry, single use, GET changes nothing) and the team's
list of stale profiles."""

import datetime
import io
import re

import pytest

from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from wagtail.users.models import UserProfile

from directory.models import BusinessPage
from freshness import reminders
from freshness.models import UpdateReminder

from ..directory.factories import coordinator, german, shopkeeper  # noqa: F401
from .conftest import published_business, set_last_checked

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]


def send(*args):
    call_command("send_update_reminders", *args, stdout=io.StringIO())


def links(message):
    return re.findall(r"http://testserver(\S+)", message.body)


def token_links(message):
    return [path for path in links(message) if "/angaben/antwort/" in path]


# --- Who gets a reminder ---------------------------------------------------------


def test_owner_of_a_stale_profile_gets_one_reminder(stale, owner, settings):
    settings.UPDATE_REMINDER_DAYS = 90
    send()
    assert [message.to for message in mail.outbox] == [[owner.email]]
    message = mail.outbox[0]
    assert message.subject == "Stimmen Ihre Angaben noch? „Bäckerei Sonne“"
    assert "Ja, alles stimmt:" in message.body
    assert f"/admin/pages/{stale.pk}/edit/" in message.body
    assert len(token_links(message)) == 2
    reminder = UpdateReminder.objects.get()
    assert (reminder.business_id, reminder.owner_id, reminder.answered_at) == (
        stale.pk,
        owner.pk,
        None,
    )


def test_not_again_within_the_interval_but_after_it(stale, owner, settings, time_machine):
    settings.UPDATE_REMINDER_DAYS = 90
    send()
    send()
    assert len(mail.outbox) == 1
    time_machine.move_to(timezone.now() + datetime.timedelta(days=89))
    send()
    assert len(mail.outbox) == 1
    time_machine.move_to(timezone.now() + datetime.timedelta(days=2))
    send()
    assert len(mail.outbox) == 2


def test_who_gets_none(home_page, today, settings):
    settings.UPDATE_REMINDER_DAYS = 90
    fresh = set_last_checked(
        published_business(home_page, title="Frisch"), today - datetime.timedelta(days=89)
    )
    shopkeeper(fresh)
    closed = set_last_checked(
        published_business(home_page, title="Zu", status=BusinessPage.Status.CLOSED),
        today - datetime.timedelta(days=300),
    )
    shopkeeper(closed)
    # Stale, but its owner has no email address or is no longer active.
    no_email = set_last_checked(
        published_business(home_page, title="Ohne"), today - datetime.timedelta(days=300)
    )
    without_email = shopkeeper(no_email)
    without_email.email = ""
    without_email.save()
    inactive = set_last_checked(
        published_business(home_page, title="Inaktiv"), today - datetime.timedelta(days=300)
    )
    user = shopkeeper(inactive)
    user.is_active = False
    user.save()
    # Stale, without any owner.
    set_last_checked(
        published_business(home_page, title="Niemand"), today - datetime.timedelta(days=300)
    )
    # Exactly 90 days: due.
    due = set_last_checked(
        published_business(home_page, title="Fällig"), today - datetime.timedelta(days=90)
    )
    due_owner = shopkeeper(due)
    send()
    assert [message.to for message in mail.outbox] == [[due_owner.email]]
    assert UpdateReminder.objects.get().business_id == due.pk


def test_no_reminder_while_temporarily_closed_but_from_the_reopening_day(
    stale, owner, home_page, today, settings, time_machine
):
    settings.UPDATE_REMINDER_DAYS = 90
    reopens = today + datetime.timedelta(days=14)
    BusinessPage.objects.filter(pk=stale.pk).update(
        status=BusinessPage.Status.TEMPORARILY_CLOSED, reopens_on=reopens
    )
    # Closed "until further notice" (no reopening date): no reminder either.
    other = set_last_checked(
        published_business(
            home_page, title="Zu bis auf Weiteres", status=BusinessPage.Status.TEMPORARILY_CLOSED
        ),
        today - datetime.timedelta(days=300),
    )
    shopkeeper(other)
    assert reminders.due_reminders() == []
    send()
    assert mail.outbox == []
    # On its reopening day the closure has ended: the owner is asked.
    time_machine.move_to(timezone.now() + datetime.timedelta(days=14))
    assert [(business.pk, user.pk) for business, user in reminders.due_reminders()] == [
        (stale.pk, owner.pk)
    ]
    send()
    assert [message.to for message in mail.outbox] == [[owner.email]]


def test_a_never_checked_profile_counts_from_its_first_publication(business, owner, settings):
    settings.UPDATE_REMINDER_DAYS = 90
    send()
    assert mail.outbox == []  # published today
    BusinessPage.objects.filter(pk=business.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=91)
    )
    send()
    assert [message.to for message in mail.outbox] == [[owner.email]]


def test_dry_run_sends_and_records_nothing(stale, owner):
    out = io.StringIO()
    call_command("send_update_reminders", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert not UpdateReminder.objects.exists()
    assert f"Bäckerei Sonne (#{stale.pk}) -> {owner.email}" in out.getvalue()
    assert "1 reminder(s) would be sent." in out.getvalue()


def test_reminder_is_in_the_owners_language_with_links_in_it(stale, owner):
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = "tr"
    profile.save()
    send()
    message = mail.outbox[0]
    assert message.subject == "Bilgileriniz hâlâ doğru mu? „Bäckerei Sonne“"
    assert "Evet, her şey doğru:" in message.body
    assert all(path.startswith("/tr/angaben/antwort/") for path in token_links(message))


def test_reminder_carries_last_months_statistics(stale, owner, today):
    from freshness import statistics
    from freshness.models import BusinessStatistic

    last_month = statistics.previous_month(today)
    BusinessStatistic.objects.create(business=stale, month=last_month, kind="view", count=42)
    BusinessStatistic.objects.create(business=stale, month=last_month, kind="phone", count=7)
    send()
    body = mail.outbox[0].body
    assert "- Aufrufe des Profils: 42\n" in body
    assert "- Telefon: 7\n" in body
    assert "- WhatsApp: 0\n" in body


# --- One-click links ---------------------------------------------------------------


@pytest.fixture
def reminder_mail(stale, owner):
    send()
    return mail.outbox[0]


def confirm_path(message):
    return token_links(message)[0]


def closed_path(message):
    return token_links(message)[1]


def test_get_shows_a_button_and_changes_nothing(client, reminder_mail, stale):
    for path in token_links(reminder_mail):
        response = client.get(path)
        assert response.status_code == 200
        assert '<form method="post">' in response.text
    stale.refresh_from_db()
    assert stale.last_checked == reminders.local_today() - datetime.timedelta(days=100)
    assert UpdateReminder.objects.get().answered_at is None
    assert len(mail.outbox) == 1  # the team was not told anything


def test_yes_sets_the_check_date_on_the_page_and_its_revision(client, reminder_mail, stale, today):
    response = client.post(confirm_path(reminder_mail))
    assert response.status_code == 302
    assert response["Location"] == "/angaben/danke/confirmed/"
    assert client.get(response["Location"]).status_code == 200
    assert set(
        BusinessPage.objects.filter(translation_key=stale.translation_key).values_list(
            "last_checked", flat=True
        )
    ) == {today}
    assert BusinessPage.objects.filter(translation_key=stale.translation_key).count() == 1
    # The next publish (e.g. the owner's next change) keeps the date.
    page = BusinessPage.objects.get(pk=stale.pk)
    page.get_latest_revision_as_object().save_revision().publish()
    assert BusinessPage.objects.get(pk=stale.pk).last_checked == today
    reminder = UpdateReminder.objects.get()
    assert (reminder.answer, reminder.answered_at is not None) == ("confirmed", True)


def test_links_work_once(client, reminder_mail):
    assert client.post(confirm_path(reminder_mail)).status_code == 302
    assert client.post(confirm_path(reminder_mail)).status_code == 404
    # The other answer of the same mail is spent too.
    assert client.get(closed_path(reminder_mail)).status_code == 404
    assert client.post(closed_path(reminder_mail)).status_code == 404
    assert len(mail.outbox) == 1


def test_closed_tells_the_team_in_german_and_changes_nothing(
    client, reminder_mail, stale, owner, settings, django_capture_on_commit_callbacks
):
    settings.COORDINATION_EMAIL = "team@quartier.example"
    before = BusinessPage.objects.get(pk=stale.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(closed_path(reminder_mail))
    assert response["Location"] == "/angaben/danke/closed/"
    team = mail.outbox[1]
    assert team.to == ["team@quartier.example"]
    assert team.subject == "Inhaber meldet: „Bäckerei Sonne“ ist geschlossen"
    assert owner.email in team.body
    after = BusinessPage.objects.get(pk=stale.pk)
    assert (after.status, after.last_checked, after.live) == (
        before.status,
        before.last_checked,
        True,
    )


def test_links_expire(client, reminder_mail, settings, time_machine):
    settings.UPDATE_REMINDER_LINK_DAYS = 30
    time_machine.move_to(timezone.now() + datetime.timedelta(days=29, hours=23))
    assert client.get(confirm_path(reminder_mail)).status_code == 200
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    assert client.get(confirm_path(reminder_mail)).status_code == 404
    assert client.post(confirm_path(reminder_mail)).status_code == 404
    assert UpdateReminder.objects.get().answered_at is None


def test_a_forged_or_altered_link_is_refused(client, reminder_mail, stale):
    reminder = UpdateReminder.objects.get()
    path = confirm_path(reminder_mail)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert client.post(path.replace(token, token[:-2] + "xx")).status_code == 404
    forged = signing.TimestampSigner(key="another-key", salt=reminders.TOKEN_SALT).sign_object(
        {"r": reminder.pk, "n": reminder.nonce, "a": "confirmed"}
    )
    assert client.post(f"/angaben/antwort/{forged}/").status_code == 404
    wrong_nonce = signing.TimestampSigner(salt=reminders.TOKEN_SALT).sign_object(
        {"r": reminder.pk, "n": "guessed", "a": "confirmed"}
    )
    assert client.post(f"/angaben/antwort/{wrong_nonce}/").status_code == 404
    stale.refresh_from_db()
    assert stale.last_checked != reminders.local_today()


def test_the_change_link_asks_for_a_login(client, reminder_mail, stale):
    path = next(p for p in links(reminder_mail) if "/admin/pages/" in p)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next=/admin/pages/{stale.pk}/edit/"


# --- The profile and the team's list ------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("", "Angaben zuletzt bestätigt am <time {}>25. Oktober 2026</time>"),
        ("/en", "Details last confirmed on <time {}>October 25, 2026</time>"),
        ("/tr", "Bilgiler en son <time {}>25 Ekim 2026</time> tarihinde onaylandı"),
        ("/ar", "آخر تأكيد للمعلومات في <time {}>25 أكتوبر 2026</time>"),
    ],
)
def test_profile_shows_the_confirmation_date_in_the_language(client, business, language, text):
    reminders.confirm_details(business, datetime.date(2026, 10, 25))
    html = client.get(language + business.url).text
    match = re.search(r'<p class="business__confirmed">(.*?)</p>', html)
    assert match.group(1) == text.format('datetime="2026-10-25" dir="auto"')


def test_team_sees_stale_profiles_per_district_and_prints_the_unreachable(client, home_page, today):
    from ..directory.factories import DistrictFactory

    hochfeld = DistrictFactory(name="Hochfeld", slug="hochfeld", sort_order=1)
    marxloh = DistrictFactory(name="Marxloh", slug="marxloh", sort_order=2)
    old = today - datetime.timedelta(days=181)
    with_mail = set_last_checked(
        published_business(home_page, title="Mit Mail", district=hochfeld, phone="0203 1"), old
    )
    shopkeeper(with_mail)
    set_last_checked(
        published_business(home_page, title="Ohne Inhaber", district=marxloh, phone="0203 2"), old
    )
    set_last_checked(
        published_business(home_page, title="Recent", district=marxloh),
        today - datetime.timedelta(days=179),
    )
    client.force_login(coordinator())
    response = client.get("/admin/angaben/veraltet/")
    assert response.status_code == 200
    text = response.text
    assert text.index("Hochfeld (1)") < text.index("Mit Mail") < text.index("Marxloh (1)")
    assert text.index("Marxloh (1)") < text.index("Ohne Inhaber")
    assert "Recent" not in text
    filtered = client.get("/admin/angaben/veraltet/?district=marxloh").text
    assert "Ohne Inhaber" in filtered and "Mit Mail" not in filtered
    printed = client.get("/admin/angaben/veraltet/drucken/")
    assert printed.status_code == 200
    assert "Ohne Inhaber" in printed.text and "0203 2" in printed.text
    assert "Mit Mail" not in printed.text


def test_stale_list_is_for_the_team_only(client, business, owner):
    set_last_checked(business, datetime.date(2020, 1, 1))
    client.force_login(owner)
    for path in ("/admin/angaben/veraltet/", "/admin/angaben/veraltet/drucken/"):
        response = client.get(path)
        # Wagtail answers a refused admin view with a redirect to the dashboard.
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_stale_list_takes_three_queries_whatever_its_length(
    home_page, today, django_assert_num_queries
):
    from freshness.stale import stale_profiles

    old = today - datetime.timedelta(days=200)
    for number in range(12):
        business = set_last_checked(published_business(home_page, title=f"Alt {number}"), old)
        if number % 2:
            shopkeeper(business)
    with django_assert_num_queries(3):
        groups = stale_profiles(180)
    rows = [row for _district, rows in groups for row in rows]
    assert len(rows) == 12
    assert sum(row["owner_email"] for row in rows) == 6
