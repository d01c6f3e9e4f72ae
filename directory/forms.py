"""The coordination team's forms (the public claim form: directory.claim_form)."""

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
