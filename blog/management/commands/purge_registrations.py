from blog.retention import anonymise, registrations_to_purge
from quartier.management.retention import RetentionCommand


class Command(RetentionCommand):
    help = (
        "Anonymise workshop registrations (name, email, phone, note) a number of days "
        "after the workshop's last date ended. Run daily from cron."
    )
    setting = "REGISTRATION_RETENTION_DAYS"
    days_help = "Days after the workshop"
    would_message = "{count} registrations would be anonymised."
    done_message = "{count} registrations anonymised (older than {days} days)."

    def select(self, days):
        return registrations_to_purge(days)

    def purge(self, queryset):
        return anonymise(queryset)
