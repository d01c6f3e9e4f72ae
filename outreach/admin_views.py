"""Admin downloads of printed materials: a shopkeeper's own window sticker, and
the coordination team's bulk stickers, posters and district guides."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import slugify

from directory.models import BusinessPage
from directory.owners import is_coordinator
from quartier.downloads import file_download

from . import owner_guide, printing
from .forms import PrintMaterialsForm


def pdf_response(content, filename):
    return file_download(content, "application/pdf", filename)


def sticker_view(request, page_id):
    """One business's window sticker, for whoever may edit the business."""
    business = get_object_or_404(BusinessPage, pk=page_id)
    if not business.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    size = request.GET.get("size") or "A6"
    if size not in printing.STICKER_SIZES:
        size = "A6"
    pdf = printing.render_stickers([business], size=size, request=request)
    return pdf_response(pdf, f"aufkleber-{business.slug}.pdf")


def owner_guide_view(request, language=None):
    """The owners' guide as a PDF, in the admin's language unless one is asked for.

    Every admin account may read it: it holds no data, only how to work here."""
    language = language or translation.get_language()
    if language not in owner_guide.languages():
        raise Http404
    return pdf_response(printing.render_owner_guide(language), f"anleitung-{language}.pdf")


def materials_view(request):
    """The coordination team's form; a valid choice answers with the PDF."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    form = PrintMaterialsForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        kind, language = data["kind"], data["language"]
        district, campaign = data["district"], data["campaign"]
        if kind == "stickers":
            businesses = printing.printable_businesses(district=district, campaign=campaign)
            pdf = printing.render_stickers(
                businesses, size=data["size"] or "A6", language=language, request=request
            )
            name = f"aufkleber-{(campaign or district).slug if (campaign or district) else 'alle'}"
        elif kind == "poster":
            pdf = printing.render_poster(
                campaign, size=data["size"] or "A4", language=language, request=request
            )
            name = f"plakat-{campaign.slug}"
        else:
            pdf = printing.render_guide(district, language=language, request=request)
            name = f"stadtteilfuehrer-{district.slug}"
        return pdf_response(pdf, f"{slugify(name)}-{language}.pdf")
    return TemplateResponse(request, "outreach/admin/materials.html", {"form": form})
