"""The public business profile: structured data, notices, jobs, claim form."""

import datetime
import json
import re

import pytest

from django.core import mail
from django.core.exceptions import ValidationError

from directory.models import BusinessClaim, BusinessJob, BusinessPage

from ..clock import berlin
from .factories import (
    BusinessPageFactory,
    LanguageFactory,
    german,  # noqa: F401  (fixture)
    make_directory,
)

pytestmark = pytest.mark.usefixtures("german")


@pytest.fixture
def business(home_page):
    page = BusinessPageFactory(
        parent=make_directory(home_page),
        title="Bäckerei <Sonne> & Co",
        tagline="Frisches Brot",
        phone="0203 123456",
        email="info@sonne.example",
        street="Wanheimer Straße",
        house_number="87",
    )
    page.languages = [LanguageFactory()]
    page.save_revision().publish()
    return BusinessPage.objects.get(pk=page.pk)


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return match.group(1)


@pytest.mark.django_db
def test_json_ld_parses_and_has_local_business_fields(client, business):
    response = client.get(business.url)
    assert response.status_code == 200
    raw = json_ld(response.text)
    assert (
        "<Sonne>" not in raw and "\\u003CSonne\\u003E \\u0026 Co" in raw
    )  # escaped like json_script
    data = json.loads(raw)
    assert data["@type"] == "LocalBusiness"  # the factory's category names no type
    assert data["name"] == "Bäckerei <Sonne> & Co"
    assert data["url"] == business.full_url
    assert data["telephone"] == "+49203123456"
    assert data["address"]["streetAddress"] == "Wanheimer Straße 87"
    assert data["address"]["postalCode"] == "47053"
    assert data["address"]["addressRegion"] == "NW"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 51.42, "longitude": 6.758}
    days = {spec["dayOfWeek"].rsplit("/", 1)[1] for spec in data["openingHoursSpecification"]}
    assert "Saturday" in days and "Sunday" not in days


@pytest.mark.django_db
def test_open_graph_and_canonical(client, business):
    text = client.get(business.url).text
    assert f'<link rel="canonical" href="{business.full_url}">' in text
    assert '<meta property="og:title" content="Bäckerei &lt;Sonne&gt; &amp; Co">' in text
    assert f'<meta property="og:url" content="{business.full_url}">' in text
    # Languages with their own names and the German one (the language
    # switcher shows "Türkçe" too, but never with the German name).
    assert '<span lang="tr">Türkçe</span> (Türkisch)' in text


@pytest.mark.django_db
def test_closed_business_keeps_its_url_with_notice_but_leaves_listing(client, business):
    business.status = BusinessPage.Status.CLOSED
    business.save_revision().publish()
    response = client.get(business.url)
    assert response.status_code == 200
    assert "Dauerhaft geschlossen." in response.text
    listing = client.get(business.get_parent().url).text
    assert "Sonne" not in listing
    sitemap = client.get("/sitemap.xml").text
    assert business.full_url not in sitemap


@pytest.mark.django_db
def test_business_is_in_sitemap(client, business):
    assert business.full_url in client.get("/sitemap.xml").text


@pytest.mark.django_db
def test_profile_has_a_description_for_search_engines_and_an_icon(client, business):
    html = client.get(business.url).text
    assert '<meta name="description" content="Frisches Brot">' in html
    business.search_description = 'Brot & "Brötchen" aus Hochfeld'
    business.save_revision().publish()
    html = client.get(business.url).text
    expected = "Brot &amp; &quot;Brötchen&quot; aus Hochfeld"
    assert f'<meta name="description" content="{expected}">' in html
    assert 'rel="icon" href="/static/img/favicon.svg"' in html


@pytest.mark.clock
@pytest.mark.django_db
def test_expired_jobs_disappear(client, business, clock_at):
    # 00:30 in Berlin is still the previous day in UTC: jobs go by Berlin's date.
    clock_at(berlin(2026, 11, 26, 0, 30))
    today = datetime.date(2026, 11, 26)
    business.jobs = [
        BusinessJob(title="Verkäuferin (Minijob)", valid_until=today + datetime.timedelta(days=3)),
        BusinessJob(title="Ausbildung Bäcker", valid_until=today - datetime.timedelta(days=1)),
        BusinessJob(title="Aushilfe ohne Enddatum"),
    ]
    business.save_revision().publish()
    text = client.get(business.url).text
    assert "Verkäuferin (Minijob)" in text
    assert "Aushilfe ohne Enddatum" in text
    assert "Ausbildung Bäcker" not in text
    # The last valid day is shown until it ends in Berlin.
    business.jobs = [BusinessJob(title="Letzter Tag", valid_until=today)]
    business.save_revision().publish()
    assert "Letzter Tag" in client.get(business.url).text
    clock_at(berlin(2026, 11, 26, 23, 59))
    assert "Letzter Tag" in client.get(business.url).text
    clock_at(berlin(2026, 11, 27, 0, 1))
    assert "Letzter Tag" not in client.get(business.url).text


@pytest.mark.django_db
def test_invalid_opening_hours_are_rejected(business):
    business.opening_hours = "Montags immer"
    with pytest.raises(ValidationError) as excinfo:
        business.full_clean()
    assert "opening_hours" in excinfo.value.message_dict


def claim_data(**changes):
    data = {
        "form": "claim",
        "name": "Ayşe Demir",
        "email": "ayse@example.org",
        "phone": "",
        "message": "Das ist mein Laden.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_claim_is_stored_and_coordination_team_is_emailed(client, business, settings):
    settings.COORDINATION_EMAIL = "team@quartier.example"
    response = client.post(business.url, claim_data())
    assert response.status_code == 302
    assert response["Location"].endswith("#claim")
    claim = BusinessClaim.objects.get()
    assert (claim.business_id, claim.name, claim.status) == (business.pk, "Ayşe Demir", "new")
    assert mail.outbox[0].to == ["team@quartier.example"]
    assert "Ayşe Demir" in mail.outbox[0].body
    assert "Danke!" in client.get(response["Location"]).text


@pytest.mark.django_db
def test_invalid_claim_keeps_input_and_ties_errors_to_fields(client, business):
    response = client.post(business.url, claim_data(email="kein-mail", consent=""))
    assert response.status_code == 400
    assert not BusinessClaim.objects.exists()
    text = response.text
    assert 'value="Ayşe Demir"' in text
    assert 'aria-describedby="claim-email-error"' in text
    assert 'id="claim-email-error"' in text
    assert 'id="claim-consent-error"' in text


@pytest.mark.django_db
def test_honeypot_claim_is_dropped(client, business):
    response = client.post(business.url, claim_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == business.url + "#claim"
    thanks = "Danke! Das Koordinationsteam meldet sich bei Ihnen."
    assert thanks in client.get(response["Location"]).text
    assert not BusinessClaim.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_claims_are_rate_limited(client, business):
    for _ in range(5):
        assert client.post(business.url, claim_data()).status_code == 302
    response = client.post(business.url, claim_data())
    assert response.status_code == 429
    assert "später noch einmal" in response.text
    assert BusinessClaim.objects.count() == 5


@pytest.mark.django_db
def test_claim_admin_lets_coordination_team_set_status(client, business):
    from .factories import coordinator

    claim = BusinessClaim.objects.create(business=business, name="X", email="x@example.org")
    client.force_login(coordinator())
    listing = client.get("/admin/snippets/directory/businessclaim/")
    assert listing.status_code == 200 and "x@example.org" in listing.text
    response = client.post(
        f"/admin/snippets/directory/businessclaim/edit/{claim.pk}/",
        {"status": "accepted", "notes": "angerufen"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "accepted"


@pytest.mark.django_db
def test_claim_from_the_turkish_page_reaches_the_team_in_german(client, business, settings):

    settings.COORDINATION_EMAIL = "team@quartier.example"
    response = client.post("/tr" + business.url, claim_data())
    assert response.status_code == 302
    assert mail.outbox[0].subject == f"Neue Inhaber-Anfrage für „{business.title}“"
    # The visitor still reads the thanks in Turkish.
    assert "Danke!" not in client.get(response["Location"]).text


@pytest.mark.django_db
def test_the_rate_limit_comes_before_the_spam_trap(client, business):
    # As on every public form (quartier.forms.PublicFormMixin.rate_limited):
    # bots filling the trap count towards the limit too.
    spam = claim_data(website="http://spam.example")
    for _ in range(5):
        assert client.post(business.url, spam).status_code == 302
    response = client.post(business.url, spam)
    assert response.status_code == 429
    assert not BusinessClaim.objects.exists()


@pytest.mark.django_db
def test_the_claim_form_is_a_route_of_the_business_page(business):
    # The profile and the claim form's POST share the page's own URL.
    assert business.reverse_subpage("profile") == ""
    assert business.url.endswith(f"/{business.slug}/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("schema_type", "phone", "telephone"),
    [
        ("HairSalon", "0203 / 44 55 66", "+49203445566"),
        ("Bakery", "+49 (0)203 123456", "+49203123456"),
        ("Pharmacy", "0176 12345678", "+4917612345678"),
    ],
)
def test_json_ld_type_from_the_category_and_phone_in_e164(
    client, business, schema_type, phone, telephone
):
    business.category.schema_type = schema_type
    business.category.save()
    business.phone = phone
    business.save_revision().publish()
    data = json.loads(json_ld(client.get(business.url).text))
    assert data["@type"] == schema_type
    assert data["telephone"] == telephone


@pytest.mark.django_db
def test_json_ld_leaves_out_a_phone_number_that_is_none(client, business):
    business.phone = "bitte anrufen"
    business.save_revision().publish()
    assert "telephone" not in json.loads(json_ld(client.get(business.url).text))


@pytest.mark.django_db
def test_holidays_are_special_days_and_the_regular_week_stays_whole(client, business, clock_at):
    """The week of 21 December 2026 (Christmas on Friday and Saturday): the
    regular week keeps Friday and Saturday, the holidays are special days."""
    business.opening_hours = "Mo-Sa 10:00-19:00; PH off; 2027 Jan 04-2027 Jan 06 off"
    business.save_revision().publish()
    clock_at(berlin(2026, 12, 21, 9))
    data = json.loads(json_ld(client.get(business.url).text))
    regular = [
        (spec["dayOfWeek"].rsplit("/", 1)[1], spec["opens"], spec["closes"])
        for spec in data["openingHoursSpecification"]
    ]
    assert regular == [
        (day, "10:00", "19:00")
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
    ]
    special = [
        (spec["validFrom"], spec["validThrough"], spec["opens"], spec["closes"])
        for spec in data["specialOpeningHoursSpecification"]
    ]
    closed = [
        (day, day, "00:00", "00:00")
        for day in (
            "2026-12-25",
            "2026-12-26",
            "2027-01-01",
            "2027-01-04",
            "2027-01-05",
            "2027-01-06",
        )
    ]
    assert special == closed
