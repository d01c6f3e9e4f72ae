from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PLACES = 10


class AccessibleErrorsMixin:
    """Ties each field's error message to its input (aria-describedby,
    aria-invalid), so screen readers read the error with the field."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            auto_id = self[name].auto_id
            described = [f"{auto_id}-error"]
            if self.fields[name].help_text:
                described.append(f"{auto_id}-help")
            widget.attrs["aria-describedby"] = " ".join(described)
            widget.attrs["aria-invalid"] = "true"


class RegistrationForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Ihr Name"), max_length=120)
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
    # Honeypot: hidden from people (CSS), filled in by simple bots.
    website = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="registration-%s", **kwargs)
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
                "email", _("Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an.")
            )
        return cleaned
