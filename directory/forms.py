"""The coordination team's forms (the public claim form: directory.claim_form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BusinessPage


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
