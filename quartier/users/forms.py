"""The admin's "forgot password" form, throttled."""

import logging

from wagtail.admin.forms.auth import PasswordResetForm

from quartier.ratelimit import too_many, too_many_for

logger = logging.getLogger(__name__)

ADDRESS_LIMIT = 3  # reset mails per email address and hour
CLIENT_LIMIT = 5  # reset requests per client address and hour
WINDOW_SECONDS = 3600


class ThrottledPasswordResetForm(PasswordResetForm):
    """Sends no mail past ADDRESS_LIMIT requests for an address or
    CLIENT_LIMIT requests from a client within an hour. Known and unknown
    addresses count alike and the answer never changes, so the limit reveals
    nothing about which addresses have an account."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        # Both are counted on every request, so neither can be probed for free.
        by_client = request is not None and too_many(
            request, "password-reset", CLIENT_LIMIT, WINDOW_SECONDS
        )
        by_address = too_many_for(email, "password-reset-address", ADDRESS_LIMIT, WINDOW_SECONDS)
        if by_client or by_address:
            logger.warning(
                "Password reset not sent: too many requests %s",
                "from this client" if by_client else "for this address",
            )
            return
        super().save(*args, request=request, **kwargs)
