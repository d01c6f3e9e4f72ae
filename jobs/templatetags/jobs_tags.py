from django import template

from quartier.chrome import sitewide
from quartier.i18n import localized_home_child

from ..models import JobsIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def open_positions(context, business):
    """The business's open positions, each with `position_url` on the jobs
    board in the visitor's language (None without a board)."""
    if business is None or not getattr(business, "pk", None):
        return []
    jobs = business.current_jobs()
    board = sitewide("jobs-board", _jobs_board) if jobs else None
    request = context.get("request")
    for job in jobs:
        job.position_url = board.position_url(job, request) if board is not None else None
    return jobs


def _jobs_board():
    return localized_home_child("jobs-board", JobsIndexPage.objects.live().public())
