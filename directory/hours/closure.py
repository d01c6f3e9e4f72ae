"""Temporary closure set by the owner: it takes effect at once, without
moderation, and changes nothing else. The live page (and its language aliases)
and its latest and live revisions get the new status and reopening date, so a
change waiting for moderation is neither lost nor published, and publishing it
later does not undo the closure. The coordination team is emailed and can
revert the closure through the same form."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.cache import invalidate_all
from quartier.clock import local_today
from quartier.site_address import base_url
from quartier.text import one_line

from ..models import BusinessPage


class TemporaryClosureForm(forms.Form):
    closed = forms.BooleanField(label=gettext_lazy("Vorübergehend geschlossen"), required=False)
    reopens_on = forms.DateField(
        label=gettext_lazy("Öffnet wieder am (freiwillig)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=gettext_lazy("Ab diesem Tag gilt Ihr Geschäft von selbst wieder als geöffnet."),
    )

    def clean_reopens_on(self):
        day = self.cleaned_data.get("reopens_on")
        if day is not None and day <= local_today():
            raise forms.ValidationError(_("Bitte einen Tag nach heute wählen."))
        return day


def editable_business(request, page_id):
    """The business page `request.user` may edit; 403 for any other."""
    page = get_object_or_404(BusinessPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


@transaction.atomic
def set_temporary_closure(page, closed, reopens_on):
    """Sets status and reopening date on the live page, its aliases and its
    latest and live revisions; nothing else changes and nothing is published."""
    status = BusinessPage.Status.TEMPORARILY_CLOSED if closed else BusinessPage.Status.ACTIVE
    reopens_on = reopens_on if closed else None
    BusinessPage.objects.filter(Q(pk=page.pk) | Q(alias_of_id=page.pk)).update(
        status=status, reopens_on=reopens_on
    )
    for revision in {page.latest_revision, page.live_revision} - {None}:
        revision.content["status"] = status
        revision.content["reopens_on"] = reopens_on.isoformat() if reopens_on else None
        revision.save(update_fields=["content"])
    page.status, page.reopens_on = status, reopens_on
    transaction.on_commit(invalidate_all)


def notify_team(page, user):
    context = {
        "page": page,
        "user": user,
        "admin_url": base_url() + reverse("directory_temporary_closure", args=[page.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(render_to_string("emails/directory/closure_subject.txt", context))
        body = render_to_string("emails/directory/closure.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [settings.COORDINATION_EMAIL])


def temporary_closure_view(request, page_id):
    page = editable_business(request, page_id)
    initial = {
        "closed": page.is_temporarily_closed,
        "reopens_on": page.reopens_on if page.is_temporarily_closed else None,
    }
    form = TemporaryClosureForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        set_temporary_closure(page, form.cleaned_data["closed"], form.cleaned_data["reopens_on"])
        notify_team(page, request.user)
        if page.status == BusinessPage.Status.TEMPORARILY_CLOSED:
            messages.success(
                request,
                _("Ihr Geschäft wird ab sofort als vorübergehend geschlossen angezeigt."),
            )
        else:
            messages.success(
                request, _("Ihr Geschäft wird ab sofort wieder als geöffnet angezeigt.")
            )
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return render(request, "directory/temporary_closure.html", {"form": form, "page": page})
