from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Locale

from blog.models import CampaignPage
from directory.models import District
from outreach import printing


class Command(BaseCommand):
    help = (
        "Writes printed materials as PDF: window stickers (one page per business of a "
        "district or campaign, or all), a campaign poster, a district guide, or the "
        "owners' guide (owner-guide, in --language)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["stickers", "poster", "guide", "owner-guide"])
        parser.add_argument("--district", help="Slug of the district (stickers, guide).")
        parser.add_argument("--campaign", help="Slug of the campaign (stickers, poster).")
        parser.add_argument("--size", help="A6 or A5 (stickers), A4 or A3 (poster).")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the printed texts and links (default: German).",
        )
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write.")

    def handle(self, *args, kind, district, campaign, size, language, output, **options):
        district = self._district(district)
        campaign = self._campaign(campaign)
        try:
            if kind == "stickers":
                businesses = printing.printable_businesses(district=district, campaign=campaign)
                if not businesses:
                    raise CommandError("No listed business to print.")
                pdf = printing.render_stickers(businesses, size=size or "A6", language=language)
            elif kind == "poster":
                if campaign is None:
                    raise CommandError("A poster needs --campaign.")
                pdf = printing.render_poster(campaign, size=size or "A4", language=language)
            elif kind == "owner-guide":
                pdf = printing.render_owner_guide(language)
            else:
                if district is None:
                    raise CommandError("A guide needs --district.")
                pdf = printing.render_guide(district, language=language)
        except ValueError as error:
            raise CommandError(str(error)) from error
        Path(output).write_bytes(pdf)
        self.stdout.write(f"{output}: {kind}, {len(pdf)} bytes")

    @staticmethod
    def _district(slug):
        if not slug:
            return None
        district = District.objects.filter(slug=slug).first()
        if district is None:
            raise CommandError(f"No district with the slug {slug!r}.")
        return district

    @staticmethod
    def _campaign(slug):
        if not slug:
            return None
        campaign = (
            CampaignPage.objects.filter(slug=slug, locale=Locale.get_default()).specific().first()
        )
        if campaign is None:
            raise CommandError(f"No campaign with the slug {slug!r}.")
        return campaign
