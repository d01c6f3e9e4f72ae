from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from wagtail.models import Locale

from directory.models import BusinessPage
from directory.owners import invite_owner


class Command(BaseCommand):
    help = (
        "Invites the owner of a business: creates or reuses the account for EMAIL, "
        "grants edit rights to exactly that business page and emails a password-set link."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="slug of the business page")
        parser.add_argument("email")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the invitation and of the owner's admin (default: German, "
            "or the language an existing account chose)",
        )

    def handle(self, slug, email, language=None, **options):
        # The business itself, not its copies in the other language trees.
        pages = list(BusinessPage.objects.filter(slug=slug, locale=Locale.get_default())[:2])
        if not pages:
            raise CommandError(f"Kein Geschäft mit dem Kurznamen „{slug}“.")
        if len(pages) > 1:
            raise CommandError(f"Mehrere Geschäfte heißen „{slug}“; bitte im Admin einladen.")

        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Ungültige E-Mail-Adresse: {email}") from exc
        user, created = invite_owner(pages[0], email, language=language)
        state = "neu angelegt" if created else "vorhanden"
        self.stdout.write(
            f"Einladung an {user.email} verschickt (Benutzer {user.username}, {state}) "
            f"für „{pages[0].title}“."
        )
