from django import template

from directory.models import BusinessPage
from quartier.chrome import locale_codes, sitewide
from quartier.i18n import default_content_language, in_content_locale

from ..models import JobsIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def open_positions(context, business):
    """The business's open positions, each with `position_url` on the jobs
    board in the visitor's language (None without a board). Positions are
    those of the source-language page: aliases carry copies under other ids."""
    if business is None or not getattr(business, "pk", None):
        return []
    source = business
    if locale_codes().get(business.locale_id) != default_content_language():
        source = (
            BusinessPage.objects.filter(
                translation_key=business.translation_key,
                locale__language_code=default_content_language(),
            ).first()
            or business
        )
    jobs = source.current_jobs()
    board = sitewide("jobs-board", _jobs_board) if jobs else None
    request = context.get("request")
    for job in jobs:
        job.position_url = board.position_url(job, request) if board is not None else None
    return jobs


def _jobs_board():
    return in_content_locale(JobsIndexPage.objects.live().public()).first()
