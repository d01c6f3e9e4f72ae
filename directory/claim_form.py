"""The public form "Ist das Ihr Geschäft?" on a business profile, and the
mail that tells the coordination team about a claim."""

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from quartier.site_address import base_url
from quartier.text import one_line

from .models.claims import BusinessClaim

CLAIM_RATE_LIMIT = 5  # claims per client address and hour


class BusinessClaimForm(forms.ModelForm):
    """ "Ist das Ihr Geschäft?" with a honeypot field that people never see."""

    website = forms.CharField(
        label=_("Bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
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
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "claim_%s")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        for name, field in self.fields.items():
            if self.errors.get(name):
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = f"claim_{name}_error"

    def is_spam(self):
        return bool(self.data.get("website"))


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
