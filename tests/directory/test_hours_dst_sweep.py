"""Opening hours on the daylight-saving nights, minute by minute, against a
second implementation: opening_hours.js (npm, pinned in tools/package.json,
run through Node with the machine zone Europe/Berlin). Every hours pattern of
the demo data and of the clock tests, on both nights clocks change in 2026/27
and the autumn night of 2027 (the repeated hour once counted 02:59 summer time
as closed, even for "24/7")."""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from directory.hours import state_at

from ..clock import berlin

TOOLS = Path(__file__).resolve().parents[2] / "tools"
SCRIPT = TOOLS / "opening_hours_states.cjs"
DEMO_HOURS = Path(__file__).resolve().parents[2] / "directory" / "demo_data" / "opening_hours.json"

PATTERNS = sorted(
    {
        *json.loads(DEMO_HOURS.read_text(encoding="utf-8")).values(),
        "24/7",
        "Mo-Su 00:00-24:00",
        "Fr-Sa 22:00-03:00",
        "Fr-Sa 18:00-02:00",
        "Mo-Su 22:00-02:00",
        "Mo-Su 00:00-01:00",
        "Mo-Su 01:30-02:30",
        "Mo-Su 02:15-02:45",
        "Su 02:00-03:00",
        "Sa-Su 00:00-03:30",
        "Tu-Sa 10:00-19:00",
        "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off",
        "Mo-Fr 09:00-13:00,14:00-18:00; PH off; 2026 Dec 24-2027 Jan 02 off",
        "Mo-Fr 09:00-18:00; Sa 09:00-16:30; PH off; 2026 Dec 27-2027 Jan 09 off",
    }
)

# Each night from 00:00 to 05:00 Berlin, every minute that happens (the
# repeated autumn hour twice, the missing spring hour not at all).
NIGHTS = {
    "autumn-2026": (berlin(2026, 10, 25, 0, 0), berlin(2026, 10, 25, 5, 0)),
    "spring-2027": (berlin(2027, 3, 28, 0, 0), berlin(2027, 3, 28, 5, 0)),
    "autumn-2027": (berlin(2027, 10, 31, 0, 0), berlin(2027, 10, 31, 5, 0)),
}


def minutes(start, end):
    instant = start
    while instant < end:
        yield instant
        instant += datetime.timedelta(minutes=1)


def reference_states(instants):
    node = shutil.which("node")
    if node is None or not (TOOLS / "node_modules" / "opening_hours").is_dir():
        pytest.skip("opening_hours.js missing: `npm ci` in tools/ (CI does)")
    request = {
        "texts": PATTERNS,
        "instants": [int(instant.timestamp() * 1000) for instant in instants],
    }
    answer = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TZ": "Europe/Berlin"},
        timeout=120,
    )
    return json.loads(answer.stdout)


@pytest.mark.parametrize("night", list(NIGHTS))
def test_every_minute_of_the_night_agrees_with_opening_hours_js(night):
    instants = list(minutes(*NIGHTS[night]))
    assert len(instants) == {"autumn": 6 * 60, "spring": 4 * 60}[night.split("-")[0]]
    reference = reference_states(instants)
    disagreements = [
        (text, instant.astimezone(datetime.UTC).isoformat(), ours, theirs)
        for text in PATTERNS
        for instant, theirs in zip(instants, reference[text], strict=True)
        if (ours := state_at(text, instant).is_open) is not theirs
    ]
    assert disagreements == []


def test_the_last_summer_minute_of_2027_is_open_around_the_clock():
    last_summer_minute = berlin(2027, 10, 31, 2, 59, fold=0)
    for text in ("24/7", "Mo-Su 00:00-24:00", "Fr-Sa 22:00-03:00"):
        for second in (0, 30, 59):
            assert state_at(text, last_summer_minute + datetime.timedelta(seconds=second)).is_open
