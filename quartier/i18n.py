"""Interface languages: the first-visit language redirect, the content locale of
listings and the "not translated yet" helpers.

German is the source language and lives at unprefixed URLs; the other languages
at /en/, /tr/, /ar/, /bg/, /ro/ (i18n_patterns, prefix_default_language=False)."""

from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

# Never redirected and never given a language cookie: not part of the
# translated site, or machines rather than people.
UNTRANSLATED_PREFIXES = (
    "/admin/",
    "/api/",
    "/static/",
    "/media/",
    "/documents/",
    "/i18n/",
    "/healthz/",
    "/sitemap.xml",
    "/robots.txt",
    "/favicon.ico",
)
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


class QuartierI18nConfig(AppConfig):
    """Connects the translation signal handlers (quartier.translation_sync)."""

    name = "quartier.i18n"
    label = "quartier_i18n"
    verbose_name = "Quartier: Übersetzungen"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete

        from wagtail.models import GroupPagePermission, Locale, WorkflowPage
        from wagtail.signals import page_published

        from . import translation_sync as sync

        uid = "quartier.translation_sync."
        post_save.connect(sync.on_page_saved, dispatch_uid=uid + "page")
        page_published.connect(sync.on_page_published, dispatch_uid=uid + "published")
        post_save.connect(sync.on_locale_saved, sender=Locale, dispatch_uid=uid + "locale")
        post_save.connect(
            sync.on_group_page_permission_saved,
            sender=GroupPagePermission,
            dispatch_uid=uid + "permission",
        )
        pre_delete.connect(sync.on_page_pre_delete, dispatch_uid=uid + "page-deleting")
        post_delete.connect(sync.on_page_post_delete, dispatch_uid=uid + "page-deleted")
        post_delete.connect(
            sync.on_group_page_permission_deleted,
            sender=GroupPagePermission,
            dispatch_uid=uid + "permission-deleted",
        )
        post_save.connect(
            sync.on_workflow_page_saved, sender=WorkflowPage, dispatch_uid=uid + "workflow"
        )
        post_migrate.connect(sync.on_post_migrate, dispatch_uid=uid + "migrate")


def default_content_language():
    """The language code of the source-language (German) page tree."""
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def base_language(code):
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


def supported_language(code):
    """The interface language for `code`, or None if we don't offer it."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def is_translated_path(path):
    return not path.startswith(UNTRANSLATED_PREFIXES)


def is_local_path(url):
    """True if a browser reads `url` as a path on this site. A request path
    such as "//evil.example/x" or "/\\evil.example/x" is a network-path
    reference to another host once it is echoed into a Location or a link."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def translate_path(full_path, language):
    """`full_path` (a request's path and query) in `language`; never a URL
    on another host: for a path that is not local, that language's home."""
    if is_local_path(full_path):
        target = translate_url(full_path, language)
        if is_local_path(target):
            return target
    return translate_url("/", language)


def comes_from_our_site(request):
    referer = request.headers.get("Referer", "")
    return bool(referer) and urlsplit(referer).netloc == request.get_host()


class LanguagePreferenceMiddleware:
    """Respects the visitor's language on arrival and remembers their choice.

    A GET of an unprefixed (German) URL from outside our site is redirected to
    the same page in the preferred language: the language cookie if set (an
    earlier choice), else the best match of Accept-Language. Following a link
    on our site never redirects, so the switcher's German link does not bounce.
    Every page view stores its language in the cookie, so the choice sticks.
    Must come after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not is_translated_path(path):
            return self.get_response(request)
        path_language = translation.get_language_from_path(path)
        cookie_language = supported_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if path_language is None and request.method == "GET" and not comes_from_our_site(request):
            response = self.redirect_to_preferred(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if response.status_code == 404 and path_language and request.method in ("GET", "HEAD"):
            response = serve_from_default_tree(request, path_language) or response
        current = path_language or settings.LANGUAGE_CODE
        if request.method == "GET" and response.status_code < 400 and cookie_language != current:
            self.remember(response, current)
        if path_language is None:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def redirect_to_preferred(self, request):
        preferred = translation.get_language_from_request(request, check_path=False)
        if base_language(preferred) == base_language(settings.LANGUAGE_CODE):
            return None
        current_url = request.get_full_path()
        if not is_local_path(current_url):
            return None
        target = translate_path(current_url, preferred)
        if target == current_url:
            return None
        response = HttpResponseRedirect(target)
        self.remember(response, preferred)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def remember(response, language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=COOKIE_MAX_AGE,
            path="/",
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )


def serve_from_default_tree(request, path_language):
    """A page that has no alias in this language's tree yet (created in code
    since the last sync) is served from the German tree, with the notice,
    instead of a 404. Returns None when the German tree has no such page."""
    from django.http import Http404

    from wagtail import hooks
    from wagtail.models import Site

    site = Site.find_for_request(request)
    prefix = f"/{path_language}/"
    if site is None or not request.path_info.startswith(prefix):
        return None
    components = [part for part in request.path_info[len(prefix) :].split("/") if part]
    try:
        page, args, kwargs = site.root_page.specific.route(request, components)
    except Http404:
        return None
    # As Wagtail's serve view: a hook may answer instead of the page (view
    # restrictions, the map page); its TemplateResponse is rendered here too,
    # because a middleware's response is never rendered by Django.
    answers = (hook(page, request, args, kwargs) for hook in hooks.get_hooks("before_serve_page"))
    response = next((answer for answer in answers if hasattr(answer, "status_code")), None)
    if response is None:
        response = page.serve(request, *args, **kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def in_content_locale(queryset):
    """Pages of the locale whose tree serves the active language: the active
    locale when its page tree exists, else the default (German) one, which is
    what Wagtail's routing falls back to. One SQL query, no extra round trip."""
    from django.db.models import Exists, Q

    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Page

    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    try:
        active = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        active = default
    if active == default:
        return queryset.filter(locale__language_code=default)
    tree_exists = Exists(Page.objects.filter(depth=2, locale__language_code=active))
    in_active = Q(tree_exists, locale__language_code=active)
    return queryset.filter(in_active | Q(~tree_exists, locale__language_code=default))


def content_language(page):
    """Language the page's texts are written in: an alias shows its original's."""
    if page.alias_of_id:
        from wagtail.models import Page

        code = (
            Page.objects.filter(pk=page.alias_of_id)
            .values_list("locale__language_code", flat=True)
            .first()
        )
        return code or settings.LANGUAGE_CODE
    return page.locale.language_code


def untranslated_language(page):
    """The language code of `page`'s content if it differs from the interface
    language (fallback content), else None."""
    code = content_language(page)
    if base_language(code) == base_language(translation.get_language()):
        return None
    return code
