from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from wagtail.models import Page

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


def search_page(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "pages/search.html",
        {"query": query, "results": page_obj, "page_title": _("Suche")},
    )
