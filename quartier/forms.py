"""Parts shared by the public forms that residents fill in (workshop
registration, interest in a position, claim, report, newsletter): accessible
errors and help texts, a spam trap, ids that do not clash with the page's
others, and one way to answer their POST (PublicFormMixin.submit)."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from .ratelimit import too_many


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


def honeypot_field():
    """Hidden from people (CSS, aria-hidden in the template), filled in by simple bots."""
    return forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


@dataclass(frozen=True)
class RateLimit:
    """At most `attempts` forms of one kind (`scope`) per client address within
    `window_seconds` (quartier.ratelimit); past it the form shows `message`."""

    scope: str
    attempts: int
    window_seconds: int
    message: str


class PublicFormMixin(AccessibleErrorsMixin):
    """A resident's form: element ids start with `id_prefix`, each help text is
    tied to its input, and a last field `website` is the spam trap (is_spam)."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        self.fields["website"] = honeypot_field()
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"

    def is_spam(self):
        return bool(self.data.get("website"))

    def rate_limited(self, request, scope, attempts, window_seconds, message):
        """True, with `message` as the form's error, when this client sent more
        than `attempts` of these forms within `window_seconds`. Asked before
        is_spam(), so that the spam trap answers bots only within the limit."""
        if not too_many(request, scope, attempts, window_seconds):
            return False
        self.is_valid()
        self.add_error(None, message)
        return True

    def submit(self, request, limit, *, act, show, thanks, done_url, invalid_status=400):
        """The answer to this form's POST, the same on every public form:
        - past `limit` (a RateLimit): `show(429)`, the form with the limit's message;
        - the spam trap filled in: answered as a success (`thanks` as a message,
          if any, and a redirect to `done_url`), but `act` is not called, so
          nothing is stored or sent;
        - invalid: `show(invalid_status)`, the form with its errors;
        - valid: `act(cleaned_data)`, which returns the response to send, or None
          for `thanks` and the redirect to `done_url`. A ValidationError it
          raises becomes the form's error: `show(invalid_status)`.
        `show(status)` renders the page with this form."""
        if self.rate_limited(
            request, limit.scope, limit.attempts, limit.window_seconds, limit.message
        ):
            return show(429)
        if self.is_spam():
            return self.thank(request, thanks, done_url)
        if not self.is_valid():
            return show(invalid_status)
        try:
            response = act(self.cleaned_data)
        except ValidationError as error:
            self.add_error(None, error)
            return show(invalid_status)
        return self.thank(request, thanks, done_url) if response is None else response

    @staticmethod
    def thank(request, thanks, done_url):
        """POST-redirect-GET, with `thanks` (if any) shown on the page it leads to."""
        if thanks:
            messages.success(request, thanks)
        return HttpResponseRedirect(done_url)

    def require_email_or_phone(self, cleaned, error_field, message):
        """At least one way to reach the person; the error goes to `error_field`."""
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error(error_field, message)
        return cleaned
