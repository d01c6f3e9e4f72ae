from directory.retention import claims_to_purge, purge_claims
from quartier.management.retention import RetentionCommand


class Command(RetentionCommand):
    help = (
        "Delete handled business claims (name, email, phone, message) a number of days "
        "after they arrived, with their audit log labels. Run daily from cron."
    )
    setting = "CLAIM_RETENTION_DAYS"
    days_help = "Days after the claim arrived"
    would_message = "{count} claims would be deleted."
    done_message = "{count} claims deleted (handled, older than {days} days)."

    def select(self, days):
        return claims_to_purge(days)

    def purge(self, queryset):
        return purge_claims(queryset)
