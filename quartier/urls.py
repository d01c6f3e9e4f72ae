from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from blog import urls as blog_urls
from directory import urls as directory_urls
from freshness import urls as freshness_urls
from jobs import urls as jobs_urls
from outreach import urls as outreach_urls
from search import urls as search_urls

from .admin_login import LandingLoginView
from .admin_privacy import PrivateFormPagesListView, bulk_action, reports_gate
from .sitemaps import TranslatedSitemap, favicon, robots_txt


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    # Before Wagtail's own bulk-action URL, which it replaces.
    path("admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_action),
    path("admin/reports/<path:route>", reports_gate),
    path("admin/forms/", require_admin_access(PrivateFormPagesListView.as_view())),
    path(
        "admin/forms/results/",
        require_admin_access(PrivateFormPagesListView.as_view(results_only=True)),
    ),
    # Before Wagtail's login, which it replaces: each account lands where its work is.
    path("admin/login/", LandingLoginView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon, name="favicon"),
    path("healthz/", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    *freshness_urls.contact_urlpatterns,
    path(
        "api/",
        include(
            directory_urls.api_urlpatterns
            + blog_urls.api_urlpatterns
            + jobs_urls.api_urlpatterns
            + search_urls.api_urlpatterns
        ),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Images only: documents go out through /documents/ and its permission check,
    # as in production, where the web server must not serve media/documents/ either.
    for folder in ("images", "original_images"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=settings.MEDIA_ROOT / folder
        )

urlpatterns += i18n_patterns(
    *directory_urls.urlpatterns,
    *blog_urls.urlpatterns,
    *search_urls.urlpatterns,
    *outreach_urls.urlpatterns,
    *freshness_urls.urlpatterns,
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
