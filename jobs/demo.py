"""Demo content for the jobs board: the board page and a dozen positions at
demo businesses in both districts (jobs/demo_data/positions.json), dated
relative to today so that they stay open. Idempotent and offline."""

import datetime
import json
from pathlib import Path

from directory.models import BusinessJob, BusinessPage, Language
from quartier.clock import local_today
from quartier.demo import child_page

from .models import JobsIndexPage

POSITIONS_FILE = Path(__file__).parent / "demo_data" / "positions.json"


def ensure_board(home):
    board, _created = child_page(
        home,
        JobsIndexPage,
        "arbeit",
        title="Arbeit im Quartier",
        introduction="Ausbildung, Jobs, Minijobs, Praktika und Probearbeit bei den Geschäften "
        "nebenan. Die Jobcoaches des Programms helfen bei der Bewerbung.",
        show_in_menus=True,
    )
    return board


def load(home, stdout):
    ensure_board(home)
    languages = {language.code: language for language in Language.objects.all()}
    today = local_today()
    created = 0
    positions = json.loads(POSITIONS_FILE.read_text(encoding="utf-8"))
    for data in positions:
        business = BusinessPage.objects.filter(
            external_id=data["business"], locale=home.locale
        ).first()
        if business is None or business.jobs.filter(title=data["title"]).exists():
            continue
        start = data["start_in_days"]
        job = BusinessJob(
            page=business,
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            contact="Die Jobcoaches des Programms helfen gern.",
            german_level=data["german_level"],
            hours_per_week=data["hours_per_week"],
            start_date=today + datetime.timedelta(days=start) if start is not None else None,
            valid_until=today + datetime.timedelta(days=data["valid_days"]),
            wheelchair=data["wheelchair"],
        )
        job.save()
        job.languages = [languages[code] for code in data["languages"] if code in languages]
        job.save()
        business.save_revision().publish()
        created += 1
    stdout.write(f"Stellen: {created} neu, {len(positions) - created} schon vorhanden.")
