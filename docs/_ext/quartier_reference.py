"""Reference pages generated from the code, so they cannot drift from it.

- ``{settings-table}``: every environment variable that ``quartier/settings/*.py``
  reads through ``env()``/``env_bool()``/``env_int()``/``env_list()``, joined with its
  meaning from ``docs/betrieb/einstellungen.toml``. A variable read without an entry,
  or an entry for a variable nobody reads, is a build warning (an error with ``-W``).
- ``{management-commands}``: the project's own management commands with the help
  text and the arguments their parsers declare.
"""

import ast
import os
import sys
import tomllib
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "quartier" / "settings"
MEANINGS = ROOT / "docs" / "betrieb" / "einstellungen.toml"
ENV_READERS = {"env", "env_bool", "env_int", "env_list"}
OUR_APPS = ("quartier", "directory", "blog", "jobs", "freshness", "reports", "outreach", "search")

logger = logging.getLogger(__name__)


def settings_variables():
    """{name: first file that reads it} for every env() call in the settings."""
    found = {}
    for path in sorted(SETTINGS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ENV_READERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.setdefault(node.args[0].value, path.relative_to(ROOT).as_posix())
    return found


def _table(header, rows):
    table = nodes.table()
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body
    for target, cells in ((head, [header]), (body, rows)):
        for cells_of_row in cells:
            row = nodes.row()
            for cell in cells_of_row:
                entry = nodes.entry()
                entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
                row += entry
            target += row
    return table


def _inline(state, text, lineno):
    """A table cell from Markdown-ish text: `code` spans become literals."""
    paragraph = nodes.paragraph()
    for i, piece in enumerate(text.split("`")):
        if piece:
            paragraph += nodes.literal(text=piece) if i % 2 else nodes.Text(piece)
    return paragraph


class SettingsTable(Directive):
    def run(self):
        read = settings_variables()
        meanings = tomllib.loads(MEANINGS.read_text())
        documented = set()
        rows = []
        for key, entry in meanings.items():
            names = [name.strip() for name in key.split(",")]
            documented.update(names)
            where = entry.get("read_in")
            for name in names:
                if where:
                    if not _mentions(ROOT / where, name):
                        logger.warning("einstellungen.toml: %s is not read in %s", name, where)
                elif name not in read:
                    logger.warning("einstellungen.toml: %s is read by no setting", name)
            rows.append(
                [
                    _inline(self.state, "`" + "`, `".join(names) + "`", self.lineno),
                    _inline(self.state, entry["default"], self.lineno),
                    _inline(self.state, entry["meaning"], self.lineno),
                ]
            )
        for name, path in sorted(read.items()):
            if name not in documented:
                logger.warning(
                    "%s reads %s, which einstellungen.toml does not describe", path, name
                )
        return [_table(["variable", "default", "meaning"], rows)]


def _mentions(path, name):
    files = path.rglob("*.py") if path.is_dir() else [path]
    return any(name in file.read_text(errors="ignore") for file in files)


class ManagementCommands(Directive):
    def run(self):
        _django()
        from django.core.management import get_commands, load_command_class

        sections = []
        for name, app in sorted(get_commands().items()):
            if app.split(".")[0] not in OUR_APPS:
                continue
            command = load_command_class(app, name)
            parser = command.create_parser("manage.py", name)
            section = nodes.section(ids=[f"command-{name}"])
            section += nodes.title(text=name)
            section += nodes.paragraph(text=str(command.help))
            section += nodes.literal_block(text=parser.format_usage().strip())
            options = [
                [", ".join(action.option_strings) or action.dest, str(action.help or "")]
                for action in parser._actions
                if action.dest not in _DJANGO_COMMON and action.help != "==SUPPRESS=="
            ]
            if options:
                section += _table(["argument", "what"], options)
            sections.append(section)
        return sections


_DJANGO_COMMON = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


def setup(app):
    app.add_directive("settings-table", SettingsTable)
    app.add_directive("management-commands", ManagementCommands)
    app.add_directive("owner-guide", OwnerGuide)
    return {"parallel_read_safe": True, "version": "1"}


class OwnerGuide(Directive):
    """``{owner-guide} <language>``: the owners' guide from outreach/owner_guide_data,
    the same text the printed guide uses, with the admin's labels in that language."""

    required_arguments = 1

    def run(self):
        _django()
        from django.utils import translation

        from outreach import owner_guide

        language = self.arguments[0]
        guide = owner_guide.load(language)
        bidi = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
        result = [nodes.raw("", f'<div lang="{language}" dir="{bidi}">', format="html")]
        result.append(nodes.paragraph(text=guide["intro"]))
        for number, task in enumerate(guide["tasks"], start=1):
            section = nodes.section(ids=[f"{language}-{task['id']}"])
            section += nodes.title(text=f"{number}. {task['title']}")
            steps = nodes.enumerated_list()
            for step in task["steps"]:
                item = nodes.list_item()
                item += nodes.paragraph(text=step)
                steps += item
            section += steps
            if task["tip"]:
                section += nodes.note("", nodes.paragraph(text=task["tip"]))
            if task["image"]:
                uri = f"/_static/screenshots/{language}/owner-{task['screenshot']}.png"
                section += nodes.image(uri=uri, alt=task["title"])
            else:
                logger.warning(
                    "owner guide %s: no screenshot %s (make screenshots)",
                    language,
                    task["screenshot"],
                )
            result.append(section)
        result.append(nodes.raw("", "</div>", format="html"))
        return result


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings.dev")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
