from django import template

from quartier.clock import local_today

register = template.Library()


@register.inclusion_tag("components/blog/business_campaigns.html")
def business_campaigns(page):
    """The running campaigns a business takes part in."""
    from blog.models import CampaignPage

    if page is None or not getattr(page, "pk", None):
        return {"campaigns": []}
    # Match the business in any language (aliases keep pointing at the
    # original), and show each campaign once, preferably in the page's language.
    candidates = (
        CampaignPage.objects.live()
        .public()
        .running(local_today())
        .filter(participating_businesses__translation_key=page.translation_key)
        .distinct()
        .order_by("end_date", "title")
    )
    chosen = {}
    for campaign in candidates:
        current = chosen.get(campaign.translation_key)
        if current is None or campaign.locale_id == page.locale_id:
            chosen[campaign.translation_key] = campaign
    campaigns = sorted(chosen.values(), key=lambda campaign: (campaign.end_date, campaign.title))
    return {"campaigns": campaigns}


@register.inclusion_tag("components/blog/event_card.html", takes_context=True)
def event_card(context, event, heading_level=3):
    return {"event": event, "heading_level": heading_level, "request": context.get("request")}
