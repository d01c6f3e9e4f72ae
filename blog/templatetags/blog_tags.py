from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("components/blog/business_campaigns.html")
def business_campaigns(page):
    """The running campaigns a business takes part in."""
    from blog.models import CampaignPage

    campaigns = []
    if page is not None and getattr(page, "pk", None):
        campaigns = list(
            CampaignPage.objects.live()
            .public()
            .running(timezone.localdate())
            .filter(participating_businesses=page)
            .order_by("end_date", "title")
        )
    return {"campaigns": campaigns}


@register.inclusion_tag("components/blog/event_card.html", takes_context=True)
def event_card(context, event, heading_level=3):
    return {"event": event, "heading_level": heading_level, "request": context.get("request")}
