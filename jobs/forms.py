from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Language
from quartier.forms import PublicFormMixin


class JobInterestForm(PublicFormMixin, forms.Form):
    id_prefix = "interest"

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=40,
        required=False,
        help_text=_("Telefon oder E-Mail: Wir brauchen mindestens eins davon."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Welche Sprachen sprechen Sie?"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Anmerkung (freiwillig)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine Angaben an die Jobcoaches des Programms gehen, "
            "die sich bei mir melden, und nach spätestens sechs Monaten gelöscht werden."
        ),
        error_messages={
            "required": _("Ohne Ihre Einwilligung können wir Ihre Anfrage nicht weitergeben."),
        },
    )

    def clean(self):
        return self.require_email_or_phone(
            super().clean(),
            "phone",
            _("Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an."),
        )
