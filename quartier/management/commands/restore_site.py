"""Restores a backup made by backup_site into a new, empty database (quartier/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from quartier.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restores the database and MEDIA_ROOT from a backup_site folder into a new, empty "
        "database; then run rebuild_search_index."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by backup_site.")

    def handle(self, *args, folder, **options):
        try:
            manifest = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created']} ({len(manifest['migrations'])} "
            "migrations). Next: manage.py rebuild_search_index"
        )
