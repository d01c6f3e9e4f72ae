"""Admin wiring: residents' interest requests for the job coaches and the
coordination team only. Not a snippet: personal data gets a model view set
whose every view checks the jobs.*_jobinterest permissions, which only those
two groups hold (jobs migration 0002)."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import JobInterest


class JobInterestViewSet(ModelViewSet):
    model = JobInterest
    name = "job_interests"
    url_prefix = "stellen/interesse"
    icon = "mail"
    menu_label = _("Interesse an Stellen")
    menu_order = 320
    add_to_admin_menu = True
    form_fields = ["status", "coach_notes"]
    list_display = ["job_title", "name", "contact", "district", "status", "created_at"]
    list_filter = ["status", "job_kind", "district"]
    search_fields = ["name", "email", "phone", "job_title"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "job_title",
        "job_kind",
        "business",
        "district",
        "name",
        "phone",
        "email",
        "languages",
        "note",
        "language",
        "forwarded_to_business",
        "status",
        "coach_notes",
        "created_at",
        "consent_at",
        "anonymised_at",
    ]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_job_interest_viewset():
    return JobInterestViewSet()
