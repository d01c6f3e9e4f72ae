"""The owners' guide: one text per language (outreach/owner_guide_data/<code>.json),
shown in the documentation and printed as a PDF from the admin and the command line.

A step may name an admin label as `{ui:msgid}` (or `{ui:msgid|name=msgid}` for a label
with a placeholder): it is translated with the site's own catalogues in the guide's
language, so the guide quotes exactly the words her admin shows. Screenshots are
`static/screenshots/<code>/owner-<name>.png`, written by `make screenshots`."""

import base64
import json
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

DATA_DIR = Path(__file__).resolve().parent / "owner_guide_data"
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "static" / "screenshots"
UI_LABEL = re.compile(r"\{ui:([^}|]+)(?:\|(\w+)=([^}]+))?\}")


def languages():
    """The codes the guide is written in, in the order of LANGUAGES."""
    written = {path.stem for path in DATA_DIR.glob("*.json")}
    return [code for code, _name in settings.LANGUAGES if code in written]


def _label(match):
    msgid, name, value = match.groups()
    text = translation.gettext(msgid)
    if name:
        text = text % {name: translation.gettext(value)}
    return text


def screenshot(language, name):
    """The screenshot's path, or None when `make screenshots` has not written it."""
    path = SCREENSHOT_DIR / language / f"owner-{name}.png"
    return path if path.is_file() else None


def load(language):
    """The guide in `language` with every admin label in that language.

    Raises ValueError for a language the guide is not written in."""
    if language not in languages():
        raise ValueError(f"The owners' guide is not written in {language!r}.")
    guide = json.loads((DATA_DIR / f"{language}.json").read_text(encoding="utf-8"))
    with translation.override(language):
        for task in guide["tasks"]:
            task["steps"] = [UI_LABEL.sub(_label, step) for step in task["steps"]]
            task["tip"] = UI_LABEL.sub(_label, task.get("tip", ""))
            task["image"] = screenshot(language, task["screenshot"])
    return guide


def data_uri(path):
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
