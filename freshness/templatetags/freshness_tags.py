"""Template parts of the freshness loop on a business profile."""

from django import template
from django.urls import reverse

from ..forms import ProfileReportForm

register = template.Library()


@register.simple_tag
def contact_url(page, kind):
    """The counted link (/go/<id>/<kind>/) to one of the profile's contacts."""
    return reverse("freshness_contact", kwargs={"business_id": page.pk, "kind": kind})


@register.inclusion_tag("components/freshness/report_form.html", takes_context=True)
def report_form(context, page):
    """ "Angabe falsch? Melden" on the profile, posting to its own view."""
    return {
        "page": page,
        "report_form": ProfileReportForm(),
        "action": reverse("freshness_report", kwargs={"business_id": page.pk}),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
