"""The admin's login, which sends an account where its work is: after signing
in without a particular target (or with the dashboard as target), the first
`admin_landing_url` hook that names a URL for the account wins; without one,
Wagtail's dashboard. Apps register the hook (directory: an owner of exactly
one business lands on its edit screen), so this core module imports no app."""

from django.urls import reverse

from wagtail import hooks
from wagtail.admin.views.account import LoginView


def landing_url(user):
    """Where `user` starts in the admin when nothing else was asked for."""
    for hook in hooks.get_hooks("admin_landing_url"):
        url = hook(user)
        if url:
            return url
    return reverse("wagtailadmin_home")


class LandingLoginView(LoginView):
    def get_success_url(self):
        target = self.get_redirect_url()
        if target and target != reverse("wagtailadmin_home"):
            return target
        return landing_url(self.request.user)
