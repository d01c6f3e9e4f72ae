from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.forms import PublicFormMixin

MAX_PLACES = 10
# At most this many registration attempts per address and window.
RATE_LIMIT_ATTEMPTS = 5
RATE_LIMIT_WINDOW_SECONDS = 600


class RegistrationForm(PublicFormMixin, forms.Form):
    id_prefix = "registration"

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-Mail"),
        required=False,
        help_text=_("E-Mail oder Telefon: Wir brauchen mindestens eins davon."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    places = forms.IntegerField(
        label=_("Anzahl der Plätze"),
        initial=1,
        min_value=1,
        max_value=MAX_PLACES,
        error_messages={
            "min_value": _("Bitte melden Sie mindestens einen Platz an."),
            "max_value": _("Sie können höchstens %(limit_value)s Plätze anmelden."),
            "invalid": _("Bitte geben Sie eine ganze Zahl ein."),
        },
    )
    note = forms.CharField(
        label=_("Anmerkung (freiwillig)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass meine Angaben für diesen Workshop gespeichert werden."
        ),
        error_messages={
            "required": _("Ohne Ihre Einwilligung können wir Sie nicht anmelden."),
        },
    )

    def clean(self):
        return self.require_email_or_phone(
            super().clean(),
            "email",
            _("Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an."),
        )
