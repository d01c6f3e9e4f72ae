"""The coordination team's admin views: invite an owner, import and export CSV."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.downloads import file_download

from .exporting import export_csv, export_xlsx
from .forms import ImportBusinessesForm, InviteOwnerForm
from .importing import NEW, import_businesses
from .models import BusinessPage, Category
from .owners import invitation_language, invite_owner, is_coordinator
from .translation_status import can_see_translation_status, translation_status

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _posted_mapping(post):
    """The team's choices on the mapping step: {file name: Category or NEW} and
    the names per language they gave new categories."""
    names, targets = post.getlist("map_name"), post.getlist("map_target")
    categories = {str(category.pk): category for category in Category.objects.all()}
    mapping, translations = {}, {}
    for index, (name, target) in enumerate(zip(names, targets, strict=False)):
        if target == NEW:
            mapping[name] = NEW
            translations[name] = {
                code: post.get(f"translation_{index}_{code}", "")
                for code, _language in settings.LANGUAGES
                if code != "de"
            }
        elif target in categories:
            mapping[name] = categories[target]
    return mapping, translations


def _mapping_rows(result, translations):
    """One line per category name of the file the site did not know: the
    proposal or the team's choice, preselected."""
    rows = []
    for proposal in result.proposals:
        selected = str(proposal.category.pk) if proposal.category else ""
        rows.append((proposal.name, proposal.lines, proposal.reason, selected))
    for name, target in result.mapped.items():
        lines = [
            row.line
            for row in result.rows
            if row.values["category_name"].casefold() == name.casefold()
        ]
        selected = NEW if target is NEW else str(target.pk)
        rows.append((name, lines, _("von Ihnen zugeordnet"), selected))
    languages = [(code, name) for code, name in settings.LANGUAGES if code != "de"]
    return [
        {
            "index": index,
            "name": name,
            "lines": lines,
            "reason": reason,
            "selected": selected,
            "translations": [
                (code, language, translations.get(name, {}).get(code, ""))
                for code, language in languages
            ],
        }
        for index, (name, lines, reason, selected) in enumerate(rows)
    ]


def import_view(request):
    _require_coordinator(request)
    result, mapping_rows = None, []
    form = ImportBusinessesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        mapping, translations = _posted_mapping(request.POST)
        result = import_businesses(
            form.cleaned_data["data"],
            dry_run=request.POST.get("action") != "import",
            mapping=mapping,
            category_translations=translations,
            skip_invalid=form.cleaned_data["skip_invalid"],
            overwrite_pending=form.cleaned_data["overwrite_pending"],
            user=request.user,
        )
        level, sentence = result.summary()
        getattr(messages, level)(request, sentence)
        if not result.applied:
            mapping_rows = _mapping_rows(result, translations)
    return render(
        request,
        "directory/import.html",
        {
            "form": form,
            "result": result,
            "mapping_rows": mapping_rows,
            "categories": Category.objects.all(),
            "new": NEW,
        },
    )


def export_view(request):
    _require_coordinator(request)
    if request.GET.get("format") == "xlsx":
        filename = f"geschaefte-{timezone.localdate():%Y-%m-%d}.xlsx"
        return file_download(export_xlsx(), XLSX_TYPE, filename)
    filename = f"geschaefte-{timezone.localdate():%Y-%m-%d}.csv"
    return file_download(export_csv(), "text/csv; charset=utf-8", filename)


def translation_status_view(request):
    """Übersetzungsstand: per language, what residents still read in German."""
    if not can_see_translation_status(request.user):
        raise PermissionDenied
    return render(
        request, "directory/admin/translation_status.html", {"statuses": translation_status()}
    )
