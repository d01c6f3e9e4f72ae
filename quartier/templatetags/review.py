"""The review step on Wagtail's compare view: the team reads an owner's change
and approves it there, instead of going back to the dashboard's "…" menu."""

from django import template
from django.urls import reverse

from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def review_on_compare(context):
    """What the compare view offers its reader to decide on the change it shows:
    None unless the page waits in a task this account may approve. `current` is
    whether the view compares with the latest revision (the one approval
    publishes); if not, `latest_url` compares the live page with that one."""
    view, request = context.get("view"), context.get("request")
    page = getattr(view, "object", None)
    # Pages only: snippets' workflow actions have other URLs.
    if request is None or not isinstance(page, Page) or not page.workflow_in_progress:
        return None
    task_state = page.current_workflow_task_state
    if task_state is None:
        return None
    actions = task_state.task.specific.get_actions(page, request.user)
    if ("approve", False) not in {(name, modal) for name, _label, modal in actions}:
        return None
    latest = page.latest_revision_id
    return {
        "current": str(view.revision_id_b) in ("latest", str(latest)),
        "approve_url": reverse(
            "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
        ),
        "latest_url": reverse(
            "wagtailadmin_pages:revisions_compare", args=(page.pk, "live", latest)
        ),
        "next_url": reverse("wagtailadmin_home"),
    }
