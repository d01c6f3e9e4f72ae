"""Profiles not confirmed for STALE_PROFILE_DAYS, per district, for the
coordination team: on screen in the admin and as a printed list for the
owners who cannot be reached by email (the team calls or walks by)."""

from directory.models import District
from directory.owners import owners_by_business

from .reminders import last_confirmed, not_confirmed_since


def stale_profiles(days, district=None, today=None):
    """[(district, [row])] in district order; each row has the business, the
    date last confirmed and whether an owner can be emailed. Three queries
    whatever the number of businesses."""
    businesses = not_confirmed_since(days, today).select_related("district")
    if district is not None:
        businesses = businesses.filter(district=district)
    businesses = list(businesses.order_by("title", "pk"))
    owners = owners_by_business(businesses)
    groups = {}
    for business in businesses:
        reachable = any(owner.email for owner in owners.get(business.pk, []))
        groups.setdefault(business.district_id, []).append(
            {
                "business": business,
                "last_confirmed": last_confirmed(business),
                "owner_email": reachable,
            }
        )
    districts = {d.pk: d for d in District.objects.filter(pk__in=[k for k in groups if k])}
    ordered = sorted(
        groups.items(),
        key=lambda item: (
            item[0] is None,
            (districts[item[0]].sort_order, districts[item[0]].name) if item[0] else (0, ""),
        ),
    )
    return [(districts.get(pk), rows) for pk, rows in ordered]
