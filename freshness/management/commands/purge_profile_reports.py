from freshness.retention import purge_reports, reports_to_purge
from quartier.management.retention import RetentionCommand


class Command(RetentionCommand):
    help = (
        "Deletes residents' reports of wrong details (and their notes) "
        "PROFILE_REPORT_RETENTION_DAYS days after they arrived."
    )
    setting = "PROFILE_REPORT_RETENTION_DAYS"
    days_help = "Days after a report arrived"
    would_message = "{count} report(s) would be deleted (older than {days} days)."
    done_message = "{count} report(s) deleted (older than {days} days)."

    def select(self, days):
        return reports_to_purge(days)

    def purge(self, queryset):
        return purge_reports(queryset)
