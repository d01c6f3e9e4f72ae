from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.forms import PublicFormMixin

from .models import ProfileReport


class ProfileReportForm(PublicFormMixin, forms.ModelForm):
    """ "Angabe falsch? Melden": what is wrong and an optional note."""

    id_prefix = "report"

    class Meta:
        model = ProfileReport
        fields = ["kind", "note"]
        labels = {"kind": _("Was stimmt nicht?"), "note": _("Hinweis (freiwillig)")}
        help_texts = {
            "note": _(
                "Zum Beispiel die richtigen Öffnungszeiten. Bitte keine Namen oder "
                "Telefonnummern: Der Hinweis wird nach spätestens sechs Monaten gelöscht."
            )
        }
        widgets = {
            "kind": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }
        error_messages = {"kind": {"required": _("Bitte wählen Sie aus, was nicht stimmt.")}}
