from jobs.retention import anonymise, interests_to_purge
from quartier.management.retention import RetentionCommand


class Command(RetentionCommand):
    help = (
        "Anonymise residents' interest in positions (name, phone, email, languages, notes) "
        "a number of days after it came in; the counts stay. Run daily from cron."
    )
    setting = "JOB_INTEREST_RETENTION_DAYS"
    days_help = "Days after the request came in"
    would_message = "{count} interest requests would be anonymised."
    done_message = "{count} interest requests anonymised (older than {days} days)."

    def select(self, days):
        return interests_to_purge(days)

    def purge(self, queryset):
        return anonymise(queryset)
