"""Views of the directory: the listing context, the public claim form and the
coordination team's admin views (invite an owner, import and export CSV)."""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.geo import distance_m
from quartier.i18n import source_page
from quartier.ratelimit import too_many
from quartier.site_address import base_url
from quartier.text import one_line

from .filters import parse_business_filters
from .forms import BusinessClaimForm, ImportBusinessesForm, InviteOwnerForm
from .models import BusinessPage, Category, District, Language
from .owners import invite_owner, is_coordinator

PAGE_SIZE = 20
CLAIM_RATE_LIMIT = 5  # claims per client address and hour
FILTER_PARAMS = (
    "category",
    "district",
    "language",
    "campaign",
    "open_now",
    "wheelchair",
    "hiring",
)


def _campaign_exists(slug):
    try:
        campaign_model = BusinessPage._meta.get_field("campaigns").related_model
    except FieldDoesNotExist:
        return False
    return campaign_model.objects.filter(slug=slug).exists()


LISTING_CONTEXT_KEYS = (
    "businesses",
    "page_obj",
    "filters",
    "filter_errors",
    "filter_chips",
    "filter_options",
    "selected",
    "show_distance",
)


def directory_listing_context(directory, request):
    """Filtered, sorted, paginated businesses for a DirectoryIndexPage, in a
    constant number of queries whatever the number of businesses."""
    options = {
        "categories": list(Category.objects.all()),
        "districts": list(District.objects.all()),
        "languages": list(Language.objects.all()),
    }
    filters = parse_business_filters(request.GET, options)
    if filters.campaign and not _campaign_exists(filters.campaign):
        filters.errors["campaign"] = _("Unbekannte Aktion.")
        filters.campaign = ""
    # Businesses live in the German tree only, whichever language's directory
    # page is shown.
    businesses = filters.apply(
        BusinessPage.objects.child_of(source_page(directory)).live().public().listed().for_listing()
    )
    page_obj = Paginator(businesses, PAGE_SIZE).get_page(request.GET.get("page"))
    if filters.sort == "distance" and filters.near:
        for business in page_obj.object_list:
            business.distance_m = distance_m(*filters.near, business.latitude, business.longitude)

    params = {key: value for key, value in request.GET.items() if key != "page"}
    chips = []
    for key, label in filters.active.items():
        remaining = {k: v for k, v in params.items() if k != key}
        chips.append({"label": label, "url": "?" + urlencode(remaining) if remaining else "?"})
    return {
        "businesses": page_obj,
        "page_obj": page_obj,
        "filters": filters,
        "filter_errors": list(filters.errors.values()),
        "filter_chips": chips,
        "filter_options": options,
        "selected": {key: request.GET.get(key, "") for key in (*FILTER_PARAMS, "near", "sort")},
        "show_distance": filters.sort == "distance" and filters.near is not None,
    }


def handle_claim_post(page, request):
    """POST of the claim form on a business profile (POST-redirect-GET).
    Returns None for POSTs that are not claims."""
    if request.POST.get("form") != "claim":
        return None
    form = BusinessClaimForm(request.POST)
    anchor = page.get_url(request) + "#claim"
    if form.is_spam:
        # Bots get the same answer as people, but nothing is stored or sent.
        messages.success(request, _("Danke! Das Koordinationsteam meldet sich bei Ihnen."))
        return HttpResponseRedirect(anchor)
    if too_many(request, "claim", CLAIM_RATE_LIMIT, 3600):
        form.add_error(
            None,
            _(
                "Sie haben schon mehrere Anfragen geschickt. "
                "Bitte versuchen Sie es später noch einmal."
            ),
        )
        status = 429
    elif form.is_valid():
        claim = form.save(commit=False)
        claim.business = page
        claim.save()
        context = {
            "claim": claim,
            "admin_url": base_url()
            + reverse("wagtailsnippets_directory_businessclaim:edit", args=[claim.pk]),
        }
        # The team reads German, whichever language the visitor used.
        with translation.override(settings.LANGUAGE_CODE):
            subject = one_line(render_to_string("emails/directory/claim_subject.txt", context))
            body = render_to_string("emails/directory/claim.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [settings.COORDINATION_EMAIL])
        messages.success(request, _("Danke! Das Koordinationsteam meldet sich bei Ihnen."))
        return HttpResponseRedirect(anchor)
    else:
        status = 400
    context = page.get_context(request)
    context["claim_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


# --- Admin views for the coordination team -----------------------------------


def _require_coordinator(request):
    if not is_coordinator(request.user):
        raise PermissionDenied


def invite_owner_view(request):
    _require_coordinator(request)
    initial = {"business": request.GET.get("business")} if request.GET.get("business") else {}
    form = InviteOwnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user, created = invite_owner(form.cleaned_data["business"], form.cleaned_data["email"])
        messages.success(
            request,
            _("Einladung an %(email)s verschickt (%(state)s).")
            % {
                "email": user.email,
                "state": _("neuer Zugang") if created else _("vorhandener Zugang"),
            },
        )
        return HttpResponseRedirect(reverse("directory_invite_owner"))
    return render(request, "directory/invite_owner.html", {"form": form})


def import_view(request):
    from .importing import import_businesses

    _require_coordinator(request)
    result = None
    form = ImportBusinessesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_businesses(
            upload.read(),
            dry_run=form.cleaned_data["dry_run"],
            create_categories=form.cleaned_data["create_categories"],
            skip_invalid=form.cleaned_data["skip_invalid"],
            overwrite_pending=form.cleaned_data["overwrite_pending"],
            user=request.user,
        )
        if result.applied:
            messages.success(
                request,
                ngettext(
                    "Import abgeschlossen: %(created)d neu, %(updated)d aktualisiert, "
                    "%(skipped)d Zeile übersprungen.",
                    "Import abgeschlossen: %(created)d neu, %(updated)d aktualisiert, "
                    "%(skipped)d Zeilen übersprungen.",
                    result.skipped,
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "skipped": result.skipped,
                },
            )
        elif result.dry_run and not result.errors:
            messages.info(request, _("Probelauf: Die Datei ist in Ordnung. Nichts gespeichert."))
        else:
            messages.error(request, _("Nichts importiert. Bitte korrigieren Sie die Fehler."))
    return render(request, "directory/import.html", {"form": form, "result": result})


def export_view(request):
    from .importing import export_businesses

    _require_coordinator(request)
    buffer = io.StringIO()
    export_businesses(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"geschaefte-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
