"""“Ich habe Interesse”: the form on a position's page, the mails to the job
coaches, the business (only if it chose so) and the person, spam and rate
limits, who may see the requests, and their purge after the retention time."""

import datetime
import io

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from jobs.models import JobInterest
from quartier import roles

from ..clock import berlin
from ..directory.factories import (
    BusinessPageFactory,
    DistrictFactory,
    LanguageFactory,
    UserFactory,
    coordinator,
    make_directory,
    shopkeeper,
)
from .factories import BusinessJobFactory

pytestmark = pytest.mark.usefixtures("german")


@pytest.fixture
def job(home_page, board, settings):
    settings.JOB_COACH_EMAIL = "jobcoaches@quartier.example"
    marxloh = DistrictFactory(slug="marxloh", name="Marxloh")
    business = BusinessPageFactory(
        parent=make_directory(home_page),
        title="Salon Yıldız",
        district=marxloh,
        email="salon@quartier.example",
    )
    return BusinessJobFactory(page=business, title="Ausbildung Friseurin", kind="apprenticeship")


def interest_data(**changes):
    data = {
        "name": "Ayşe Demir",
        "phone": "0203 123456",
        "email": "ayse@example.org",
        "languages": [],
        "note": "Am liebsten vormittags anrufen.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_interest_goes_to_the_job_coaches_and_is_confirmed(client, job):
    turkish = LanguageFactory(code="tr", native_name="Türkçe", german_name="Türkisch")
    url = f"/arbeit/{job.pk}/"
    response = client.post(url, interest_data(languages=[turkish.pk]))
    assert response.status_code == 302
    assert response["Location"] == url + "#interest"

    interest = JobInterest.objects.get()
    assert (interest.name, interest.email, interest.phone) == (
        "Ayşe Demir",
        "ayse@example.org",
        "0203 123456",
    )
    assert list(interest.languages.all()) == [turkish]
    assert (interest.job, interest.business, interest.district) == (
        job,
        job.page,
        job.page.district,
    )
    assert (interest.job_title, interest.job_kind, interest.language) == (
        "Ausbildung Friseurin",
        "apprenticeship",
        "de",
    )
    assert interest.consent_at is not None
    assert interest.forwarded_to_business is False

    assert [message.to for message in mail.outbox] == [
        ["jobcoaches@quartier.example"],
        ["ayse@example.org"],
    ]
    coach, confirmation = mail.outbox
    assert coach.subject == "Interesse an „Ausbildung Friseurin“ bei Salon Yıldız"
    assert coach.reply_to == ["ayse@example.org"]
    assert "Ayşe Demir" in coach.body and "0203 123456" in coach.body
    assert "Sprachen: Türkisch" in coach.body
    assert "Am liebsten vormittags anrufen." in coach.body
    assert f"http://testserver/arbeit/{job.pk}/" in coach.body
    assert f"http://testserver/admin/stellen/interesse/inspect/{interest.pk}/" in coach.body
    assert "Das Geschäft bekommt diese Anfrage nicht." in coach.body
    assert confirmation.subject == "Ihr Interesse an „Ausbildung Friseurin“ ist angekommen"
    assert "meldet sich in den nächsten Tagen persönlich" in confirmation.body

    page = client.get(response["Location"])
    assert "Danke! Die Jobcoaches melden sich bei Ihnen." in page.text


@pytest.mark.django_db
def test_subjects_show_titles_as_typed(client, job):
    job.title = 'Verkäuferin „Brot & Börek" <Teilzeit>'
    job.save()
    job.page.title = "Şimşek & Söhne"
    job.page.save_revision().publish()
    response = client.post(f"/arbeit/{job.pk}/", interest_data())
    assert response.status_code == 302
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        'Ihr Interesse an „Verkäuferin „Brot & Börek" <Teilzeit>“ ist angekommen',
        'Interesse an „Verkäuferin „Brot & Börek" <Teilzeit>“ bei Şimşek & Söhne',
    ]


@pytest.mark.django_db
def test_business_gets_the_request_only_if_it_chose_so(client, job):
    business = job.page
    business.job_interest_to_business = True
    business.save()
    response = client.post(f"/arbeit/{job.pk}/", interest_data(email="", phone="0176 1"))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [
        ["jobcoaches@quartier.example"],
        ["salon@quartier.example"],
    ]
    assert "0176 1" in mail.outbox[1].body
    assert JobInterest.objects.get().forwarded_to_business is True


@pytest.mark.django_db
def test_confirmation_in_the_persons_language(client, job):

    response = client.post(
        f"/tr/arbeit/{job.pk}/", interest_data(), HTTP_REFERER="http://testserver/"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/tr/arbeit/{job.pk}/#interest"
    assert JobInterest.objects.get().language == "tr"
    coach, confirmation = mail.outbox
    assert coach.subject == "Interesse an „Ausbildung Friseurin“ bei Salon Yıldız"
    assert "Sprache der Oberfläche: tr" in coach.body
    assert confirmation.subject == "„Ausbildung Friseurin“ ilanına ilginiz bize ulaştı"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "", "email": ""}, "phone", "Bitte geben Sie eine Telefonnummer oder"),
        ({"consent": None}, "consent", "Ohne Ihre Einwilligung können wir"),
        ({"name": ""}, "name", "Dieses Feld muss ausgefüllt werden."),
        ({"email": "keine-adresse"}, "email", "Bitte gültige E-Mail-Adresse eingeben."),
    ],
)
@pytest.mark.django_db
def test_incomplete_requests_are_refused(client, job, changes, field, message):
    response = client.post(f"/arbeit/{job.pk}/", interest_data(**changes))
    assert response.status_code == 400
    errors = response.context["interest_form"].errors[field]
    assert errors[0].startswith(message)
    assert JobInterest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_honeypot_answers_like_success_but_keeps_nothing(client, job):
    response = client.post(f"/arbeit/{job.pk}/", interest_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == f"/arbeit/{job.pk}/#interest"
    thanks = "Danke! Die Jobcoaches melden sich bei Ihnen."
    assert thanks in client.get(response["Location"]).text
    assert JobInterest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_rate_limit(client, job):
    for _attempt in range(5):
        assert client.post(f"/arbeit/{job.pk}/", interest_data()).status_code == 302
    response = client.post(f"/arbeit/{job.pk}/", interest_data())
    assert response.status_code == 429
    assert "Zu viele Anfragen in kurzer Zeit." in response.text
    assert JobInterest.objects.count() == 5


@pytest.mark.django_db
def test_no_interest_for_a_filled_position(client, job):
    job.filled = True
    job.save()
    assert client.post(f"/arbeit/{job.pk}/", interest_data()).status_code == 404
    assert JobInterest.objects.count() == 0


# --- who sees the requests -----------------------------------------------------------


def make_interest(job, **fields):
    values = {
        "job": job,
        "business": job.page,
        "district": job.page.district,
        "job_title": job.title,
        "job_kind": job.kind,
        "name": "Ayşe Demir",
        "email": "ayse@example.org",
        "phone": "0203 1",
        "note": "Notiz",
    }
    values.update(fields)
    return JobInterest.objects.create(**values)


@pytest.mark.django_db
def test_job_coaches_and_coordination_see_requests(client, job):
    interest = make_interest(job)
    coach = UserFactory(groups=[roles.JOB_COACHES_GROUP])
    for user in (coach, coordinator()):
        client.force_login(user)
        listing = client.get("/admin/stellen/interesse/")
        assert listing.status_code == 200
        assert "Ayşe Demir" in listing.text
        detail = client.get(f"/admin/stellen/interesse/inspect/{interest.pk}/")
        assert detail.status_code == 200
        assert "ayse@example.org" in detail.text
        menu = client.get("/admin/")
        assert "/admin/stellen/interesse/" in menu.text


@pytest.mark.django_db
def test_coach_records_the_follow_up(client, job):
    interest = make_interest(job)
    client.force_login(UserFactory(groups=[roles.JOB_COACHES_GROUP]))
    response = client.post(
        f"/admin/stellen/interesse/edit/{interest.pk}/",
        {"status": "contacted", "coach_notes": "Termin am Montag"},
    )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert (interest.status, interest.coach_notes) == ("contacted", "Termin am Montag")


@pytest.mark.django_db
def test_shopkeepers_and_editors_do_not_see_requests(client, job):
    interest = make_interest(job)
    owner = shopkeeper(job.page)  # even the owner of the business itself
    editor = UserFactory(groups=[roles.EDITORS_GROUP])
    for user in (owner, editor):
        client.force_login(user)
        for url in (
            "/admin/stellen/interesse/",
            f"/admin/stellen/interesse/inspect/{interest.pk}/",
            f"/admin/stellen/interesse/edit/{interest.pk}/",
        ):
            response = client.get(url)
            assert response.status_code == 302, (user, url)
            assert response["Location"] == "/admin/"
        assert "/admin/stellen/interesse/" not in client.get("/admin/").text


@pytest.mark.django_db
def test_migration_gives_interest_permissions_to_coaches_and_coordination_only():
    def codenames(name):
        return set(
            Group.objects.get(name=name)
            .permissions.filter(content_type__app_label="jobs")
            .values_list("codename", flat=True)
        )

    assert codenames(roles.JOB_COACHES_GROUP) == {"view_jobinterest", "change_jobinterest"}
    assert codenames(roles.COORDINATION_GROUP) == {"view_jobinterest", "change_jobinterest"}
    assert codenames(roles.EDITORS_GROUP) == set()
    assert codenames(roles.SHOPKEEPERS_GROUP) == set()
    coaches = Group.objects.get(name=roles.JOB_COACHES_GROUP)
    assert coaches.permissions.filter(codename="access_admin").exists()


# --- retention ------------------------------------------------------------------------


@pytest.mark.clock
@pytest.mark.django_db
def test_purge_anonymises_requests_after_the_retention_days(job, settings, clock_at):
    settings.JOB_INTEREST_RETENTION_DAYS = 180
    turkish = LanguageFactory()
    clock_at(berlin(2026, 3, 1, 23, 30))
    old = make_interest(job, name="Alt")
    old.languages.set([turkish])
    clock_at(berlin(2026, 3, 2, 0, 30))
    recent = make_interest(job, name="Neu", email="neu@example.org")

    clock_at(berlin(2026, 8, 28, 3, 30))  # 180 days after 1 March, when cron runs
    out = io.StringIO()
    call_command("purge_job_interests", "--dry-run", stdout=out)
    assert out.getvalue() == "1 interest requests would be anonymised.\n"
    out = io.StringIO()
    call_command("purge_job_interests", stdout=out)
    assert out.getvalue() == "1 interest requests anonymised (older than 180 days).\n"

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.email, old.phone, old.note, old.coach_notes) == ("", "", "", "", "")
    assert list(old.languages.all()) == []
    assert old.anonymised_at == timezone.now()
    # The counts stay: position, business, district, kind and date.
    assert (old.job_id, old.business_id, old.district_id, old.job_kind) == (
        job.pk,
        job.page.pk,
        job.page.district_id,
        "apprenticeship",
    )
    assert (recent.name, recent.email, recent.anonymised_at) == ("Neu", "neu@example.org", None)

    clock_at(berlin(2026, 8, 29, 3, 30))
    out = io.StringIO()
    call_command("purge_job_interests", stdout=out)
    assert out.getvalue() == "1 interest requests anonymised (older than 180 days).\n"
    assert JobInterest.objects.filter(anonymised_at__isnull=True).count() == 0
    assert JobInterest.objects.count() == 2


@pytest.mark.clock
@pytest.mark.django_db
def test_purge_forgets_the_labels_the_audit_log_kept(job, settings, clock_at):
    settings.JOB_INTEREST_RETENTION_DAYS = 180
    clock_at(berlin(2026, 3, 1, 12, 0))
    old = make_interest(job, name="ZZJOBNAME0 Seeker", email="zz@example.org")
    kept = make_interest(job, name="Şule Yılmaz")
    for interest in (old, kept):
        entry = log(interest, "wagtail.edit")
        # As labelled before labels named nobody (and as a coach's edit logs its data).
        ModelLogEntry.objects.filter(pk=entry.pk).update(
            label=f"{interest.name} – Näherin in Teilzeit", data={"name": interest.name}
        )
    kept.created_at = timezone.now() + datetime.timedelta(days=30)
    kept.save()

    clock_at(berlin(2026, 8, 28, 3, 30))
    call_command("purge_job_interests", stdout=io.StringIO())

    logged = {
        entry.object_id: (entry.label, entry.data)
        for entry in ModelLogEntry.objects.filter(object_id__in=[old.pk, kept.pk])
    }
    assert logged == {
        str(old.pk): (f"Interesse an einer Stelle #{old.pk}", {}),
        str(kept.pk): ("Şule Yılmaz – Näherin in Teilzeit", {"name": "Şule Yılmaz"}),
    }


@pytest.mark.django_db
def test_purge_refuses_negative_days():
    with pytest.raises(CommandError, match="must not be negative"):
        call_command("purge_job_interests", "--days", "-1")


@pytest.mark.django_db
def test_counts_survive_when_the_position_is_removed(job):
    interest = make_interest(job)
    job.delete()
    interest.refresh_from_db()
    assert (interest.job, interest.job_title, interest.district_id) == (
        None,
        "Ausbildung Friseurin",
        job.page.district_id,
    )
    assert datetime.date.today() is not None


@pytest.mark.django_db
def test_the_business_is_written_to_in_its_owners_language(client, job):
    business = job.page
    business.job_interest_to_business = True
    business.save()
    owner = shopkeeper(business)
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = "tr"
    profile.save()
    response = client.post(f"/ar/arbeit/{job.pk}/", interest_data(email="", phone="0176 1"))
    assert response.status_code == 302
    coach, forwarded = mail.outbox
    assert coach.subject == "Interesse an „Ausbildung Friseurin“ bei Salon Yıldız"
    with translation.override("tr"):
        expected = translation.gettext("Interesse an „%(title)s“ bei %(business)s") % {
            "title": "Ausbildung Friseurin",
            "business": "Salon Yıldız",
        }
    assert forwarded.to == ["salon@quartier.example"]
    assert forwarded.subject == expected != coach.subject
