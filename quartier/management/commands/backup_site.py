"""Backs up the database and the media files into a new folder (quartier/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from quartier.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Saves the database (SQLite: online backup; PostgreSQL: pg_dump) and MEDIA_ROOT "
        "into a new folder. Search indexes are not saved: rebuild them after a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A new or empty folder for this backup.")

    def handle(self, *args, folder, **options):
        try:
            manifest = backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup of the {manifest['database']} database and the media in {folder}."
        )
