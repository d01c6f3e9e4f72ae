"""Public and admin forms of the directory."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BusinessClaim, BusinessPage


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

    @property
    def is_spam(self):
        return bool(self.data.get("website"))


class InviteOwnerForm(forms.Form):
    business = forms.ModelChoiceField(
        label=_("Geschäft"), queryset=BusinessPage.objects.order_by("title")
    )
    email = forms.EmailField(label=_("E-Mail-Adresse der Inhaberin oder des Inhabers"))


class ImportBusinessesForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei (UTF-8)"), help_text=_("Spalten wie in der Exportdatei.")
    )
    dry_run = forms.BooleanField(
        label=_("Nur prüfen, nichts speichern"), required=False, initial=True
    )
    create_categories = forms.BooleanField(label=_("Unbekannte Kategorien anlegen"), required=False)
    skip_invalid = forms.BooleanField(
        label=_("Fehlerhafte Zeilen überspringen und den Rest importieren"), required=False
    )
    overwrite_pending = forms.BooleanField(
        label=_("Geschäfte mit wartender Änderung trotzdem aktualisieren"),
        required=False,
        help_text=_(
            "Sonst werden Geschäfte übersprungen, für die eine Änderung auf Freigabe wartet "
            "oder die einen unveröffentlichten Entwurf haben. Angekreuzt wird der Import "
            "veröffentlicht und die Freigabe beendet; die wartende Änderung bleibt im "
            "Versionsverlauf der Seite."
        ),
    )
