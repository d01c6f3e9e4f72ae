"""schema.org JobPosting data for a position, with every property Google's
job search requires (title, description, datePosted, validThrough,
employmentType, hiringOrganization, jobLocation with a postal address) and
the recommended ones we have."""

import datetime

from django.conf import settings
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directory.models import BusinessJob
from directory.templatetags.directory_tags import json_for_script
from quartier.clock import local_date, site_zone

REQUIRED_PROPERTIES = (
    "title",
    "description",
    "datePosted",
    "validThrough",
    "employmentType",
    "hiringOrganization",
    "jobLocation",
)
FULL_TIME_HOURS = 35


def employment_type(job):
    """Google's employmentType values for our kinds of position."""
    Kind = BusinessJob.Kind
    if job.kind == Kind.INTERNSHIP:
        return ["INTERN"]
    if job.kind == Kind.TRIAL_WORK:
        return ["TEMPORARY"]
    if job.kind == Kind.MINIJOB:
        return ["PART_TIME"]
    if job.kind == Kind.APPRENTICESHIP:
        return ["FULL_TIME", "OTHER"]
    if job.hours_per_week is not None and job.hours_per_week < FULL_TIME_HOURS:
        return ["PART_TIME"]
    return ["FULL_TIME"]


def requirement_lines(job):
    """What the listing shows besides the description, as sentences."""
    lines = []
    languages = [language.native_name for language in job.languages.all()]
    if languages:
        lines.append(
            _("Sprachen bei der Arbeit: %(languages)s") % {"languages": ", ".join(languages)}
        )
    if job.german_level:
        lines.append(_("Deutschkenntnisse: %(level)s") % {"level": job.german_level})
    else:
        lines.append(_("Keine Deutschkenntnisse nötig."))
    if job.hours_per_week:
        lines.append(_("%(hours)d Stunden pro Woche") % {"hours": job.hours_per_week})
    return lines


def description_html(job):
    parts = [linebreaks(job.description)] if job.description else []
    parts += [f"<p>{escape(line)}</p>" for line in requirement_lines(job)]
    if job.page.tagline:
        parts.append(f"<p>{escape(job.page.title)}: {escape(job.page.tagline)}</p>")
    return "".join(parts) or f"<p>{escape(job.title)}</p>"


def valid_through(job):
    """The end of the last valid day in the site's zone."""
    if job.valid_until is None:
        return None
    end = datetime.datetime.combine(job.valid_until, datetime.time(23, 59), tzinfo=site_zone())
    return end.isoformat()


def job_posting_data(job, url, business_url=None, logo_url=None):
    business = job.page
    street = " ".join(part for part in (business.street, business.house_number) if part)
    organisation = {"@type": "Organization", "name": business.title}
    same_as = business.website or business_url
    if same_as:
        organisation["sameAs"] = same_as
    if logo_url:
        organisation["logo"] = logo_url
    place = {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": street,
            "postalCode": business.postcode,
            "addressLocality": business.city,
            "addressRegion": settings.HOLIDAYS_SUBDIVISION,
            "addressCountry": settings.HOLIDAYS_COUNTRY,
        },
    }
    if business.is_on_map:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(business.latitude),
            "longitude": float(business.longitude),
        }
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": job.title,
        "description": description_html(job),
        "datePosted": local_date(job.posted_at).isoformat(),
        "validThrough": valid_through(job),
        "employmentType": employment_type(job),
        "hiringOrganization": organisation,
        "jobLocation": place,
        "identifier": {"@type": "PropertyValue", "name": business.title, "value": str(job.pk)},
        "url": url,
        # Residents apply on the position's page itself, through our interest form.
        "directApply": True,
    }
    if job.start_date:
        data["jobStartDate"] = job.start_date.isoformat()
    if job.hours_per_week:
        data["workHours"] = _("%(hours)d Stunden pro Woche") % {"hours": job.hours_per_week}
    if business.category_id:
        data["industry"] = business.category.name
    if job.german_level:
        data["qualifications"] = _("Deutschkenntnisse: %(level)s") % {"level": job.german_level}
    return {key: value for key, value in data.items() if value is not None}


def json_ld_script(data):
    """<script type="application/ld+json">, escaped like json_script (CSP
    allows it: JSON scripts are not executed)."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_for_script(data)),  # noqa: S308 - escaped by json_for_script
    )


def logo_url(business, request):
    """The business's logo as an absolute URL (a rendition), or None."""
    if not business.logo_id:
        return None
    rendition = business.logo.get_rendition("max-400x400")
    return request.build_absolute_uri(rendition.url)
