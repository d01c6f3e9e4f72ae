"""The coordination team's admin views: invite an owner, import and export CSV."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.downloads import file_download

from .exporting import export_businesses
from .forms import ImportBusinessesForm, InviteOwnerForm
from .importing import import_businesses
from .models import BusinessPage
from .owners import invitation_language, invite_owner, is_coordinator


def _require_coordinator(request):
    if not is_coordinator(request.user):
        raise PermissionDenied


def invite_owner_view(request):
    _require_coordinator(request)
    initial = {}
    asked = request.GET.get("business", "")
    business = (
        BusinessPage.objects.filter(pk=asked).first()
        if asked.isdigit() and len(asked) < 10
        else None
    )
    if business is not None:
        initial = {"business": business.pk, "language": invitation_language(business)}
    form = InviteOwnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user, created = invite_owner(
            form.cleaned_data["business"], form.cleaned_data["email"], form.invitation_language()
        )
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
    _require_coordinator(request)
    buffer = io.StringIO()
    export_businesses(buffer)
    filename = f"geschaefte-{timezone.localdate():%Y-%m-%d}.csv"
    return file_download(buffer.getvalue(), "text/csv; charset=utf-8", filename)
