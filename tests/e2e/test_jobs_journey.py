"""A resident on the Turkish interface finds an apprenticeship in Marxloh where
Turkish is spoken at work, sends "Ich habe Interesse", and the job coaches'
mail arrives; the position's page carries a valid JobPosting."""

import json

import pytest
from playwright.sync_api import expect

from django.core import mail

from jobs.models import JobInterest

from ..jobs.test_position import assert_valid_job_posting
from .conftest import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_turkish_resident_finds_an_apprenticeship_and_sends_interest(page, settings):
    settings.JOB_COACH_EMAIL = "jobcoaches@quartier.example"
    page.goto("/tr/arbeit/")
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    filters = page.locator("form.directory-filters")
    filters.locator("select[name=type]").select_option("apprenticeship")
    filters.locator("select[name=district]").select_option("marxloh")
    filters.locator("select[name=language]").select_option("tr")
    filters.locator("button[type=submit]").click()
    expect(page.locator(".result-count")).to_contain_text("açık pozisyon")
    cards = page.locator(".job-card")
    assert cards.count() >= 1
    title = cards.first.locator(".job-card__title a").inner_text()
    cards.first.locator(".job-card__title a").click()
    page.wait_for_url("**/tr/arbeit/*/")
    expect(page.locator("h1")).to_have_text(title)

    [data] = [
        block
        for block in (
            json.loads(text)
            for text in page.locator('script[type="application/ld+json"]').all_text_contents()
        )
        if block.get("@type") == "JobPosting"
    ]
    assert_valid_job_posting(data)
    assert data["title"] == title

    form = page.locator("#interest form")
    form.locator("input[name=name]").fill("Ayşe Demir")
    form.locator("input[name=phone]").fill("0203 123456")
    form.locator("input[name=email]").fill("ayse@example.org")
    form.get_by_label("Türkçe").check()
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(
        "Teşekkürler! İş koçları sizinle iletişime geçecek."
    )
    screenshot(page, "journey-jobs-interest-sent")

    interest = JobInterest.objects.get()
    assert (interest.name, interest.job_title, interest.language) == ("Ayşe Demir", title, "tr")
    assert [message.to for message in mail.outbox] == [
        ["jobcoaches@quartier.example"],
        ["ayse@example.org"],
    ]
    assert "Ayşe Demir" in mail.outbox[0].body and "Türkisch" in mail.outbox[0].body
    assert mail.outbox[1].subject == f"„{title}“ ilanına ilginiz bize ulaştı"
    assert page.js_errors == []


def test_turkish_resident_finds_the_apprenticeship_through_search(page):
    """The site search for "çırak" returns positions themselves, with business
    and district, each linked to its page in Turkish."""
    page.goto("/tr/")
    search = page.locator("form[role=search]").first
    search.locator("input[name=q]").fill("çırak")
    search.locator("input[name=q]").press("Enter")
    page.wait_for_url("**/tr/**?q=*")
    hit = page.locator(".search-hit--job", has_text="Marxloh").first
    expect(hit.locator(".search-hit__type")).to_have_text("Meslek eğitimi yeri")
    title = hit.locator(".search-hit__title").inner_text()
    assert title.startswith("Ausbildung ")
    hit.locator(".search-hit__title a").click()
    page.wait_for_url("**/tr/arbeit/*/")
    expect(page.locator("h1")).to_have_text(title)
    assert page.js_errors == []
