from django import template

from blog.models import CampaignPage
from quartier.clock import local_today
from quartier.i18n import in_source_locale, localized_list

register = template.Library()


@register.inclusion_tag("components/blog/business_campaigns.html")
def business_campaigns(page):
    """The running campaigns a business takes part in."""
    if page is None or not getattr(page, "pk", None):
        return {"campaigns": []}
    # The German originals hold the participants; each campaign is shown in
    # the visitor's language where translated.
    candidates = in_source_locale(
        CampaignPage.objects.live()
        .public()
        .running(local_today())
        .filter(participating_businesses=page.pk)
        .order_by("end_date", "title")
    )
    campaigns = localized_list(candidates)
    return {"campaigns": campaigns}


@register.inclusion_tag("components/blog/event_card.html", takes_context=True)
def event_card(context, event, heading_level=3):
    return {"event": event, "heading_level": heading_level, "request": context.get("request")}
