from django import forms
from django.utils.translation import gettext_lazy as _

from blog.forms import AccessibleErrorsMixin
from directory.models import Language


class JobInterestForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=120)
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
    # Honeypot: hidden from people (CSS), filled in by simple bots.
    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="interest-%s", **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"

    def is_spam(self):
        return bool(self.data.get("website"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error(
                "phone", _("Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an.")
            )
        return cleaned
