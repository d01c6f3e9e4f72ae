"""Listings that mix campaigns and workshops: the event index, the home page
and the calendar feed. Each listing costs a constant number of queries.

Order, the same at every hour of the day:

- upcoming events (running or still to come) in the order they begin, so
  whatever is running comes first, in the order it began, then what comes
  next. A campaign begins at 00:00 on its first day (site's zone), however
  long ago; a workshop at the start of its current or next session. An
  ongoing campaign that began on Monday therefore precedes a workshop session
  that began an hour ago, before or after midnight alike.
- past events by the instant they ended, most recent first: a campaign ends
  at the end of its last day, a workshop with its last session.

Ties are broken by title. Campaigns are running or past by the date in the
site's zone, workshops by the instant, and the two agree: a campaign's last
day ends at 00:00 of the next day there."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Language
from quartier.clock import local_today
from quartier.fragments import lazy
from quartier.i18n import (
    active_content_language,
    default_locale,
    in_source_locale,
    localized_all,
    site_locales,
)

from .models.campaigns import CampaignPage
from .models.workshops import TargetGroup, WorkshopPage

KIND_CHOICES = [
    ("", _("Alle Termine")),
    ("campaign", _("Gemeinsame Aktionen")),
    ("workshop", _("Workshops")),
]


class EventFilter(forms.Form):
    """Filters of the event index. Invalid values are ignored (and shown as
    errors), never a server error."""

    art = forms.ChoiceField(label=_("Art"), choices=KIND_CHOICES, required=False)
    sprache = forms.ModelChoiceField(
        label=_("Kurssprache"),
        queryset=Language.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Alle Sprachen"),
    )
    zielgruppe = forms.ModelChoiceField(
        label=_("Zielgruppe"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Zielgruppen"),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data else None, **kwargs)
        self.fields["zielgruppe"].label_from_instance = lambda group: group.display_name

    def values(self):
        if not self.is_bound:
            return {}
        if self.is_valid():
            return self.cleaned_data
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    @property
    def is_active(self):
        return any(self.values().values())


def _filtered_querysets(parent, event_filter):
    values = event_filter.values() if event_filter is not None else {}
    kind = values.get("art") or ""
    language = values.get("sprache")
    target_group = values.get("zielgruppe")
    campaigns = CampaignPage.objects.live().public().select_related("image")
    workshops = WorkshopPage.objects.live().public().select_related("image").for_listing()
    if parent is not None:
        campaigns = campaigns.child_of(parent)
        workshops = workshops.child_of(parent)
    if language is not None:
        workshops = workshops.filter(languages=language)
    if target_group is not None:
        workshops = workshops.filter(target_groups=target_group)
    # Campaigns have no language of instruction or target group.
    show_campaigns = kind in ("", "campaign") and language is None and target_group is None
    show_workshops = kind in ("", "workshop")
    return (campaigns if show_campaigns else None), (workshops if show_workshops else None)


def events_below(parent, event_filter=None, now=None):
    """(upcoming, past) events below `parent` (None: everywhere), in the
    order described at the top of this module."""
    now = now or timezone.now()
    today = local_today(now)
    campaigns, workshops = _filtered_querysets(parent, event_filter)
    upcoming, past = [], []
    # One query per type for both lists (as its upcoming() and past() split them).
    if campaigns is not None:
        for campaign in campaigns.filter(end_date__isnull=False):
            if campaign.end_date >= today:
                upcoming.append((campaign.starts_at, campaign))
            else:
                past.append((campaign.ends_at, campaign))
    if workshops is not None:
        for workshop in workshops.with_schedule(now).filter(last_end__isnull=False).distinct():
            if workshop.last_end >= now:
                upcoming.append((workshop.next_start, workshop))
            else:
                past.append((workshop.last_end, workshop))
    upcoming.sort(key=lambda item: (item[0], item[1].title))
    past.sort(key=lambda item: (item[0], item[1].title), reverse=True)
    return [page for _start, page in upcoming], [page for _end, page in past]


def upcoming_events(limit=None, locale=None, now=None):
    """The next events site-wide, e.g. for the home page, in the order
    described at the top of this module; `locale`: one Locale or a list."""
    now = now or timezone.now()
    today = local_today(now)
    campaigns = CampaignPage.objects.live().public().upcoming(today).select_related("image")
    workshops = (
        WorkshopPage.objects.live().public().upcoming(now).prefetch_related("dates", "languages")
    )
    if locale is not None:
        locales = locale if isinstance(locale, list | tuple) else [locale]
        campaigns = campaigns.filter(locale__in=locales)
        workshops = workshops.filter(locale__in=locales)
    if limit:
        campaigns = campaigns.order_by("start_date", "end_date")[:limit]
        workshops = workshops.order_by("next_start")[:limit]
    items = [(page.starts_at, page) for page in campaigns]
    items += [(page.next_start, page) for page in workshops]
    items.sort(key=lambda item: (item[0], item[1].title))
    pages = [page for _start, page in items]
    return pages[:limit] if limit else pages


def localized_upcoming_events(limit, now=None):
    """The next `limit` events of the German tree, each as its live translation
    in the active language where there is one, read in the same queries as the
    German ones (both locales at once: four queries, where looking the
    translations up afterwards took five more on a Turkish home page)."""
    default = default_locale()
    active = site_locales().get(active_content_language() or "")
    if active is None or active.pk == default.pk:
        return upcoming_events(limit=limit, locale=default, now=now)
    # Twice the limit: a translation starts when its original does, so the first
    # `limit` originals and their translations are among the first 2 × limit.
    both = upcoming_events(limit=2 * limit, locale=[default, active], now=now)
    translations = {page.translation_key: page for page in both if page.locale_id == active.pk}
    originals = [page for page in both if page.locale_id == default.pk][:limit]
    return [translations.get(page.translation_key, page) for page in originals]


def home_page_events(request):
    """The home page's next three events (quartier.models.show_on_home_page)."""
    return {
        # Lazy: a cached main content (quartier/fragments.py) does not query.
        "upcoming_events": lazy(lambda: localized_upcoming_events(3))
    }


def workshop_venues(request):
    """Upcoming workshops with a venue, for the map page's layer "map_workshops"
    (directory.map_data.show_on_map)."""
    venues = []
    # Each workshop once: the German original (its facts), named and linked
    # in the visitor's language where translated.
    workshops = list(
        in_source_locale(WorkshopPage.objects.live().public().upcoming())
        .filter(venue_latitude__isnull=False, venue_longitude__isnull=False)
        .select_related("locale")
        .order_by("next_start")[:100]
    )
    shown = localized_all(workshops)
    for workshop in workshops:
        venues.append(
            {
                "name": shown[workshop.pk].title,
                "url": shown[workshop.pk].get_url(request),
                "venue": workshop.venue_name,
                "address": workshop.venue_address,
                "start": workshop.next_start.isoformat() if workshop.next_start else None,
                "lat": float(workshop.venue_latitude),
                "lng": float(workshop.venue_longitude),
            }
        )
    return venues
