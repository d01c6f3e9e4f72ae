"""The coordination team's forms (the public claim form: directory.claim_form)."""

import base64
import binascii

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import BusinessPage
from .owners import invitation_language


class InviteOwnerForm(forms.Form):
    business = forms.ModelChoiceField(
        label=_("Geschäft"), queryset=BusinessPage.objects.order_by("title")
    )
    email = forms.EmailField(label=_("E-Mail-Adresse der Inhaberin oder des Inhabers"))
    language = forms.ChoiceField(
        label=_("Sprache"),
        choices=[("", _("Erste Sprache, die im Geschäft gesprochen wird")), *settings.LANGUAGES],
        required=False,
        help_text=_(
            "In dieser Sprache kommt die Einladung; sie wird auch die Sprache der "
            "Verwaltung für diesen Zugang."
        ),
    )

    def invitation_language(self):
        """The chosen language, else the business's (cleaned data only)."""
        return self.cleaned_data["language"] or invitation_language(self.cleaned_data["business"])


class ImportBusinessesForm(forms.Form):
    """The file (or, on the mapping step, the same file carried along) and how
    to import it; whether to check or import is the button pressed."""

    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        required=False,
        help_text=_(
            "Spalten wie in der Exportdatei. CSV mit Komma oder Semikolon, in UTF-8; "
            "oder die exportierte Excel-Datei."
        ),
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False)
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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file"):
            cleaned["data"] = cleaned["file"].read()
        elif cleaned.get("content"):
            try:
                cleaned["data"] = base64.b64decode(cleaned["content"], validate=True)
            except binascii.Error:
                raise forms.ValidationError(_("Bitte wählen Sie die Datei erneut.")) from None
        else:
            self.add_error("file", _("Bitte wählen Sie eine Datei."))
        return cleaned

    @property
    def carried_content(self):
        """The file for the next step, so the team need not pick it again."""
        data = getattr(self, "cleaned_data", {}).get("data")
        return base64.b64encode(data).decode("ascii") if data else ""
