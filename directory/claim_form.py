"""The public form "Ist das Ihr Geschäft?" on a business profile, and the
mail that tells the coordination team about a claim."""

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from quartier.forms import PublicFormMixin
from quartier.site_address import base_url
from quartier.text import one_line

from .models.claims import BusinessClaim

CLAIM_RATE_LIMIT = 5  # claims per client address and hour


class BusinessClaimForm(PublicFormMixin, forms.ModelForm):
    """ "Ist das Ihr Geschäft?"."""

    id_prefix = "claim"

    consent = forms.BooleanField(
        label=_("Ich bin einverstanden, dass meine Angaben für diese Anfrage gespeichert werden."),
        required=True,
        error_messages={"required": _("Bitte stimmen Sie der Speicherung zu.")},
    )

    class Meta:
        model = BusinessClaim
        fields = ["name", "email", "phone", "message"]
        labels = {
            "name": _("Ihr Name"),
            "email": _("Ihre E-Mail-Adresse"),
            "phone": _("Telefon (freiwillig)"),
            "message": _("Nachricht (freiwillig)"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }


def notify_coordination_team(claim):
    """Mails the claim to the coordination team, in German whichever language
    the visitor used."""
    context = {
        "claim": claim,
        "admin_url": base_url()
        + reverse("wagtailsnippets_directory_businessclaim:edit", args=[claim.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(render_to_string("emails/directory/claim_subject.txt", context))
        body = render_to_string("emails/directory/claim.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [settings.COORDINATION_EMAIL])
