"""The admin's login, which sends an account where its work is: after signing
in without a particular target (or with the dashboard as target), the first
`admin_landing_url` hook that names a URL for the account wins; without one,
Wagtail's dashboard. Apps register the hook (directory: an owner of exactly
one business lands on its edit screen), so this core module imports no app.

The admin's pages without a signed-in user (login, password reset) are in the
browser's language: its admin URL has no language prefix, so Django would
always take the site's (German)."""

from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

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


class AdminLanguageMiddleware:
    """Activates the browser's language (the language cookie of an earlier
    choice on the site, else Accept-Language) under the admin's URL. Wagtail
    overrides it with a signed-in user's preferred language for its views.
    Must come after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
